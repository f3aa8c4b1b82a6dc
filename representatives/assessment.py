"""Deputy assessment (管 and 评): the year's counts, the weighted score and the merit board.

Every number is computed by the database, in a fixed number of queries whatever the number
of deputies: each count is a correlated subquery on an indexed foreign key, the score an
expression over those counts, the rank a RANK() window. The board takes two queries: the
ranking (only the counts the score needs, for every active deputy of the district) and the
page (all counts and each part's points, for the page's deputies only), because the
database inlines every reference to an annotation and the points would repeat the
subqueries for a thousand deputies. Python only arranges the finished numbers for display.
On PostgreSQL with a thousand deputies the ranking query executes in tens of milliseconds;
its estimated cost passes the default `jit_above_cost`, and JIT compilation then adds about
90 ms (turn JIT off or raise that threshold in production).

The score, in words staff can check by hand:

* Each part is a share between 0 and 100 percent:
  - activities, receptions of voters, trainings: the year's count ÷ the district's annual
    target (年度履职清单), capped at 100 %;
  - report to voters (述职): 100 % once reported in the year, when the target requires it;
  - issues handled on time: issues answered in time ÷ issues that fell due (see below);
  - duty attendance: duty shifts checked in ÷ duty shifts planned up to today.
* A part that does not apply is left out: a target of 0 (or no target for the year), no
  report required, or, for one deputy, no issue that fell due or no shift planned. Nobody
  gains or loses for what was not asked of them.
* score = 100 × Σ(weight × share) ÷ Σ(weights of the parts that apply). Each part's points
  are its term of that sum, so the points add up to the score; with all parts applying and
  the default weights (which add up to 100) a part's points are simply weight × share.

Issues count for the deputy who is their responsible person (责任人, `Issue.assignee` is the
deputy's login), not for the deputy the citizen happened to reach (`Issue.deputy`): under
挂号销号 the responsible person is the one answerable for the deadline; an issue raised
through a deputy and transferred to a department is the department's to answer on time.
An issue falls due in the year when it was answered in the year (and is still answered or
closed, not reopened), or when it is still open and its deadline passed in the year. It was
handled on time when answered no later than its deadline (or it had none).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time
from types import SimpleNamespace
from typing import Any, NamedTuple

from django.core.paginator import Page, Paginator
from django.db import connection
from django.db.models import (
    Count,
    F,
    FloatField,
    IntegerField,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Subquery,
    Sum,
    Value,
    Window,
)
from django.db.models.functions import Cast, Coalesce, Least, NullIf, Rank
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from issues.models import OPEN_STATES, Issue, State
from portal.choices import kept_value
from portal.figures import cached_figures
from portal.models import Area
from representatives.models import (
    Activity,
    ActivityType,
    AnnualTarget,
    AssessmentWeights,
    Deputy,
    DeputyGroup,
    Level,
    Mandate,
    StationAssignment,
)
from representatives.selectors import LEVEL_ORDER
from stations.models import DutyShift

# Answered issues still count as answered once closed; a reopened one is open work again.
ANSWERED_STATES = (State.ANSWERED, State.CLOSED)

# The medals of the first three ranks, and how many ranks are highlighted as 争先创优.
MEDALS = {1: _("gold"), 2: _("silver"), 3: _("bronze")}
TOP_RANKS = 10


@dataclass(frozen=True)
class Component:
    """One part of the score: its weight field, label and what it is measured against."""

    key: str
    label: str
    count: str  # the annotation holding what the deputy achieved
    target: int | None = None  # the district's target; None for a rate
    denominator: str | None = None  # the annotation a rate is divided by

    @property
    def is_rate(self) -> bool:
        return self.denominator is not None


@dataclass
class Scoring:
    """The rules of one district's year: its target, its weights and the parts that count."""

    district: Area
    year: int
    target: AnnualTarget | None
    weights: AssessmentWeights
    components: list[Component]
    # One instant for every query of a page, so the ranking and the rows agree.
    today: date
    now: datetime

    @property
    def has_target(self) -> bool:
        return self.target is not None


@dataclass(frozen=True)
class PartResult:
    """One row of a score's breakdown, ready for a template."""

    component: Component
    achieved: int
    goal: int | None  # the target, or the rate's denominator
    applies: bool
    percent: float
    weight: int
    points: float


def year_bounds(year: int) -> tuple[datetime, datetime]:
    """The year as [start, end) instants in the portal's time zone."""
    return (
        timezone.make_aware(datetime.combine(date(year, 1, 1), time.min)),
        timezone.make_aware(datetime.combine(date(year + 1, 1, 1), time.min)),
    )


def weights_for(district_id: int, year: int) -> AssessmentWeights:
    """The year's weights, else the district's latest earlier ones, else the defaults.

    Kept until a weight, target or other choice row is saved (portal.choices): every merit
    board, annual report and deputy's year reads them.
    """

    def weights() -> AssessmentWeights:
        found = (
            AssessmentWeights.objects.filter(district_id=district_id, year__lte=year)
            .order_by("-year")
            .first()
        )
        return found or AssessmentWeights(district_id=district_id, year=year)

    return kept_value(f"assessment-weights:{district_id}:{year}", weights)


def annual_target(district_id: int, year: int) -> AnnualTarget | None:
    """The district's target for `year`, if it set one; kept as the weights are."""
    (target,) = kept_value(
        f"annual-target:{district_id}:{year}",
        # In a tuple: a district without a target is kept too (a None is not).
        lambda: (AnnualTarget.objects.filter(district_id=district_id, year=year).first(),),
    )
    return target


def scoring_for(
    district: Area, year: int, *, today: date | None = None, now: datetime | None = None
) -> Scoring:
    """What counts in `district` for `year` (two small queries: the target and the weights)."""
    now = now or timezone.now()
    today = today or timezone.localdate(now)
    target = annual_target(district.pk, year)
    # Labels in the request's language, translated once here: a lazy label is translated
    # again each time a template prints it (six times a row on the merit board).
    components = [
        Component(
            "activities",
            gettext("activities"),
            "n_activities",
            target=target.activities if target else 0,
        ),
        Component(
            "receptions",
            gettext("receptions of voters"),
            "n_receptions",
            target=target.receptions if target else 0,
        ),
        Component(
            "trainings",
            gettext("trainings"),
            "n_trainings",
            target=target.trainings if target else 0,
        ),
        Component(
            "report",
            gettext("report to voters (述职)"),
            "n_reports",
            target=1 if target and target.report_required else 0,
        ),
        Component(
            "issues_on_time",
            gettext("issues handled on time"),
            "n_issues_on_time",
            denominator="n_issues_due",
        ),
        Component(
            "duty_attendance",
            gettext("duty attendance"),
            "n_shifts_attended",
            denominator="n_shifts_planned",
        ),
    ]
    return Scoring(
        district=district,
        year=year,
        target=target,
        weights=weights_for(district.pk, year),
        components=components,
        today=today,
        now=now,
    )


def _count(queryset: QuerySet, outer_field: str) -> Coalesce:
    """COUNT(*) of `queryset` (already filtered on `outer_field` = OuterRef) as a subquery."""
    counted = queryset.order_by().values(outer_field).annotate(n=Count("pk")).values("n")
    return Coalesce(Subquery(counted, output_field=IntegerField()), 0)


def _as_float(name: str) -> Cast:
    return Cast(F(name), FloatField())


def _counts(scoring: Scoring, *, details: bool) -> dict[str, Any]:
    """The count annotations of a Deputy queryset for the scoring's year.

    Without `details`, only what the score needs: the ranking query computes it for every
    deputy of the district, and each count is a correlated subquery.
    """
    year, today, now = scoring.year, scoring.today, scoring.now
    start, end = year_bounds(year)
    first_day, last_day = date(year, 1, 1), date(year, 12, 31)
    deputy = OuterRef("pk")
    # An activity counts once for each deputy in it: the one who logged it, plus the fellow
    # deputies other than that one (so logging oneself as a fellow does not count twice).
    own = Activity.objects.filter(deputy=deputy, date__range=(first_day, last_day))
    joint = Activity.fellow_deputies.through.objects.filter(
        deputy=deputy, activity__date__range=(first_day, last_day)
    ).exclude(activity__deputy=deputy)

    def activities(counts_as: str | None = None) -> Any:
        own_rows, joint_rows = own, joint
        if counts_as is not None:
            # An uncorrelated IN (…): the database resolves the few type ids once, not per row.
            types = ActivityType.objects.filter(counts_as=counts_as).values("pk")
            own_rows = own.filter(type__in=types)
            joint_rows = joint.filter(activity__type__in=types)
        return _count(own_rows, "deputy") + _count(joint_rows, "deputy")

    responsible = Issue.objects.filter(assignee=OuterRef("user"))
    answered_in_year = Q(state__in=ANSWERED_STATES, answered_at__gte=start, answered_at__lt=end)
    overdue_in_year = Q(state__in=OPEN_STATES, deadline__gte=start, deadline__lt=min(now, end))
    on_time = responsible.filter(answered_in_year).filter(
        Q(deadline__isnull=True) | Q(answered_at__lte=F("deadline"))
    )
    shifts = DutyShift.objects.filter(deputy=deputy, date__range=(first_day, min(today, last_day)))
    counts = {
        "n_activities": activities(),
        "n_receptions": activities(ActivityType.Counts.RECEPTION),
        "n_trainings": activities(ActivityType.Counts.TRAINING),
        "n_reports": activities(ActivityType.Counts.REPORT),
        "n_issues_due": _count(responsible.filter(answered_in_year | overdue_in_year), "assignee"),
        "n_issues_on_time": _count(on_time, "assignee"),
        "n_shifts_planned": _count(shifts, "deputy"),
        "n_shifts_attended": _count(shifts.filter(checked_in_at__isnull=False), "deputy"),
    }
    if details:
        counts["n_issues_answered"] = _count(responsible.filter(answered_in_year), "assignee")
    return counts


def _share(component: Component) -> Any:
    """The part's share between 0 and 1 as an expression (0 where it does not apply).

    Each count is referenced once (NULLIF rather than CASE): the database inlines every
    reference to an annotation, so a second reference would run its subquery again.
    """
    achieved = _as_float(component.count)
    if component.is_rate:
        ratio = achieved / NullIf(_as_float(component.denominator), Value(0.0))
        return Coalesce(ratio, Value(0.0), output_field=FloatField())
    if not component.target:
        return Value(0.0, output_field=FloatField())
    return Least(achieved / Value(float(component.target)), Value(1.0), output_field=FloatField())


def _applied_weight(scoring: Scoring) -> Any:
    """Σ of the weights of the parts that apply: fixed ones by the target, rates per deputy."""
    fixed = sum(
        getattr(scoring.weights, c.key) for c in scoring.components if not c.is_rate and c.target
    )
    total: Any = Value(float(fixed))
    for c in scoring.components:
        if c.is_rate:
            # LEAST(n, 1) is 1 when anything fell due (or was planned), else 0.
            applies = Least(_as_float(c.denominator), Value(1.0))
            total = total + Value(float(getattr(scoring.weights, c.key))) * applies
    return total


def _weighted(scoring: Scoring, component: Component) -> Any:
    return Value(100.0 * getattr(scoring.weights, component.key)) * _share(component)


def _score(scoring: Scoring) -> Any:
    """100 × Σ(weight × share) ÷ Σ(applying weights); 0 when nothing applies."""
    weighted: Any = Value(0.0)
    for c in scoring.components:
        weighted = weighted + _weighted(scoring, c)
    return Coalesce(
        weighted / NullIf(_applied_weight(scoring), Value(0.0)),
        Value(0.0),
        output_field=FloatField(),
    )


def score_deputies(deputies: QuerySet[Deputy], scoring: Scoring) -> QuerySet[Deputy]:
    """Annotate each deputy with the year's counts, each part's share and points, and `score`.

    `share_<key>` is 0..1, `pts_<key>` the part's points (they add up to `score`),
    `applied_weight` the sum the score is normalised by. Meant for a page of deputies: the
    parts repeat their subqueries; `ranking` scores a whole district more cheaply.
    """
    deputies = deputies.annotate(**_counts(scoring, details=True))
    applied = NullIf(_applied_weight(scoring), Value(0.0))
    return deputies.annotate(
        n_issues_overdue_open=F("n_issues_due") - F("n_issues_answered"),
        applied_weight=_applied_weight(scoring),
        score=_score(scoring),
        **{f"share_{c.key}": _share(c) for c in scoring.components},
        **{
            f"pts_{c.key}": Coalesce(
                _weighted(scoring, c) / applied, Value(0.0), output_field=FloatField()
            )
            for c in scoring.components
        },
    )


def ranking(scoring: Scoring) -> list[tuple[int, int]]:
    """(deputy id, rank) of the district's active deputies, best first; ties share a rank.

    One query: only the counts the score needs, the score and a RANK() window over it.
    """
    deputies = (
        Deputy.objects.active()
        .filter(district=scoring.district)
        .annotate(**_counts(scoring, details=False))
        .annotate(score=_score(scoring))
        .annotate(rank=Window(Rank(), order_by=F("score").desc()))
        .order_by("rank", "name", "pk")
    )
    return list(deputies.values_list("pk", "rank"))


@dataclass
class Board:
    """争先创优榜 of a district's year: the rules and every active deputy's rank."""

    scoring: Scoring
    ranks: list[tuple[int, int]]
    computed_at: datetime | None = None

    def rows(self, entries: list[tuple[int, int]], base: QuerySet[Deputy] | None = None) -> list:
        """The scored rows of `entries` (a slice of `ranks`), in board order, with `rank`.

        `base` may add select/prefetch for the page; one query plus its prefetches.
        """
        rank_of = dict(entries)
        base = base if base is not None else Deputy.objects.all()
        scored = score_deputies(base.filter(pk__in=rank_of), self.scoring)
        by_pk = {row.pk: row for row in scored}
        rows = []
        for pk, rank in entries:
            row = by_pk.get(pk)  # None if deleted between the two queries
            if row is not None:
                row.rank = rank
                rows.append(row)
        return rows


def merit_board(
    district: Area,
    year: int,
    *,
    today: date | None = None,
    now: datetime | None = None,
    refresh: bool = False,
) -> Board:
    """争先创优榜: the district's year scored and ranked (three queries, the ranking kept
    for a few minutes by portal.figures)."""
    scoring = scoring_for(district, year, today=today, now=now)
    ranks = cached_figures(
        ("merit-ranks", *scoring_key(scoring)), lambda: ranking(scoring), refresh=refresh
    )
    return Board(scoring=scoring, ranks=ranks.value, computed_at=ranks.computed_at)


def scoring_key(scoring: Scoring) -> tuple:
    """What a board's figures depend on besides the records: a changed weight or target
    computes them again at once instead of after the cache's minutes."""
    target = scoring.target
    return (
        scoring.district.pk,
        scoring.year,
        scoring.today,
        tuple(getattr(scoring.weights, c.key) for c in scoring.components),
        (target.activities, target.receptions, target.trainings, target.report_required)
        if target
        else None,
    )


@dataclass
class BoardPage:
    """One page of the board, its deputies scored in full, and when it was computed."""

    board: Board
    page: Page
    rows: list[BoardRow]
    computed_at: datetime


class BoardRow(SimpleNamespace):
    """A deputy on a page of the board, as plain values: what `breakdown`, `medal_for` and
    `is_top` read (`rank`, `score`, the counts, shares and points), `pk` and `name`, and the
    names of the deputy's groups and resident stations.

    A page is kept in this form: unpickling the 25 scored `Deputy` rows with their
    prefetched groups and stations took 1.7 ms of every request (docs/PERFORMANCE.md).
    """


def _page_deputies() -> QuerySet[Deputy]:
    """What a board row shows besides the figures: the groups and the resident stations."""
    return Deputy.objects.prefetch_related(
        Prefetch("deputy_groups", queryset=DeputyGroup.objects.order_by("name")),
        Prefetch(
            "assignments",
            queryset=StationAssignment.objects.filter(role=StationAssignment.Role.RESIDENT)
            .select_related("station")
            .order_by("station__name"),
            to_attr="resident_assignments",
        ),
    )


def _figure_names(scoring: Scoring) -> set[str]:
    """The annotations `breakdown`, `is_top` and `medal_for` read from a scored row."""
    names = {"applied_weight", "score"}
    for c in scoring.components:
        names |= {c.count, f"share_{c.key}", f"pts_{c.key}"}
        if c.is_rate:
            names.add(c.denominator)
    return names


def _board_rows(scoring: Scoring, rows: list[Deputy]) -> list[BoardRow]:
    figures = _figure_names(scoring)
    return [
        BoardRow(
            pk=row.pk,
            name=row.name,
            rank=row.rank,
            groups=[group.name for group in row.deputy_groups.all()],
            stations=[a.station.name for a in row.resident_assignments],
            **{name: getattr(row, name) for name in figures},
        )
        for row in rows
    ]


def merit_board_page(
    district: Area,
    year: int,
    number: str | int | None,
    *,
    per_page: int,
    refresh: bool = False,
) -> BoardPage:
    """A page of 争先创优榜 with each deputy's figures, kept like the ranking."""
    board = merit_board(district, year, refresh=refresh)
    page = Paginator(board.ranks, per_page).get_page(number)
    rows = cached_figures(
        ("merit-board-rows", *scoring_key(board.scoring), page.number, per_page),
        lambda: _board_rows(board.scoring, board.rows(list(page.object_list), _page_deputies())),
        refresh=refresh,
    )
    return BoardPage(board=board, page=page, rows=rows.value, computed_at=board.computed_at)


class Standing(NamedTuple):
    """One deputy's year as the annual report shows it: the rules it was scored by, the
    scored figures (`BoardRow`, with `rank`, `board_size` and `computed_at`) and the
    activities behind them, all as of `row.computed_at`."""

    scoring: Scoring
    row: BoardRow
    details: YearDetails


def deputy_standing(
    deputy: Deputy,
    year: int,
    *,
    today: date | None = None,
    now: datetime | None = None,
    refresh: bool = False,
) -> Standing:
    """One deputy's scored figures and the year's activities behind them, kept together
    like the board (portal.figures), with the rank on the district's board.

    Scoring one deputy is a query of some twenty correlated counts: about 20 ms of the
    database and as much of building it, on every opening of a report. The activities by
    type and the trainings are kept with the figures, so that a report never lists a
    training its score has not counted yet (or the reverse), and a kept report reads
    neither. An inactive deputy is not on the board: scored all the same, with `rank` None.
    """
    board = merit_board(deputy.district, year, today=today, now=now, refresh=refresh)

    def figures() -> tuple[dict[str, Any], YearDetails]:
        return _deputy_figures(deputy.pk, board.scoring), deputy_year_details(deputy, year)

    kept = cached_figures(
        ("merit-deputy-year", *scoring_key(board.scoring), deputy.pk), figures, refresh=refresh
    )
    scored, details = kept.value
    row = BoardRow(
        pk=deputy.pk,
        rank=dict(board.ranks).get(deputy.pk),
        board_size=len(board.ranks),
        computed_at=kept.computed_at,
        **scored,
    )
    return Standing(scoring=board.scoring, row=row, details=details)


# A deputy id no row has: marks the parameter that `_deputy_figures` fills in.
_ANY_DEPUTY = -7_345_812_901
_STATEMENTS_KEPT = 32
_statements: dict[tuple, tuple[str, list, int, list[int]]] = {}


def _deputy_figures(pk: int, scoring: Scoring) -> dict[str, Any]:
    """`score_deputies`' figures of one deputy, from a statement compiled once per scoring.

    The statement is some 23,000 characters: building and compiling it with the ORM took
    25–35 ms of CPU on every first opening of a report, more than PostgreSQL takes to run
    it. Between two reports of one `scoring_key` it differs only by the deputy's id and the
    moment (`scoring.now`, up to which open issues count as overdue), so it is compiled once
    per key (in this process, a few dozen kept) with a marker in the id's place, and run with
    each report's id and moment in their places.
    """
    key = scoring_key(scoring)
    statement = _statements.get(key)
    if statement is None:
        scored = score_deputies(Deputy.objects.filter(pk=_ANY_DEPUTY), scoring)
        sql, params = scored.values(*scored.query.annotations).query.sql_with_params()
        places = [i for i, value in enumerate(params) if value == _ANY_DEPUTY]
        if len(places) != 1:  # never seen; the ORM then builds it each time
            scored = score_deputies(Deputy.objects.filter(pk=pk), scoring)
            return scored.values(*scored.query.annotations).get()
        # The moment as the backend was given it: SQLite's adapter has made it a string.
        moment = connection.ops.adapt_datetimefield_value(scoring.now)
        moments = [i for i, value in enumerate(params) if value in (scoring.now, moment)]
        if len(_statements) >= _STATEMENTS_KEPT:
            _statements.clear()
        statement = _statements[key] = (sql, list(params), places[0], moments)
    sql, kept, place, moments = statement
    params = list(kept)
    params[place] = pk
    for i in moments:
        params[i] = connection.ops.adapt_datetimefield_value(scoring.now)
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        names = [column[0] for column in cursor.description]
        row = cursor.fetchone()
    if row is None:
        raise Deputy.DoesNotExist
    return dict(zip(names, row, strict=True))


def breakdown(scoring: Scoring, row: Deputy | BoardRow) -> list[PartResult]:
    """The score's parts for one annotated row, in display order (no queries)."""
    parts = []
    for c in scoring.components:
        goal = getattr(row, c.denominator) if c.is_rate else c.target
        parts.append(
            PartResult(
                component=c,
                achieved=getattr(row, c.count),
                goal=goal,
                applies=bool(goal) and row.applied_weight > 0,
                percent=100.0 * getattr(row, f"share_{c.key}"),
                weight=getattr(scoring.weights, c.key),
                points=getattr(row, f"pts_{c.key}"),
            )
        )
    return parts


def is_top(row: Deputy | BoardRow) -> bool:
    """Highlighted as 争先创优: in the top ten ranks, with something achieved."""
    return row.rank is not None and row.rank <= TOP_RANKS and row.score > 0


def medal_for(row: Deputy | BoardRow) -> str:
    """Gold, silver or bronze for the first three ranks (with a score above 0), else ""."""
    return str(MEDALS.get(row.rank, "")) if is_top(row) else ""


class TrainingAttended(NamedTuple):
    """A training in a deputy's year, as the annual report and the deputy's year list it."""

    pk: int  # the activity
    date: date
    kind: str  # the activity type's name
    venue: str


def trainings_attended(activities: QuerySet[Activity]) -> list[TrainingAttended]:
    """The trainings among `activities`, oldest first, read as values (one query)."""
    trainings = activities.filter(type__counts_as=ActivityType.Counts.TRAINING)
    return [
        TrainingAttended(pk, day, kind, Activity.venue_from(station, place))
        for pk, day, kind, station, place in trainings.order_by("date", "pk").values_list(
            "pk", "date", "type__name", "station__name", "place"
        )
    ]


@dataclass
class YearDetails:
    """What a one-page annual report lists beside the score, as plain values (it is kept
    with the score's figures)."""

    by_type: list[dict]
    trainings: list[TrainingAttended]
    participants: int


def deputy_year_details(deputy: Deputy, year: int) -> YearDetails:
    """The deputy's activities by type, trainings attended and people reached (2 queries:
    the people reached are the sum of each type's)."""
    activities = Activity.objects.of_deputy(deputy).filter(
        date__range=(date(year, 1, 1), date(year, 12, 31))
    )
    by_type = list(
        activities.values("type__name")
        .annotate(count=Count("pk"), participants=Coalesce(Sum("participants"), 0))
        .order_by("-count", "type__name")
    )
    trainings = trainings_attended(activities)
    participants = sum(row["participants"] for row in by_type)
    return YearDetails(by_type=by_type, trainings=trainings, participants=participants)


@dataclass(frozen=True)
class ReportFacts:
    """Who the deputy is, as the annual report heads it, as plain values (kept)."""

    mandates: list[tuple[str, str]]  # (Level code, electoral unit), national first
    stations: list[str]  # the resident stations' names
    groups: list[str]  # the deputies' groups' names

    @property
    def levels(self) -> list[tuple[str, str]]:
        """(level, electoral unit) of each mandate, the level in the current language (a
        code Level no longer has as it is stored, as `get_level_display` would show it)."""
        labels = dict(Level.choices)
        return [(labels.get(level, level), unit) for level, unit in self.mandates]


def report_facts(deputy: Deputy) -> ReportFacts:
    """The deputy's levels, resident stations and groups, for the annual report's head.

    Three queries, kept (portal.choices.kept_value) until a deputy, mandate, registration,
    station or group, or a group's members, change. Resident stations only: a home-community
    registration (双报到) says where the deputy lives, which a report read out to voters
    should not.
    """

    def read() -> ReportFacts:
        mandates = Mandate.objects.filter(deputy=deputy).order_by(LEVEL_ORDER, "pk")
        stations = StationAssignment.objects.filter(
            deputy=deputy, role=StationAssignment.Role.RESIDENT
        ).order_by("station__name")
        return ReportFacts(
            mandates=list(mandates.values_list("level", "electoral_unit")),
            stations=list(stations.values_list("station__name", flat=True)),
            groups=list(deputy.deputy_groups.order_by("name").values_list("name", flat=True)),
        )

    return kept_value(f"report-facts:{deputy.pk}", read)
