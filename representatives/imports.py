"""Importing deputies from an .xlsx sheet: every row checked first, then all created or none."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.utils.translation import gettext

from portal.models import User
from portal.personal_data import mobile_validator
from portal.xlsx import (
    DistrictResolver,
    ImportCheck,
    RowCheck,
    Sheet,
    SheetRow,
    UniqueNames,
    choice_lookup,
    import_rows,
    keyed_rows,
    normalise_header,
    sheet_errors,
    split_list,
)
from representatives.exports import DEPUTY_COLUMNS
from representatives.models import Deputy, Level, Mandate, Sector, Specialty

# The columns read back: the export's, less the lists kept elsewhere (groups, stations).
IMPORT_KEYS = (
    "name",
    "district",
    "phone",
    "levels",
    "sector",
    "specialties",
    "is_party_member",
    "is_active",
)
IMPORT_COLUMNS = [column for column in DEPUTY_COLUMNS if column.key in IMPORT_KEYS]
REQUIRED_KEYS = ("name",)
# Titles staff write by hand, besides the export's own headers (in Chinese or English).
ALIASES = {
    "name": ["姓名", "代表姓名"],
    "district": ["所属区", "区", "区市", "区（市）", "district"],
    "phone": ["手机号", "手机号码", "手机", "电话"],
    "levels": ["层级", "代表层级", "levels"],
    "sector": ["界别", "sector"],
    "specialties": ["专长", "代表专长", "specialties"],
    "is_party_member": ["党员", "是否党员", "党员代表"],
    "is_active": ["是否在任", "在任", "active"],
}
COLUMN_TITLES = {column.key: column.header for column in DEPUTY_COLUMNS}


@dataclass
class DeputyDraft:
    """A checked row: the unsaved deputy with its levels and specialties."""

    deputy: Deputy
    levels: list[str] = field(default_factory=list)
    specialties: list[Specialty] = field(default_factory=list)


def deputy_sheet_rows(sheet: Sheet) -> list[SheetRow]:
    """The sheet's rows keyed by column key; unknown columns ignored."""
    return keyed_rows(sheet, IMPORT_COLUMNS, ALIASES)


def deputy_import_check(rows: list[SheetRow], *, user: User) -> ImportCheck:
    """Check every row (nothing is written): the preview."""
    check, _drafts = _check(rows, user)
    return check


def deputy_import(rows: list[SheetRow], *, user: User) -> ImportCheck:
    """Check every row again and, if none has an error, create them all in one transaction."""
    return import_rows(rows, user=user, check=_check, save=_save)


def _save(draft: DeputyDraft) -> None:
    draft.deputy.save()
    Mandate.objects.bulk_create(Mandate(deputy=draft.deputy, level=level) for level in draft.levels)
    if draft.specialties:
        draft.deputy.specialties.set(draft.specialties)


def _check(rows: list[SheetRow], user: User) -> tuple[ImportCheck, list[DeputyDraft]]:
    check = ImportCheck(rows=rows, errors=sheet_errors(rows, REQUIRED_KEYS, COLUMN_TITLES))
    if check.errors:
        return check, []
    districts = DistrictResolver(user)
    levels = choice_lookup(Level.choices)
    sectors = choice_lookup(Sector.choices)
    specialties = {normalise_header(s.name): s for s in Specialty.objects.all()}
    # Names already taken, per district: one query, not one per row.
    names = UniqueNames(
        Deputy.objects.filter(district__in=list(districts.by_name.values()))
        .values_list("district_id", "name")
        .order_by(),
        exists=gettext("A deputy of this name already exists in the district."),
        repeated=gettext("The same deputy is already on row %(row)d."),
    )
    drafts: list[DeputyDraft] = []
    for row in rows:
        row_check = RowCheck(row, COLUMN_TITLES)
        error = row_check.error
        values = row.values
        row_check.required(REQUIRED_KEYS)
        district = row_check.district(districts)
        name = values.get("name", "")
        names.check(row_check, district, name)
        phone = values.get("phone", "")
        if "*" in phone:
            # A masked number from an export: the full one is not in the file, so keep none.
            phone = ""
        if phone:
            try:
                mobile_validator(phone)
            except ValidationError as invalid:
                error("phone", " ".join(invalid.messages))
        draft_levels = []
        for text in split_list(values.get("levels", "")):
            level = levels.get(normalise_header(text))
            if level is None:
                error("levels", gettext("Unknown level: %(value)s.") % {"value": text})
            elif level not in draft_levels:
                draft_levels.append(level)
        sector = ""
        if values.get("sector"):
            sector = sectors.get(normalise_header(values["sector"]))
            if sector is None:
                error("sector", gettext("Unknown sector: %(value)s.") % {"value": values["sector"]})
                sector = ""
        draft_specialties = []
        for text in split_list(values.get("specialties", "")):
            specialty = specialties.get(normalise_header(text))
            if specialty is None:
                error(
                    "specialties",
                    gettext("No such specialty: %(value)s. Add it to the list first.")
                    % {"value": text},
                )
            else:
                draft_specialties.append(specialty)
        flags = row_check.flags((("is_party_member", False), ("is_active", True)))
        deputy = Deputy(
            name=name,
            district=district,
            phone=phone,
            sector=sector,
            is_party_member=flags["is_party_member"],
            is_active=flags["is_active"],
        )
        if not row_check.errors:
            # The model's own checks (lengths, choices); uniqueness is checked above.
            try:
                deputy.full_clean(exclude=["code", "user"], validate_unique=False)
            except ValidationError as invalid:
                for field_name, messages in invalid.message_dict.items():
                    key = field_name if field_name in COLUMN_TITLES else "name"
                    error(key, " ".join(messages))
        check.errors.extend(row_check.errors)
        drafts.append(DeputyDraft(deputy, draft_levels, draft_specialties))
    return check, drafts
