"""Reads for a deputy's phone pages: today's duty, registrations, activities and the year."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta

from django.db.models import Count, Min, Q, QuerySet
from django.db.models.expressions import RawSQL
from django.utils import timezone

from portal.choices import kept_value
from portal.models import User
from representatives.assessment import TrainingAttended, annual_target, trainings_attended
from representatives.models import (
    Activity,
    ActivityType,
    AnnualTarget,
    Deputy,
    DeputyGroup,
    StationAssignment,
)
from stations.models import DutyShift, Station

UPCOMING_DAYS = 14


def deputy_for(user: User) -> Deputy | None:
    """The deputy record this login belongs to, if any (with `user` as its `user`).

    Every page of a deputy's phone reads it first, so it is kept (`kept_value`) until a
    deputy or an area is saved; their phone number is left out of the kept copy (read from
    the database if asked for).
    """
    deputy = kept_value(
        f"deputy-of-user:{user.pk}",
        lambda: Deputy.objects.filter(user=user).select_related("district").defer("phone").first(),
    )
    if deputy is not None:
        deputy.user = user  # the login at hand: reading `deputy.user` costs no query
    return deputy


def duty_shifts_for(deputy: Deputy, *, today: date | None = None) -> list[DutyShift]:
    """Today's and the next two weeks' shifts of the deputy, soonest first."""
    today = today or timezone.localdate()
    return list(
        DutyShift.objects.filter(
            deputy=deputy, date__gte=today, date__lte=today + timedelta(days=UPCOMING_DAYS)
        )
        .select_related("station")
        .order_by("date", "station__name")
    )


def todays_shift_at(user: User, station: Station, *, today: date | None = None) -> DutyShift | None:
    """The signed-in deputy's shift today at `station` (for the QR page's check-in button)."""
    if not user.is_authenticated:
        return None
    return (
        DutyShift.objects.filter(
            deputy__user=user, station=station, date=today or timezone.localdate()
        )
        .select_related("station")
        .first()
    )


def assignments_for(deputy: Deputy) -> QuerySet[StationAssignment]:
    """The deputy's own registrations (双报到): resident station and home community."""
    return (
        StationAssignment.objects.filter(deputy=deputy)
        .select_related("station")
        .order_by("role", "station__name")
    )


def activities_for(user: User) -> QuerySet[Activity]:
    return (
        Activity.objects.for_user(user)
        .select_related("type", "station", "deputy", "district")
        .prefetch_related("photos", "fellow_deputies")
    )


def activity_types() -> QuerySet[ActivityType]:
    return ActivityType.objects.filter(is_active=True)


def fellow_deputy_choices(deputy: Deputy) -> QuerySet[Deputy]:
    """The district's other active deputies (up to a thousand): their ids and names only."""
    deputies = Deputy.objects.active().filter(district_id=deputy.district_id)
    return deputies.exclude(pk=deputy.pk).only("pk", "name")


USUAL_FELLOWS_DAYS = 365
FELLOW_SEARCH_LIMIT = 20
FELLOW_SEARCH_MAX_LENGTH = 40


def _usual_fellows_sql() -> str:
    """The ids of the deputies a deputy works with (see `usual_fellows`). Its parameters:
    the deputy's id three times, the first day counted, the id, the first day again.

    Written as SQL: the same union built with the ORM (eight nested querysets) took 4–5 ms
    of CPU on each load of the activity form, for a query that runs in under one.
    """
    members = DeputyGroup.members.through._meta.db_table
    stations = StationAssignment._meta.db_table
    activities = Activity._meta.db_table
    joined = Activity.fellow_deputies.through._meta.db_table
    return f"""
        SELECT m.deputy_id FROM {members} m JOIN {members} mine
            ON mine.deputygroup_id = m.deputygroup_id AND mine.deputy_id = %s
        UNION SELECT s.deputy_id FROM {stations} s JOIN {stations} mine
            ON mine.station_id = s.station_id AND mine.deputy_id = %s
        UNION SELECT j.deputy_id FROM {joined} j JOIN {activities} a
            ON a.id = j.activity_id AND a.deputy_id = %s AND a.date >= %s
        UNION SELECT a.deputy_id FROM {activities} a JOIN {joined} j
            ON j.activity_id = a.id AND j.deputy_id = %s AND a.date >= %s
    """


def usual_fellows(deputy: Deputy, *, chosen: Iterable[object] = ()) -> list[tuple[int, str]]:
    """The deputies `deputy` works with, as (id, name) by name: the activity form's short list.

    Fellow members of their deputies' groups, deputies registered at their stations, and
    those they logged or joined an activity with in the past year; plus `chosen` (ids
    already ticked, anything not an id ignored), so that a form never drops a choice.
    Pairs, not models: the form needs nothing else, and a hundred model instances were a
    tenth of the form's work.
    """
    since = timezone.localdate() - timedelta(days=USUAL_FELLOWS_DAYS)
    me = deputy.pk
    near = RawSQL(_usual_fellows_sql(), (me, me, me, since, me, since))
    ids = {int(v) for v in chosen if str(v).isdigit()}
    found = fellow_deputy_choices(deputy).filter(Q(pk__in=near) | Q(pk__in=ids))
    return list(found.order_by("name", "pk").values_list("pk", "name"))


def find_fellows(deputy: Deputy, text: str) -> list[Deputy]:
    """Up to 20 of the district's other active deputies whose name contains `text`.

    Each with `station_name`, a station they are registered at, to tell two of one name apart.
    """
    text = text.strip()[:FELLOW_SEARCH_MAX_LENGTH]
    if not text:
        return []
    found = fellow_deputy_choices(deputy).filter(name__contains=text)
    found = found.annotate(station_name=Min("assignments__station__name")).order_by("name", "pk")
    return list(found[:FELLOW_SEARCH_LIMIT])


def station_choices(deputy: Deputy) -> QuerySet[Station]:
    """The district's active stations, the deputy's own first (names only, for the form)."""
    return (
        Station.objects.active()
        .filter(area__district_id=deputy.district_id)
        .only("pk", "name", "area")
        .annotate(mine=Count("assignments", filter=Q(assignments__deputy=deputy)))
        .order_by("-mine", "name")
    )


@dataclass
class YearProgress:
    year: int
    target: AnnualTarget | None
    activities: int
    receptions: int
    trainings: int
    reports: int
    by_type: list[dict]
    trainings_attended: list[TrainingAttended]

    @property
    def report_done(self) -> bool:
        return self.reports > 0


def year_progress(user: User, deputy: Deputy, year: int) -> YearProgress:
    """The deputy's year counted by the database, beside the district's targets (2 queries
    and the kept target)."""
    mine = Activity.objects.for_user(user).of_deputy(deputy).filter(date__year=year)
    # Counted by type: a type counts towards one item at most (`counts_as`), so the items'
    # totals are sums of its rows, and one query gives both.
    by_type = list(
        mine.values("type__name", "type__counts_as")
        .annotate(count=Count("pk"))
        .order_by("-count", "type__name")
    )

    def total(counts_as: str) -> int:
        return sum(row["count"] for row in by_type if row["type__counts_as"] == counts_as)

    target = annual_target(deputy.district_id, year)
    return YearProgress(
        year=year,
        target=target,
        activities=sum(row["count"] for row in by_type),
        receptions=total(ActivityType.Counts.RECEPTION),
        trainings=total(ActivityType.Counts.TRAINING),
        reports=total(ActivityType.Counts.REPORT),
        by_type=by_type,
        trainings_attended=trainings_attended(mine),
    )
