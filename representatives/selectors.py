"""Reads about deputies that encode rules: what the public sees."""

from django.db.models import Case, Prefetch, Value, When

from representatives.models import Deputy, Level, Mandate, StationAssignment

# National first, township last: the order of Level, not the alphabet of its codes.
LEVEL_ORDER = Case(*(When(level=code, then=Value(i)) for i, code in enumerate(Level.values)))


def public_deputy(code: str) -> Deputy:
    """An active deputy by public code, with mandates and the stations where they receive.

    Only resident stations are listed: a home-community registration (双报到) would tell
    the public where the deputy lives.
    """
    stations = StationAssignment.objects.filter(
        role=StationAssignment.Role.RESIDENT, station__is_active=True
    ).select_related("station__area__parent")
    return (
        Deputy.objects.active()
        .select_related("district")
        .prefetch_related(
            Prefetch("mandates", queryset=Mandate.objects.order_by(LEVEL_ORDER)),
            Prefetch("assignments", queryset=stations, to_attr="resident_stations"),
        )
        .get(code=code.upper())
    )
