"""Reads about stations that encode rules: what the public sees."""

from django.db.models import Count, OuterRef, Prefetch, QuerySet, Subquery, Value
from django.db.models.functions import Coalesce

from portal.models import Area
from representatives.models import StationAssignment
from stations.models import Station


def public_districts() -> QuerySet[Area]:
    """Districts with the number of their active stations, in the report's order."""
    counts = (
        Station.objects.active()
        .filter(area__district=OuterRef("pk"))
        .order_by()
        .values("area__district")
        .annotate(total=Count("pk"))
        .values("total")
    )
    return Area.objects.districts().annotate(station_count=Coalesce(Subquery(counts), Value(0)))


def public_stations(district: Area) -> QuerySet[Station]:
    return (
        Station.objects.active()
        .in_district(district.pk)
        .select_related("area__parent", "focus")
        .order_by("area__parent__sort_order", "area__sort_order", "kind", "name")
    )


def public_stations_by_subdistrict(district: Area) -> list[tuple[Area, list[Station]]]:
    """The district's active stations grouped under their subdistrict/town, in display order."""
    groups: dict[int, tuple[Area, list[Station]]] = {}
    for station in public_stations(district):
        subdistrict = station.subdistrict
        groups.setdefault(subdistrict.pk, (subdistrict, []))[1].append(station)
    return sorted(groups.values(), key=lambda group: (group[0].sort_order, group[0].name))


def public_station(code: str) -> Station:
    """An active station by its public code, with its resident deputies (no personal data)."""
    residents = StationAssignment.objects.filter(
        role=StationAssignment.Role.RESIDENT, deputy__is_active=True
    ).select_related("deputy")
    return (
        Station.objects.active()
        .select_related("area__parent", "area__district", "focus")
        .prefetch_related(Prefetch("assignments", queryset=residents, to_attr="residents"))
        .get(code=code.upper())
    )
