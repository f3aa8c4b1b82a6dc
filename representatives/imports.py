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
    RowError,
    Sheet,
    SheetRow,
    choice_lookup,
    import_rows,
    keyed_rows,
    missing_columns,
    normalise_header,
    parse_yes_no,
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
    check = ImportCheck(rows=rows)
    if not rows:
        check.errors.append(RowError(0, "", gettext("The sheet has no rows to import.")))
        return check, []
    check.errors.extend(missing_columns(rows, REQUIRED_KEYS, COLUMN_TITLES))
    if check.errors:
        # Without its columns every row would repeat the same error.
        return check, []
    districts = DistrictResolver(user)
    levels = choice_lookup(Level.choices)
    sectors = choice_lookup(Sector.choices)
    specialties = {normalise_header(s.name): s for s in Specialty.objects.all()}
    # Names already taken, per district: one query, not one per row.
    taken = set(
        Deputy.objects.filter(district__in=list(districts.by_name.values()))
        .values_list("district_id", "name")
        .order_by()
    )
    seen: dict[tuple[int, str], int] = {}
    drafts: list[DeputyDraft] = []
    for row in rows:
        errors: list[RowError] = []

        def error(key: str, message: str, row: SheetRow = row, errors: list = errors) -> None:
            errors.append(RowError(row.number, str(COLUMN_TITLES[key]), message))

        values = row.values
        for key in REQUIRED_KEYS:
            if not values.get(key):
                error(key, gettext("This column is required."))
        district, problem = districts.resolve(values.get("district", ""))
        if problem:
            error("district", problem)
        name = values.get("name", "")
        if district is not None and name:
            if (district.pk, name) in taken:
                error("name", gettext("A deputy of this name already exists in the district."))
            elif (district.pk, name) in seen:
                error(
                    "name",
                    gettext("The same deputy is already on row %(row)d.")
                    % {"row": seen[(district.pk, name)]},
                )
            else:
                seen[(district.pk, name)] = row.number
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
        flags = {}
        for key, default in (("is_party_member", False), ("is_active", True)):
            text = values.get(key, "")
            flags[key] = default if not text else parse_yes_no(text)
            if flags[key] is None:
                error(key, gettext("Write 是 or 否."))
                flags[key] = default
        deputy = Deputy(
            name=name,
            district=district,
            phone=phone,
            sector=sector,
            is_party_member=flags["is_party_member"],
            is_active=flags["is_active"],
        )
        if not errors:
            # The model's own checks (lengths, choices); uniqueness is checked above.
            try:
                deputy.full_clean(exclude=["code", "user"], validate_unique=False)
            except ValidationError as invalid:
                for field_name, messages in invalid.message_dict.items():
                    key = field_name if field_name in COLUMN_TITLES else "name"
                    error(key, " ".join(messages))
        check.errors.extend(errors)
        drafts.append(DeputyDraft(deputy, draft_levels, draft_specialties))
    return check, drafts
