"""Selectors of the statistics dashboard (统计) and the activity ledger (履职台账): reads only.

Every figure is computed by the database (aggregates with `filter=`, grouped counts) over
querysets narrowed by `for_user` first; a figure never loads the rows it counts. Each figure
carries the URL of the list behind it, built from the same scope and period, so the number a
user clicks is the number of rows the list shows.
"""

from __future__ import annotations

import calendar
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import NamedTuple
from urllib.parse import urlencode

from django.core.paginator import Page, Paginator
from django.db.models import (
    Case,
    Count,
    DurationField,
    ExpressionWrapper,
    F,
    Q,
    QuerySet,
    Sum,
    When,
)
from django.db.models.functions import TruncMonth
from django.http import Http404, QueryDict
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _

from issues.filters import STATE_ORDER, start_of_day
from issues.models import (
    ANSWERED_ON_TIME,
    ANSWERED_WITH_DEADLINE,
    OPEN_STATES,
    Issue,
    Source,
    State,
    ever_transferred_q,
)
from portal.choices import kept_totals
from portal.figures import cached_figures
from portal.links import links_to
from portal.models import Area, User
from portal.params import parse_id, parse_year
from portal.roles import Role
from representatives.filters import ActivityFilterSet
from representatives.models import Activity, ActivityType, Deputy, StationAssignment
from stations.models import BUILD_ITEMS, DutyShift, Station, specialised_home_q

# ----- periods ---------------------------------------------------------------------------------

PERIOD_KINDS = ("month", "quarter", "year", "custom")
PERIOD_LABELS = {
    "month": _("Month"),
    "quarter": _("Quarter"),
    "year": _("Year"),
    "custom": _("Custom dates"),
}


class PeriodError(ValueError):
    """The period parameters could not be read; the caller falls back to the default."""


@dataclass(frozen=True)
class Period:
    """A span of days, both ends included: issues count by submission, activities by date."""

    kind: str
    start: date
    end: date

    @property
    def label(self) -> str:
        if self.kind == "year":
            return str(self.start.year)
        if self.kind == "quarter":
            return f"{self.start.year} Q{(self.start.month - 1) // 3 + 1}"
        if self.kind == "month":
            return f"{self.start:%Y-%m}"
        return f"{self.start:%Y-%m-%d} – {self.end:%Y-%m-%d}"

    def params(self) -> dict[str, str]:
        """The GET parameters that select this period again (kept in drill-down links)."""
        if self.kind == "year":
            return {"period": "year", "year": str(self.start.year)}
        if self.kind == "quarter":
            quarter = (self.start.month - 1) // 3 + 1
            return {"period": "quarter", "year": str(self.start.year), "quarter": str(quarter)}
        if self.kind == "month":
            return {"period": "month", "month": f"{self.start:%Y-%m}"}
        return {"period": "custom", "from": self.start.isoformat(), "to": self.end.isoformat()}

    def months(self) -> list[date]:
        """The first day of each month the period touches, in order."""
        months, month = [], self.start.replace(day=1)
        while month <= self.end:
            months.append(month)
            month = _add_months(month, 1)
        return months


def _add_months(day: date, count: int) -> date:
    month = day.month - 1 + count
    return date(day.year + month // 12, month % 12 + 1, 1)


def _month_end(first: date) -> date:
    return first.replace(day=calendar.monthrange(first.year, first.month)[1])


def default_period(today: date) -> Period:
    """The current calendar year."""
    return Period("year", date(today.year, 1, 1), date(today.year, 12, 31))


def _year(value: str) -> int:
    year = parse_year(value)
    if year is None:
        raise PeriodError(value)
    return year


def _day(value: str) -> date:
    try:
        day = date.fromisoformat(value)
    except ValueError as error:
        raise PeriodError(value) from error
    _year(str(day.year))
    return day


def parse_period(params: Mapping[str, str], today: date) -> Period:
    """Read `period` (month|quarter|year|custom) and its values; raise PeriodError if unreadable.

    month=YYYY-MM; year=YYYY with quarter=1..4; year=YYYY; custom from=YYYY-MM-DD and
    to=YYYY-MM-DD (to defaults to today). A missing value means the current one.
    """
    kind = (params.get("period") or "year").strip()
    if kind not in PERIOD_KINDS:
        raise PeriodError(kind)
    if kind == "year":
        year = _year(params.get("year") or str(today.year))
        return Period("year", date(year, 1, 1), date(year, 12, 31))
    if kind == "quarter":
        year = _year(params.get("year") or str(today.year))
        quarter = params.get("quarter") or str((today.month - 1) // 3 + 1)
        if quarter not in ("1", "2", "3", "4"):
            raise PeriodError(quarter)
        first = date(year, 3 * int(quarter) - 2, 1)
        return Period("quarter", first, _month_end(_add_months(first, 2)))
    if kind == "month":
        value = params.get("month") or f"{today:%Y-%m}"
        first = _day(f"{value}-01") if len(value) == 7 else None
        if first is None:
            raise PeriodError(value)
        return Period("month", first, _month_end(first))
    start = _day(params.get("from") or "")
    end = _day(params["to"]) if params.get("to") else today
    if end < start:
        raise PeriodError(f"{start} > {end}")
    return Period("custom", start, end)


def period_or_default(params: Mapping[str, str], today: date) -> tuple[Period, bool]:
    """The requested period, or the default one and True when the request could not be read."""
    try:
        return parse_period(params, today), False
    except PeriodError:
        return default_period(today), True


# ----- scope: who looks at which part of the tree -------------------------------------------


def _id(params: Mapping[str, str], name: str) -> int | None:
    value = (params.get(name) or "").strip()
    if not value:
        return None
    pk = parse_id(value)
    if pk is None:
        raise Http404(name)
    return pk


@dataclass
class Scope:
    """The part of the area tree a dashboard shows: all, a district, a subdistrict, a station,
    a deputy (optionally at one station). Built by `resolve_scope`, so always within reach."""

    user: User
    district: Area | None = None
    subdistrict: Area | None = None
    station: Station | None = None
    deputy: Deputy | None = None

    @property
    def level(self) -> str:
        if self.deputy:
            return "deputy"
        if self.station:
            return "station"
        if self.subdistrict:
            return "subdistrict"
        if self.district:
            return "district"
        return "all"

    def params(self) -> dict[str, str]:
        """Drill-down parameters of the dashboard and, by the same names, of both lists."""
        params = {}
        if self.district and self.user.is_superuser:
            params["district"] = str(self.district.pk)
        if self.subdistrict and not self.station:
            params["subdistrict"] = str(self.subdistrict.pk)
        if self.station:
            params["station"] = str(self.station.pk)
        if self.deputy:
            params["deputy"] = str(self.deputy.pk)
        return params

    def narrow(self, queryset: QuerySet, *, district: str, station: str, area: str) -> QuerySet:
        """Filter `queryset` to the scope; the arguments name the lookups on its model."""
        if self.district:
            queryset = queryset.filter(**{district: self.district.pk})
        if self.subdistrict and not self.station:
            # A station sits on a subdistrict itself or on one of its communities.
            queryset = queryset.filter(
                Q(**{area: self.subdistrict.pk}) | Q(**{f"{area}__parent": self.subdistrict.pk})
            )
        if self.station:
            queryset = queryset.filter(**{station: self.station.pk})
        return queryset

    def issues(self) -> QuerySet[Issue]:
        # Blocklisted submissions are kept out, as the issue list keeps them out by default.
        queryset = Issue.objects.for_user(self.user).in_work_queue()
        queryset = self.narrow(
            queryset, district="district", station="station", area="station__area"
        )
        return queryset.filter(deputy=self.deputy.pk) if self.deputy else queryset

    def activities(self) -> QuerySet[Activity]:
        queryset = Activity.objects.for_user(self.user)
        queryset = self.narrow(
            queryset, district="district", station="station", area="station__area"
        )
        return queryset.filter(deputy=self.deputy.pk) if self.deputy else queryset

    def stations(self) -> QuerySet[Station]:
        queryset = Station.objects.for_user(self.user).active()
        queryset = self.narrow(queryset, district="area__district", station="pk", area="area")
        if self.deputy and not self.station:
            registered = StationAssignment.objects.filter(deputy=self.deputy.pk)
            queryset = queryset.filter(pk__in=registered.values("station"))
        return queryset

    def duty_shifts(self) -> QuerySet[DutyShift]:
        queryset = DutyShift.objects.for_user(self.user)
        queryset = self.narrow(
            queryset, district="station__area__district", station="station", area="station__area"
        )
        return queryset.filter(deputy=self.deputy.pk) if self.deputy else queryset


def resolve_scope(user: User, params: Mapping[str, str]) -> Scope:
    """The scope the GET parameters ask for; Http404 for any id outside the user's reach.

    A superuser may pick any district (or none: all); district staff see their own district,
    and naming another is a 404, as is a subdistrict, station or deputy of another district.
    """
    district_id = _id(params, "district")
    if user.is_superuser:
        district = _get(Area.objects.districts(), district_id) if district_id is not None else None
    else:
        if user.district_id is None or district_id not in (None, user.district_id):
            raise Http404("district")
        district = Area.objects.get(pk=user.district_id)
    scope = Scope(user=user, district=district)

    station_id = _id(params, "station")
    if station_id is not None:
        station = _get(
            Station.objects.for_user(user).select_related("area__parent", "area__district"),
            station_id,
        )
        _same_district(scope, station.area.district)
        scope.station, scope.subdistrict = station, station.subdistrict

    subdistrict_id = _id(params, "subdistrict")
    if subdistrict_id is not None:
        areas = Area.objects.for_user(user).filter(level=Area.Level.SUBDISTRICT)
        subdistrict = _get(areas.select_related("district"), subdistrict_id)
        if scope.station and scope.subdistrict.pk != subdistrict.pk:
            raise Http404("subdistrict")
        _same_district(scope, subdistrict.district)
        scope.subdistrict = subdistrict

    deputy_id = _id(params, "deputy")
    if deputy_id is not None:
        deputy = _get(Deputy.objects.for_user(user).select_related("district"), deputy_id)
        _same_district(scope, deputy.district)
        scope.deputy = deputy
    return scope


def _get(queryset: QuerySet, pk: int):
    try:
        return queryset.get(pk=pk)
    except queryset.model.DoesNotExist as error:
        raise Http404(queryset.model._meta.model_name) from error


def _same_district(scope: Scope, district: Area) -> None:
    if scope.district is None:
        scope.district = district
    elif scope.district.pk != district.pk:
        raise Http404("district")


def breadcrumbs(scope: Scope, period: Period) -> list[tuple[str, str]]:
    """(label, dashboard URL) from the top down to the scope itself."""
    user, crumbs = scope.user, []
    if user.is_superuser:
        crumbs.append((str(_("All districts")), dashboard_url({}, period)))
    if scope.district:
        crumbs.append(
            (scope.district.name, dashboard_url(Scope(user, scope.district).params(), period))
        )
    if scope.subdistrict:
        sub = Scope(user, scope.district, scope.subdistrict)
        crumbs.append((scope.subdistrict.name, dashboard_url(sub.params(), period)))
    if scope.station:
        here = Scope(user, scope.district, scope.subdistrict, scope.station)
        crumbs.append((scope.station.name, dashboard_url(here.params(), period)))
    if scope.deputy:
        crumbs.append((scope.deputy.name, dashboard_url(scope.params(), period)))
    return crumbs


# ----- links: every figure opens the list behind it ----------------------------------------


def _url(path: str, params: Mapping[str, str | list[str]]) -> str:
    query = urlencode({k: v for k, v in params.items() if v not in (None, "")}, doseq=True)
    return f"{path}?{query}" if query else path


def dashboard_url(scope_params: Mapping[str, str], period: Period) -> str:
    return _url(reverse("dashboard:index"), {**scope_params, **period.params()})


def issue_list_url(scope: Scope, period: Period, **filters: str | list[str]) -> str:
    """The workbench issue list (IssueFilterSet parameters) for the scope and period."""
    params = {
        **scope.params(),
        "submitted_from": period.start.isoformat(),
        "submitted_to": period.end.isoformat(),
        **filters,
    }
    return _url(reverse("workbench:issue-list"), params)


def activity_list_url(scope: Scope, period: Period, **filters: str) -> str:
    """The activity ledger (ActivityFilterSet parameters) for the scope and period."""
    params = {
        **scope.params(),
        "date_from": period.start.isoformat(),
        "date_to": period.end.isoformat(),
        **filters,
    }
    return _url(reverse("dashboard:activities"), params)


def _admin_scope_params(scope: Scope) -> dict[str, str]:
    """The scope as the admin's list filters name it (stations/admin.py): district,
    subdistrict, station and deputy, each checked there against the user's scope again."""
    params = {}
    if scope.district:
        params["district"] = str(scope.district.pk)
    if scope.station:
        params["station"] = str(scope.station.pk)
    elif scope.subdistrict:
        params["subdistrict"] = str(scope.subdistrict.pk)
    if scope.deputy:
        params["deputy"] = str(scope.deputy.pk)
    return params


def station_admin_url(scope: Scope, **filters: str) -> str:
    """The admin's list of the scope's active stations (a deputy's: where they are registered)."""
    params = {"is_active__exact": "1", **_admin_scope_params(scope), **filters}
    if scope.deputy and scope.station:
        # At a station the deputy's dashboard counts that station, registered there or not.
        params.pop("deputy")
    return _url(reverse("admin:stations_station_changelist"), params)


def duty_admin_url(scope: Scope, start: date, end: date, **filters: str) -> str:
    """The admin's duty roster for the scope and days (its date filter: end exclusive)."""
    params = {
        "date__gte": start.isoformat(),
        "date__lt": (end + timedelta(days=1)).isoformat(),
        **_admin_scope_params(scope),
        **filters,
    }
    return _url(reverse("admin:stations_dutyshift_changelist"), params)


# ----- issue figures ---------------------------------------------------------------------------


def _rate(part: int, whole: int) -> float | None:
    """part/whole as a percentage, None when there is nothing to divide by."""
    return round(100 * part / whole, 1) if whole else None


def _share(value: int, largest: int) -> int:
    """A bar's length in percent of the largest bar (a visible sliver for any non-zero)."""
    if not largest or not value:
        return 0
    return max(2, round(100 * value / largest))


def in_period(queryset: QuerySet[Issue], period: Period) -> QuerySet[Issue]:
    """Issues submitted in the period: a range on the indexed column, as the issue list does."""
    return queryset.filter(
        submitted_at__gte=start_of_day(period.start),
        submitted_at__lt=start_of_day(period.end + timedelta(days=1)),
    )


# Accepted issues: all but the rejected and the merged duplicates (the completion denominator).
ACCEPTED = ~Q(state__in=[State.REJECTED, State.MERGED])
COMPLETED = Q(state__in=[State.ANSWERED, State.CLOSED])


def completion_rate(completed: int, accepted: int) -> float | None:
    """办结率 = (answered + closed) / accepted, where accepted means every issue except the
    rejected ones and the duplicates merged into another; None when nothing was accepted."""
    return _rate(completed, accepted)


@dataclass
class Bar:
    """One bar of a chart or one row of a table of figures, with the list it opens."""

    label: str
    value: int
    url: str
    share: int = 0
    extra: dict = field(default_factory=dict)


@dataclass
class Median:
    label: str
    duration: timedelta | None
    count: int
    url: str = ""

    @property
    def hours(self) -> float | None:
        return None if self.duration is None else self.duration.total_seconds() / 3600

    @property
    def days(self) -> float | None:
        return None if self.duration is None else self.duration.total_seconds() / 86400


@dataclass
class SourceFigures:
    source: str
    label: str
    total: int
    url: str
    completion_rate: float | None
    transferred: int
    transferred_url: str
    transferred_completed: int
    transferred_completion_rate: float | None


@dataclass
class IssueFigures:
    total: int
    total_url: str
    states: list[Bar]
    accepted: int
    completed: int
    completion_rate: float | None
    completed_url: str
    on_time: int
    answered_with_deadline: int
    on_time_rate: float | None
    on_time_url: str
    late: int
    late_url: str
    rated: int
    satisfied: int
    satisfaction_rate: float | None
    satisfied_url: str
    rated_url: str
    overdue_count: int
    overdue_url: str
    overdue: list[Issue]
    medians: list[Median]
    categories: list[Bar]
    sources: list[SourceFigures]


def median_duration(queryset: QuerySet, start: str, end: str, count: int) -> timedelta | None:
    """The median of `end - start` over rows where `end` is set, given how many there are.

    Portable (SQLite and PostgreSQL): the database orders the durations and returns only the
    middle one or two rows (OFFSET); `count` comes from the figures' aggregate query.
    """
    if not count:
        return None
    durations = (
        queryset.filter(**{f"{end}__isnull": False, f"{start}__isnull": False})
        .annotate(_duration=ExpressionWrapper(F(end) - F(start), output_field=DurationField()))
        .order_by("_duration")
        .values_list("_duration", flat=True)
    )
    middle = (count - 1) // 2
    rows = list(durations[middle : middle + (1 if count % 2 else 2)])
    if not rows:
        return None
    return sum(rows, timedelta()) / len(rows)


def ever_transferred() -> Q:
    """Transferred to a department at some point (the issue list's `transferred=yes`)."""
    return ever_transferred_q()


def issue_figures(
    scope: Scope, period: Period, *, now: datetime | None = None, overdue_limit: int = 10
) -> IssueFigures:
    """Counts by state, completion/on-time/satisfaction rates, medians, overdue, categories
    and sources for the issues submitted in the period within the scope."""
    now = now or timezone.now()
    issues = in_period(scope.issues(), period)
    overdue = Q(state__in=OPEN_STATES, deadline__lt=now)
    totals = issues.aggregate(
        total=Count("pk"),
        accepted=Count("pk", filter=ACCEPTED),
        completed=Count("pk", filter=COMPLETED),
        # The rule lives with the issue list's `answered_on_time` filter (issues.models).
        answered_with_deadline=Count("pk", filter=ANSWERED_WITH_DEADLINE),
        on_time=Count("pk", filter=ANSWERED_ON_TIME),
        rated=Count("pk", filter=~Q(rating="")),
        satisfied=Count("pk", filter=Q(rating="satisfied")),
        overdue=Count("pk", filter=overdue),
        registered=Count("pk", filter=Q(registered_at__isnull=False)),
        answered=Count("pk", filter=Q(answered_at__isnull=False)),
        closed=Count("pk", filter=Q(closed_at__isnull=False)),
        **{f"state_{state}": Count("pk", filter=Q(state=state)) for state in STATE_ORDER},
    )
    largest = max((totals[f"state_{state}"] for state in STATE_ORDER), default=0)
    states = [
        Bar(
            label=str(State(state).label),
            value=totals[f"state_{state}"],
            url=issue_list_url(scope, period, state=state),
            share=_share(totals[f"state_{state}"], largest),
            extra={"state": str(state)},
        )
        for state in STATE_ORDER
    ]
    medians = [
        Median(
            _("Time to register (挂号)"),
            median_duration(issues, "submitted_at", "registered_at", totals["registered"]),
            totals["registered"],
            issue_list_url(scope, period),
        ),
        Median(
            _("Time to answer (办结)"),
            median_duration(issues, "submitted_at", "answered_at", totals["answered"]),
            totals["answered"],
            issue_list_url(scope, period, state=[State.ANSWERED, State.CLOSED]),
        ),
        Median(
            _("Time to close (销号)"),
            median_duration(issues, "submitted_at", "closed_at", totals["closed"]),
            totals["closed"],
            issue_list_url(scope, period, state=[State.CLOSED]),
        ),
    ]
    overdue_rows = list(
        issues.filter(overdue)
        .select_related("category", "station", "district")
        .order_by("deadline", "pk")[:overdue_limit]
    )
    return IssueFigures(
        total=totals["total"],
        total_url=issue_list_url(scope, period),
        states=states,
        accepted=totals["accepted"],
        completed=totals["completed"],
        completion_rate=completion_rate(totals["completed"], totals["accepted"]),
        completed_url=issue_list_url(scope, period, state=[State.ANSWERED, State.CLOSED]),
        on_time=totals["on_time"],
        answered_with_deadline=totals["answered_with_deadline"],
        on_time_rate=_rate(totals["on_time"], totals["answered_with_deadline"]),
        on_time_url=issue_list_url(scope, period, answered_on_time="yes"),
        late=totals["answered_with_deadline"] - totals["on_time"],
        late_url=issue_list_url(scope, period, answered_on_time="no"),
        rated=totals["rated"],
        satisfied=totals["satisfied"],
        satisfaction_rate=_rate(totals["satisfied"], totals["rated"]),
        satisfied_url=issue_list_url(scope, period, rating="satisfied"),
        rated_url=issue_list_url(scope, period, rating="rated"),
        overdue_count=totals["overdue"],
        overdue_url=issue_list_url(scope, period, overdue="yes"),
        overdue=overdue_rows,
        medians=medians,
        categories=_top_categories(issues, scope, period),
        sources=_sources(issues, scope, period),
    )


def _top_categories(
    issues: QuerySet[Issue], scope: Scope, period: Period, limit: int = 8
) -> list[Bar]:
    rows = list(
        issues.values("category", "category__name")
        .annotate(count=Count("pk"))
        .order_by("-count", "category__name")[:limit]
    )
    largest = max((row["count"] for row in rows), default=0)
    return [
        Bar(
            label=row["category__name"],
            value=row["count"],
            url=issue_list_url(scope, period, category=str(row["category"])),
            share=_share(row["count"], largest),
        )
        for row in rows
    ]


def _sources(issues: QuerySet[Issue], scope: Scope, period: Period) -> list[SourceFigures]:
    transferred = ever_transferred()
    rows = {
        row["source"]: row
        for row in issues.values("source")
        .annotate(
            total=Count("pk"),
            accepted=Count("pk", filter=ACCEPTED),
            completed=Count("pk", filter=COMPLETED),
            transferred=Count("pk", filter=transferred),
            transferred_accepted=Count("pk", filter=transferred & ACCEPTED),
            transferred_completed=Count("pk", filter=transferred & COMPLETED),
        )
        .order_by()
    }
    figures = []
    for source in Source:
        row = rows.get(source.value)
        if row is None:
            continue
        figures.append(
            SourceFigures(
                source=source.value,
                label=str(source.label),
                total=row["total"],
                url=issue_list_url(scope, period, source=source.value),
                completion_rate=completion_rate(row["completed"], row["accepted"]),
                transferred=row["transferred"],
                transferred_url=issue_list_url(
                    scope, period, source=source.value, transferred="yes"
                ),
                transferred_completed=row["transferred_completed"],
                transferred_completion_rate=completion_rate(
                    row["transferred_completed"], row["transferred_accepted"]
                ),
            )
        )
    return figures


# ----- activity figures ------------------------------------------------------------------------


@dataclass
class ActivityFigures:
    count: int
    participants: int
    households: int
    url: str
    months: list[Bar]
    types: list[Bar]


def activities_in_period(scope: Scope, period: Period) -> QuerySet[Activity]:
    return scope.activities().filter(date__gte=period.start, date__lte=period.end)


def activity_figures(scope: Scope, period: Period) -> ActivityFigures:
    """Activities and participants (人次) in the period: totals, per month, per type."""
    activities = activities_in_period(scope, period)
    totals = activities.aggregate(
        count=Count("pk"), participants=Sum("participants"), households=Sum("households")
    )
    per_month = {
        row["month"]: row
        for row in activities.annotate(month=TruncMonth("date"))
        .values("month")
        .annotate(count=Count("pk"), participants=Sum("participants"))
        .order_by()
    }
    months = period.months()
    largest = max((row["count"] for row in per_month.values()), default=0)
    month_bars = []
    for first in months:
        row = per_month.get(first) or {"count": 0, "participants": 0}
        month_period = Period(
            "custom", max(first, period.start), min(_month_end(first), period.end)
        )
        month_bars.append(
            Bar(
                label=f"{first:%Y-%m}",
                value=row["count"],
                url=activity_list_url(scope, month_period),
                share=_share(row["count"], largest),
                extra={"participants": row["participants"] or 0},
            )
        )
    type_rows = list(
        activities.values("type", "type__name", "type__counts_as")
        .annotate(count=Count("pk"), participants=Sum("participants"))
        .order_by("-count", "type__name")
    )
    largest = max((row["count"] for row in type_rows), default=0)
    counts_labels = dict(ActivityType.Counts.choices)
    types = [
        Bar(
            label=row["type__name"],
            value=row["count"],
            url=activity_list_url(scope, period, type=str(row["type"])),
            share=_share(row["count"], largest),
            extra={
                "participants": row["participants"] or 0,
                "counts_as": str(counts_labels.get(row["type__counts_as"], "")),
            },
        )
        for row in type_rows
    ]
    return ActivityFigures(
        count=totals["count"],
        participants=totals["participants"] or 0,
        households=totals["households"] or 0,
        url=activity_list_url(scope, period),
        months=month_bars,
        types=types,
    )


# ----- stations: 六有 compliance; the duty roster -------------------------------------------


@dataclass
class ComplianceFigures:
    total: int
    rows: list[Bar]
    url: str


def compliance_figures(scope: Scope) -> ComplianceFigures:
    """How many active stations meet 6 of the 六有 items, 5, … 0 (today's checklist)."""
    counts = dict(
        scope.stations()
        .with_build_score()
        .values("build_score_db")
        .annotate(count=Count("pk"))
        .order_by()
        .values_list("build_score_db", "count")
    )
    full = len(BUILD_ITEMS)
    largest = max(counts.values(), default=0)
    rows = [
        Bar(
            label=f"{score}/{full}",
            value=counts.get(score, 0),
            url=station_admin_url(scope, build=str(score)),
            share=_share(counts.get(score, 0), largest),
        )
        for score in range(full, -1, -1)
    ]
    return ComplianceFigures(total=sum(counts.values()), rows=rows, url=station_admin_url(scope))


@dataclass
class AttendanceFigures:
    planned: int
    checked_in: int
    rate: float | None
    until: date | None
    url: str
    checked_in_url: str = ""


def attendance_figures(scope: Scope, period: Period, today: date) -> AttendanceFigures:
    """Duty shifts planned in the period up to today, and how many were checked in (签到)."""
    until = min(period.end, today)
    if until < period.start:
        return AttendanceFigures(0, 0, None, None, duty_admin_url(scope, period.start, period.end))
    counts = (
        scope.duty_shifts()
        .filter(date__gte=period.start, date__lte=until)
        .aggregate(
            planned=Count("pk"), checked_in=Count("pk", filter=Q(checked_in_at__isnull=False))
        )
    )
    return AttendanceFigures(
        planned=counts["planned"],
        checked_in=counts["checked_in"],
        rate=_rate(counts["checked_in"], counts["planned"]),
        until=until,
        url=duty_admin_url(scope, period.start, until),
        checked_in_url=duty_admin_url(scope, period.start, until, checked_in="yes"),
    )


# ----- venues: activities by kind of station (家、站、室、点) and at specialised homes ------


@dataclass
class VenueRow:
    """Stations of one kind (or the specialised homes) with the activities held there."""

    kind: str
    label: str
    stations: int
    stations_url: str
    activities: int
    participants: int
    activities_url: str


@dataclass
class VenueFigures:
    kinds: list[VenueRow]
    specialised: VenueRow
    elsewhere: int
    elsewhere_participants: int


def venue_figures(scope: Scope, period: Period) -> VenueFigures:
    """Per kind of station, and for the specialised homes (专业代表之家, e.g. 平度's nine):
    active stations, and the period's activities and participants held there. Two queries."""
    specialised_here = specialised_home_q("station__")
    activity_rows = {
        row["station__kind"]: row
        for row in activities_in_period(scope, period)
        .values("station__kind")
        .annotate(
            count=Count("pk"),
            people=Sum("participants"),
            specialised=Count("pk", filter=specialised_here),
            specialised_people=Sum("participants", filter=specialised_here),
        )
        .order_by()
    }
    station_rows = {
        row["kind"]: row
        for row in scope.stations()
        .values("kind")
        .annotate(count=Count("pk"), specialised=Count("pk", filter=specialised_home_q()))
        .order_by()
    }
    kinds = []
    for kind in Station.Kind:
        acts, stations = activity_rows.get(kind.value, {}), station_rows.get(kind.value, {})
        kinds.append(
            VenueRow(
                kind=kind.value,
                label=str(kind.label),
                stations=stations.get("count", 0),
                stations_url=station_admin_url(scope, kind__exact=kind.value),
                activities=acts.get("count", 0),
                participants=acts.get("people") or 0,
                activities_url=activity_list_url(scope, period, kind=kind.value),
            )
        )
    homes_acts = activity_rows.get(Station.Kind.HOME.value, {})
    specialised = VenueRow(
        kind="specialised",
        label=str(_("Specialised homes (专业代表之家)")),
        stations=station_rows.get(Station.Kind.HOME.value, {}).get("specialised", 0),
        # The admin's own filters: kind and "has a focus" (specialised_home_q's two conditions).
        stations_url=station_admin_url(
            scope, kind__exact=Station.Kind.HOME.value, focus__isnull="False"
        ),
        activities=homes_acts.get("specialised", 0),
        participants=homes_acts.get("specialised_people") or 0,
        activities_url=activity_list_url(scope, period, specialised="yes"),
    )
    elsewhere = activity_rows.get(None, {})
    return VenueFigures(
        kinds=kinds,
        specialised=specialised,
        elsewhere=elsewhere.get("count", 0),
        elsewhere_participants=elsewhere.get("people") or 0,
    )


# ----- the next level down: one row per child with its figures --------------------------


@dataclass
class ChildRow:
    name: str
    url: str
    issues: int
    issues_url: str
    completion_rate: float | None
    overdue: int
    overdue_url: str
    activities: int
    participants: int
    activities_url: str
    stations: int | None = None
    stations_url: str = ""


def _subdistrict_of(station_lookup: str) -> Case:
    """The subdistrict id of a row's station, whether it sits on a subdistrict or a community."""
    return Case(
        When(
            **{f"{station_lookup}area__level": Area.Level.COMMUNITY},
            then=F(f"{station_lookup}area__parent"),
        ),
        default=F(f"{station_lookup}area"),
    )


def child_rows(
    scope: Scope, period: Period, *, now: datetime | None = None
) -> tuple[str, list[ChildRow]]:
    """The table of the next level down (districts, subdistricts, stations or deputies).

    A fixed number of queries whatever the number of rows: the children, then one grouped
    query each for issues, activities and stations.
    """
    now = now or timezone.now()
    user = scope.user
    if scope.level == "all":
        kind = "district"
        children = list(Area.objects.districts().for_user(user))
        issue_key = activity_key = "district"
        station_key = "area__district"

        def child_scope(child):
            return Scope(user, child)

    elif scope.level == "district":
        kind = "subdistrict"
        children = list(
            Area.objects.filter(level=Area.Level.SUBDISTRICT, parent=scope.district).order_by(
                "sort_order", "name"
            )
        )
        issue_key = activity_key = _subdistrict_of("station__")
        station_key = _subdistrict_of("")

        def child_scope(child):
            return Scope(user, scope.district, child)

    elif scope.level == "subdistrict":
        kind = "station"
        children = list(scope.stations().order_by("name"))
        issue_key = activity_key = "station"
        station_key = None

        def child_scope(child):
            return Scope(user, scope.district, scope.subdistrict, child)

    elif scope.level == "station":
        kind = "deputy"
        registered = StationAssignment.objects.filter(station=scope.station.pk).values("deputy")
        active_here = Activity.objects.filter(station=scope.station.pk).values("deputy")
        children = list(
            Deputy.objects.for_user(user)
            .filter(Q(pk__in=registered) | Q(pk__in=active_here))
            .order_by("name", "pk")
        )
        issue_key = activity_key = "deputy"
        station_key = None

        def child_scope(child):
            return Scope(user, scope.district, scope.subdistrict, scope.station, child)

    else:
        return "", []

    issues = (
        in_period(scope.issues(), period)
        .annotate(child=issue_key if isinstance(issue_key, Case) else F(issue_key))
        .values("child")
        .annotate(
            total=Count("pk"),
            accepted=Count("pk", filter=ACCEPTED),
            completed=Count("pk", filter=COMPLETED),
            overdue=Count("pk", filter=Q(state__in=OPEN_STATES, deadline__lt=now)),
        )
        .order_by()
    )
    issue_counts = {row["child"]: row for row in issues}
    activities = (
        activities_in_period(scope, period)
        .annotate(child=activity_key if isinstance(activity_key, Case) else F(activity_key))
        .values("child")
        .annotate(count=Count("pk"), participants=Sum("participants"))
        .order_by()
    )
    activity_counts = {row["child"]: row for row in activities}
    station_counts = {}
    if station_key is not None:
        stations = (
            scope.stations()
            .annotate(child=station_key if isinstance(station_key, Case) else F(station_key))
            .values("child")
            .annotate(count=Count("pk"))
            .order_by()
        )
        station_counts = {row["child"]: row["count"] for row in stations}

    rows = []
    for child in children:
        here = child_scope(child)
        issue_row = issue_counts.get(child.pk, {})
        activity_row = activity_counts.get(child.pk, {})
        rows.append(
            ChildRow(
                name=child.name,
                url=dashboard_url(here.params(), period),
                issues=issue_row.get("total", 0),
                issues_url=issue_list_url(here, period),
                completion_rate=completion_rate(
                    issue_row.get("completed", 0), issue_row.get("accepted", 0)
                ),
                overdue=issue_row.get("overdue", 0),
                overdue_url=issue_list_url(here, period, overdue="yes"),
                activities=activity_row.get("count", 0),
                participants=activity_row.get("participants") or 0,
                activities_url=activity_list_url(here, period),
                stations=station_counts.get(child.pk, 0) if station_key is not None else None,
                stations_url=station_admin_url(here) if station_key is not None else "",
            )
        )
    return kind, rows


# ----- the whole page ----------------------------------------------------------------------


@dataclass
class Dashboard:
    scope: Scope
    period: Period
    breadcrumbs: list[tuple[str, str]]
    issues: IssueFigures
    activities: ActivityFigures
    compliance: ComplianceFigures
    attendance: AttendanceFigures
    venues: VenueFigures
    child_kind: str
    children: list[ChildRow]
    computed_at: datetime


def dashboard_for(
    user: User,
    params: Mapping[str, str],
    period: Period,
    *,
    now: datetime | None = None,
    refresh: bool = False,
) -> Dashboard:
    """Every figure of the dashboard for the scope in `params` (Http404 outside the scope).

    The scope is checked on every request; the figures are kept for a few minutes
    (portal.figures), shared by everyone who sees the same scope and period.
    """
    now = now or timezone.now()
    scope = resolve_scope(user, params)
    today = timezone.localtime(now).date()

    def compute() -> tuple:
        return (
            issue_figures(scope, period, now=now),
            activity_figures(scope, period),
            compliance_figures(scope),
            attendance_figures(scope, period, today),
            venue_figures(scope, period),
            *child_rows(scope, period, now=now),
        )

    key = (
        "dashboard",
        scope.level,
        scope.user.is_superuser,
        *(getattr(area, "pk", None) for area in (scope.district, scope.subdistrict)),
        *(getattr(place, "pk", None) for place in (scope.station, scope.deputy)),
        period.kind,
        period.start,
        period.end,
        today,
    )
    cached = cached_figures(key, compute, refresh=refresh, now=now)
    issues, activities, compliance, attendance, venues, child_kind, children = cached.value
    return Dashboard(
        scope=scope,
        period=period,
        breadcrumbs=breadcrumbs(scope, period),
        issues=issues,
        activities=activities,
        compliance=compliance,
        attendance=attendance,
        venues=venues,
        child_kind=child_kind,
        children=children,
        computed_at=cached.computed_at,
    )


def warm_dashboards(*, now: datetime | None = None) -> int:
    """Compute and keep every district's dashboard as its staff first open it (this year).

    Beat runs this a little more often than the figures are kept (portal.tasks): with a cache
    the web processes share (Redis), no one then waits the second or so a district's year
    takes to compute. Returns how many dashboards were computed.
    """
    now = now or timezone.now()
    period = default_period(timezone.localtime(now).date())
    districts = list(Area.objects.districts())
    for district in districts:
        # The district's staff as the scope sees them; nothing is saved.
        staff = User(role=Role.DISTRICT_STAFF, district=district, is_active=True)
        dashboard_for(staff, {}, period, now=now, refresh=True)
    return len(districts)


def district_choices(user: User) -> QuerySet[Area]:
    """The districts a superuser may pick (district staff have only their own)."""
    return Area.objects.districts().for_user(user)


# ----- the activity ledger (履职台账) --------------------------------------------------------

LEDGER_PAGE_SIZE = 50
# What a row of the ledger shows, read as values: fifty rows of four models (the activity,
# its type, deputy and station) were nearly a third of the page's work (34.3 M of its
# instructions a request, 24.1 M without them; docs/PERFORMANCE.md).
LEDGER_ROW_FIELDS = (
    "pk",
    "date",
    "type__name",
    "deputy__name",
    "station__name",
    "place",
    "participants",
    "households",
    "summary",
)


class LedgerRow(NamedTuple):
    """An activity as a row of the ledger (`{% ledger_rows %}` writes it)."""

    date: date
    type_name: str
    deputy_name: str
    venue: str  # the station's name, else the place typed in ("" if neither)
    participants: int
    households: int
    summary: str
    change_url: str  # the entry in the admin


@dataclass
class Ledger:
    filterset: ActivityFilterSet
    page: Page
    count: int
    participants: int
    households: int

    @cached_property
    def activities(self) -> list[LedgerRow]:
        """The page's activities (`page.object_list` holds LEDGER_ROW_FIELDS' values)."""
        change_url = links_to("admin:representatives_activity_change")
        return [
            LedgerRow(
                date=day,
                type_name=kind,
                deputy_name=deputy,
                venue=Activity.venue_from(station, place),
                participants=participants,
                households=households,
                summary=summary,
                change_url=change_url(pk),
            )
            for pk, day, kind, deputy, station, place, participants, households, summary in (
                self.page.object_list
            )
        ]


def activity_ledger_for(user: User, params: QueryDict, *, page: str | int | None = 1) -> Ledger:
    """The user's activities under the ledger filters, 50 a page, with database totals."""
    filterset = ActivityFilterSet(params, Activity.objects.for_user(user), user=user)
    activities = filterset.qs
    # Summing a district's ~24,000 activities took 4–8 ms of PostgreSQL a request: kept
    # until an activity of the district (or a row the filters match on) is written.
    filters = [(name, params.getlist(name)) for name in sorted(params) if name != "page"]
    totals = kept_totals(
        "activity-ledger",
        filters,
        user,
        lambda: activities.aggregate(
            count=Count("pk"), participants=Sum("participants"), households=Sum("households")
        ),
        rows="representatives.Activity",
    )
    # The rows read what `{% ledger_rows %}` writes, not every column of four tables.
    paginator = Paginator(activities.values_list(*LEDGER_ROW_FIELDS), LEDGER_PAGE_SIZE)
    # The totals query has counted the rows already: the paginator need not count again.
    paginator.count = totals["count"]
    return Ledger(
        filterset=filterset,
        page=paginator.get_page(page),
        count=totals["count"],
        participants=totals["participants"] or 0,
        households=totals["households"] or 0,
    )
