"""Importing stations from an .xlsx sheet: every row checked first, then all created or none."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.utils.translation import gettext

from portal.models import Area, User
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
)
from stations.exports import AREA_SEPARATOR, STATION_COLUMNS
from stations.models import BUILD_ITEMS, Station

# The export's columns, less the score (derived from the six items).
IMPORT_COLUMNS = [column for column in STATION_COLUMNS if column.key != "build_score"]
REQUIRED_KEYS = ("name", "kind", "area", "address")
ALIASES = {
    "name": ["名称", "站点名称", "家站点名称"],
    "kind": ["类型", "站点类型"],
    "district": ["所属区", "区", "区市", "区（市）", "district"],
    "area": ["街道/社区", "街道", "社区", "所在街道/社区"],
    "address": ["地址"],
    "is_active": ["是否启用", "启用", "active"],
    # 六有 items by their short names, as ledgers on paper list them.
    "has_site": ["有场所"],
    "has_public_info": ["有公示"],
    "has_rules": ["有制度"],
    "has_plan": ["有计划"],
    "has_ledger": ["有台账"],
    "has_facilities": ["有设施"],
}
COLUMN_TITLES = {column.key: column.header for column in STATION_COLUMNS}


def station_sheet_rows(sheet: Sheet) -> list[SheetRow]:
    """The sheet's rows keyed by column key; unknown columns ignored."""
    return keyed_rows(sheet, IMPORT_COLUMNS, ALIASES)


def station_import_check(rows: list[SheetRow], *, user: User) -> ImportCheck:
    """Check every row (nothing is written): the preview."""
    check, _drafts = _check(rows, user)
    return check


def station_import(rows: list[SheetRow], *, user: User) -> ImportCheck:
    """Check every row again and, if none has an error, create them all in one transaction."""
    return import_rows(rows, user=user, check=_check, save=Station.save)


class AreaFinder:
    """Subdistricts and communities of the user's districts, found by name or 街道·社区."""

    def __init__(self, district_ids: list[int]) -> None:
        self.by_name: dict[tuple[int, str], list[Area]] = {}
        self.by_path: dict[tuple[int, str, str], Area] = {}
        areas = (
            Area.objects.filter(district__in=district_ids)
            .exclude(level=Area.Level.DISTRICT)
            .select_related("parent")
            .order_by()
        )
        for area in areas:
            name = normalise_header(area.name)
            self.by_name.setdefault((area.district_id, name), []).append(area)
            if area.level == Area.Level.COMMUNITY:
                self.by_path[(area.district_id, normalise_header(area.parent.name), name)] = area

    def find(self, district: Area, text: str) -> tuple[Area | None, str | None]:
        parts = [part for part in text.replace("/", AREA_SEPARATOR).split(AREA_SEPARATOR) if part]
        if len(parts) == 2:
            parent, name = (normalise_header(part) for part in parts)
            area = self.by_path.get((district.pk, parent, name))
            if area is not None:
                return area, None
        elif len(parts) == 1:
            found = self.by_name.get((district.pk, normalise_header(parts[0])), [])
            if len(found) == 1:
                return found[0], None
            if len(found) > 1:
                return None, gettext(
                    "Several areas have this name: write 街道·社区 (subdistrict·community)."
                )
        return None, gettext("No such subdistrict or community in %(district)s: %(name)s.") % {
            "district": district.name,
            "name": text,
        }


def _check(rows: list[SheetRow], user: User) -> tuple[ImportCheck, list[Station]]:
    check = ImportCheck(rows=rows, errors=sheet_errors(rows, REQUIRED_KEYS, COLUMN_TITLES))
    if check.errors:
        return check, []
    districts = DistrictResolver(user)
    district_ids = [d.pk for d in districts.by_name.values()]
    areas = AreaFinder(district_ids)
    kinds = choice_lookup(Station.Kind.choices)
    # Names already taken, per district: one query, not one per row.
    names = UniqueNames(
        Station.objects.filter(area__district__in=district_ids)
        .values_list("area__district_id", "name")
        .order_by(),
        exists=gettext("A station of this name already exists in the district."),
        repeated=gettext("The same station is already on row %(row)d."),
    )
    drafts: list[Station] = []
    for row in rows:
        row_check = RowCheck(row, COLUMN_TITLES)
        error = row_check.error
        values = row.values
        row_check.required(REQUIRED_KEYS)
        district = row_check.district(districts)
        area = None
        if district is not None and values.get("area"):
            area, problem = areas.find(district, values["area"])
            if problem:
                error("area", problem)
        name = values.get("name", "")
        names.check(row_check, district, name)
        kind = ""
        if values.get("kind"):
            kind = kinds.get(normalise_header(values["kind"]), "")
            if not kind:
                error("kind", gettext("Unknown kind: %(value)s.") % {"value": values["kind"]})
        flags = row_check.flags([*((item, False) for item in BUILD_ITEMS), ("is_active", True)])
        station = Station(
            name=name, kind=kind, area=area, address=values.get("address", ""), **flags
        )
        if not row_check.errors:
            # The model's own checks (lengths, a district is not an area); names checked above.
            try:
                station.full_clean(exclude=["code"], validate_unique=False)
            except ValidationError as invalid:
                for field_name, messages in invalid.message_dict.items():
                    key = field_name if field_name in COLUMN_TITLES else "name"
                    error(key, " ".join(messages))
        check.errors.extend(row_check.errors)
        drafts.append(station)
    return check, drafts
