"""Deputies and the duty ledger (履职台账) as .xlsx: columns and queryset → rows reading."""

from __future__ import annotations

from collections.abc import Iterator
from itertools import islice
from typing import Any

from django.db.models import Prefetch, QuerySet
from django.http import HttpResponse
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from portal.models import User
from portal.personal_data import mask_phone
from portal.xlsx import Column, xlsx_response
from representatives.models import Activity, Deputy, Level, Mandate, Sector, StationAssignment
from representatives.selectors import LEVEL_ORDER

CHUNK = 500

# The deputy columns are also the import's (representatives.imports): a file exported here
# can be read back unchanged. Groups and stations are for reading only.
DEPUTY_COLUMNS = [
    Column("name", _("Name"), 10),
    Column("district", _("District it belongs to"), 10),
    Column("levels", _("Congress levels"), 22),
    Column("sector", _("Sector (界别)"), 18),
    Column("specialties", _("Specialties"), 18),
    Column("is_party_member", _("Party member"), 8, "bool"),
    Column("groups", _("Deputies' groups"), 22),
    Column("stations", _("Stations (resident)"), 28),
    Column("phone", _("Mobile phone (masked)"), 14),
    Column("is_active", _("In office"), 8, "bool"),
]

ACTIVITY_COLUMNS = [
    Column("date", _("Date"), 11, "date"),
    Column("district", _("District"), 10),
    Column("type", _("Activity type"), 14),
    Column("deputy", _("Deputy"), 10),
    Column("venue", _("Station or place"), 28),
    Column("participants", _("Participants (人次)"), 10, "number"),
    Column("households", _("Households served"), 10, "number"),
    Column("fellow_deputies", _("Fellow deputies"), 22),
    Column("summary", _("Summary"), 50),
]

LEVEL_LABELS = dict(Level.choices)
SECTOR_LABELS = dict(Sector.choices)
LIST_JOIN = "、"


def deputy_rows(queryset: QuerySet[Deputy]) -> Iterator[dict[str, Any]]:
    """One dict per deputy; the lists are prefetched per chunk, so queries do not grow per row.

    Only resident stations are listed: a home-community registration (双报到) says where the
    deputy lives, which a spreadsheet passed around should not. The phone is always masked.
    """
    resident = StationAssignment.objects.filter(
        role=StationAssignment.Role.RESIDENT
    ).select_related("station")
    # Our own prefetches replace the caller's (the admin's changelist prefetches mandates).
    queryset = (
        queryset.select_related("district")
        .prefetch_related(None)
        .prefetch_related(
            Prefetch("mandates", queryset=Mandate.objects.order_by(LEVEL_ORDER)),
            "specialties",
            "deputy_groups",
            Prefetch("assignments", queryset=resident, to_attr="resident_assignments"),
        )
    )
    for deputy in queryset.iterator(chunk_size=CHUNK):
        yield {
            "name": deputy.name,
            "district": deputy.district.name,
            "levels": LIST_JOIN.join(str(LEVEL_LABELS[m.level]) for m in deputy.mandates.all()),
            "sector": str(SECTOR_LABELS.get(deputy.sector, "")),
            "specialties": LIST_JOIN.join(s.name for s in deputy.specialties.all()),
            "is_party_member": deputy.is_party_member,
            "groups": LIST_JOIN.join(g.name for g in deputy.deputy_groups.all()),
            "stations": LIST_JOIN.join(a.station.name for a in deputy.resident_assignments),
            "phone": mask_phone(deputy.phone),
            "is_active": deputy.is_active,
        }


def deputy_export(queryset: QuerySet[Deputy], *, user: User) -> HttpResponse:
    """The deputies of `queryset` within `user`'s scope, as an .xlsx download."""
    return xlsx_response(
        DEPUTY_COLUMNS,
        deputy_rows(queryset.for_user(user)),
        filename=gettext("deputies"),
        title=gettext("Deputies"),
    )


ACTIVITY_ROW_FIELDS = (
    "pk",
    "date",
    "district__name",
    "type__name",
    "deputy__name",
    "station__name",
    "place",
    "participants",
    "households",
    "summary",
)


def activity_rows(queryset: QuerySet[Activity]) -> Iterator[dict[str, Any]]:
    """One dict per ledger entry, read as values; the fellow deputies' names a chunk at a time.

    A district's whole ledger is some 24,000 entries at the benchmark's scale: model
    instances and a prefetch's queryset for each would cost more than the spreadsheet.
    """
    values = queryset.prefetch_related(None).values_list(*ACTIVITY_ROW_FIELDS)
    entries = values.iterator(chunk_size=CHUNK)
    while chunk := list(islice(entries, CHUNK)):
        fellows = _fellow_names([entry[0] for entry in chunk])
        for values in chunk:
            entry = dict(zip(ACTIVITY_ROW_FIELDS, values, strict=True))
            yield {
                "date": entry["date"],
                "district": entry["district__name"],
                "type": entry["type__name"],
                "deputy": entry["deputy__name"],
                "venue": Activity.venue_from(entry["station__name"], entry["place"]),
                "participants": entry["participants"],
                "households": entry["households"],
                "fellow_deputies": LIST_JOIN.join(fellows.get(entry["pk"], ())),
                "summary": entry["summary"],
            }


def _fellow_names(activity_ids: list[int]) -> dict[int, list[str]]:
    """Each activity's fellow deputies' names, in the deputies' own order."""
    through = Activity.fellow_deputies.through.objects.filter(activity_id__in=activity_ids)
    order = [
        f"-deputy__{field[1:]}" if field.startswith("-") else f"deputy__{field}"
        for field in Deputy._meta.ordering
    ]
    names: dict[int, list[str]] = {}
    for activity_id, name in through.order_by(*order).values_list("activity_id", "deputy__name"):
        names.setdefault(activity_id, []).append(name)
    return names


def activity_export(queryset: QuerySet[Activity], *, user: User) -> HttpResponse:
    """The ledger entries of `queryset` within `user`'s scope, as an .xlsx download."""
    return xlsx_response(
        ACTIVITY_COLUMNS,
        activity_rows(queryset.for_user(user)),
        filename=gettext("duty-ledger"),
        title=gettext("Duty ledger (履职台账)"),
    )
