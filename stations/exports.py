"""Stations (家站点) with their 六有 checklist as .xlsx: columns and queryset → rows reading."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from django.db.models import QuerySet
from django.http import HttpResponse
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from portal.models import Area, User
from portal.xlsx import Column, xlsx_response
from stations.models import BUILD_ITEMS, BuildItem, Station

# Also the import's columns (stations.imports): an exported file reads back unchanged.
BUILD_COLUMNS = [Column(item.value, item.label, 12, "bool") for item in BuildItem]
STATION_COLUMNS = [
    Column("name", _("Station name"), 28),
    Column("kind", _("Station kind"), 24),
    Column("district", _("District it belongs to"), 10),
    Column("area", _("Subdistrict / community"), 24),
    Column("address", _("Address"), 30),
    *BUILD_COLUMNS,
    Column("build_score", _("六有 score"), 8, "number"),
    Column("is_active", _("Station in use"), 8, "bool"),
]

KIND_LABELS = dict(Station.Kind.choices)
# Written between a subdistrict and its community, and split on again by the import.
AREA_SEPARATOR = "·"


def area_path(area: Area) -> str:
    """八大关街道 for a subdistrict, 八大关街道·太平角社区 for a community (no district name)."""
    if area.level == Area.Level.COMMUNITY and area.parent_id:
        return f"{area.parent.name}{AREA_SEPARATOR}{area.name}"
    return area.name


def station_rows(queryset: QuerySet[Station]) -> Iterator[dict[str, Any]]:
    """One dict per station, area and district fetched with the row, score by the database."""
    queryset = queryset.select_related("area__parent", "area__district")
    if "build_score_db" not in queryset.query.annotations:
        queryset = queryset.with_build_score()
    for station in queryset.iterator(chunk_size=500):
        yield {
            "name": station.name,
            "kind": str(KIND_LABELS.get(station.kind, station.kind)),
            "district": station.area.district.name if station.area.district_id else "",
            "area": area_path(station.area),
            "address": station.address,
            **{item: getattr(station, item) for item in BUILD_ITEMS},
            "build_score": station.build_score_db,
            "is_active": station.is_active,
        }


def station_export(queryset: QuerySet[Station], *, user: User) -> HttpResponse:
    """The stations of `queryset` within `user`'s scope, as an .xlsx download."""
    return xlsx_response(
        STATION_COLUMNS,
        station_rows(queryset.for_user(user)),
        filename=gettext("stations"),
        title=gettext("Stations"),
    )
