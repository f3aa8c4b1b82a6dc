"""Reads for the workbench: scoped issue lists, one issue with its timeline, and choices."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import NamedTuple

from django.core.paginator import Page, Paginator
from django.db.models import F, Prefetch, Q, QuerySet
from django.utils import timezone
from django.utils.functional import cached_property

from issues.filters import IssueFilterSet
from issues.models import UNFINISHED_IN_QUEUE, Issue, IssueEvent, State, is_overdue
from portal.models import Area, User
from portal.roles import Role

PAGE_SIZE = 25

# An issue's relations, fetched with it where issues are shown as models (an activity's
# linked issues): the work lists' rows are `IssueRow`s, read as values.
LIST_RELATED = [
    "category",
    "station",
    "district",
    "deputy",
    "department",
    "assignee__deputy",
]

# What a list row (work queue, my issues, the deputy's home) shows: its own columns, and the
# names of its category, station and district beside them, read as values (`IssueRow`).
# Twenty-five model objects with the names annotated cost the staff list 6 % of its
# instructions a request (28.7 → 27.0 M) and the deputy's issues 7 % (docs/PERFORMANCE.md).
ROW_VALUES = (
    "pk",
    "tracking_number",
    "text",
    "state",
    "deadline",
    "escalation_level",
    "citizen_phone",
    "submitted_at",
    "is_flagged",
    "station_id",
    "category__name",
    "station__name",
    "district__name",
)
_STATE, _DEADLINE = ROW_VALUES.index("state"), ROW_VALUES.index("deadline")


class IssueRow(NamedTuple):
    """An issue as a list row or a phone card (`{% issue_row %}`, `{% issue_card %}`)."""

    pk: int
    tracking_number: str
    text: str
    state: str
    deadline: datetime | None
    escalation_level: int
    citizen_phone: str
    submitted_at: datetime
    is_flagged: bool
    station_id: int | None
    category_name: str
    station_name: str | None
    district_name: str
    is_overdue_now: bool  # `is_overdue` at the time the rows were read


def workbench_role(user: User) -> str | None:
    """The workbench a user works in: "staff", "department", "deputy", or None (no access)."""
    if not user.is_authenticated or not user.is_active:
        return None
    if user.is_superuser or (user.role == Role.DISTRICT_STAFF and user.district_id):
        return "staff"
    if user.role == Role.DEPARTMENT and user.department_id:
        return "department"
    if user.role == Role.DEPUTY:
        return "deputy"
    return None


def issues_for(user: User) -> QuerySet[Issue]:
    """Every issue the user may open: the one door (`for_user`) with the list's relations."""
    return Issue.objects.for_user(user).select_related(*LIST_RELATED)


@dataclass
class IssueList:
    filterset: IssueFilterSet
    page: Page

    @property
    def issues(self) -> list[IssueRow]:
        return list(self.page.object_list)


def issue_list_for(
    user: User,
    params: Mapping[str, str] | None = None,
    *,
    page: str | int | None = 1,
    now: datetime | None = None,
) -> IssueList:
    """The work queue under the user's filters, sorted and paginated (25 a page).

    Scope comes first: the FilterSet only ever narrows `for_user`'s rows, so no filter value
    (a station id of another district, say) can widen what the user sees.
    """
    now = now or timezone.now()
    # Not issues_for(): the list's queries read ids (its rows come from issues_by_ids), and
    # the related tables' names were copied deep with every clone of the queryset.
    base = Issue.objects.for_user(user)
    filterset = IssueFilterSet(params if params is not None else {}, base, user=user, now=now)
    return IssueList(filterset=filterset, page=page_of_issues(filterset.qs, page, now=now))


class BoundedPaginator(Paginator):
    """A paginator that counts at most `limit` rows: "more than 10,000" rather than 82,719.

    Counting is the one part of a list page that grows with the district: an exact count
    of a city district's 80,000 issues took PostgreSQL 10–15 ms on every unfiltered page
    (docs/PERFORMANCE.md). Up to the limit the count is exact; past it `capped` is true,
    the first `limit` rows can be paged through, and narrower filters or another sort order
    reach the rest (the Excel export always has every row).
    """

    limit = 10_000

    @cached_property
    def count(self) -> int:
        return min(self._counted, self.limit)

    @property
    def capped(self) -> bool:
        """Whether more rows match than were counted."""
        return self._counted > self.limit

    @cached_property
    def _counted(self) -> int:
        # Any `limit + 1` rows will do for counting: no ORDER BY, so no sort of the whole set.
        return self.object_list.order_by()[: self.limit + 1].count()


def page_of_issues(
    queryset: QuerySet[Issue],
    number: str | int | None,
    *,
    per_page: int = PAGE_SIZE,
    now: datetime | None = None,
) -> Page:
    """One page of `queryset`, its rows fetched by id in a second, simple query.

    Choosing the page's ids touches the issue table alone; joining the six related tables
    only for those 25 rows took PostgreSQL's planner a third of the time the one big query
    did (docs/PERFORMANCE.md). The count stops at `BoundedPaginator.limit`.
    """
    page = BoundedPaginator(queryset.values_list("pk", flat=True), per_page).get_page(number)
    page.object_list = issues_by_ids(list(page.object_list), now=now)
    return page


def issues_by_ids(ids: list[int], *, now: datetime | None = None) -> list[IssueRow]:
    """The issues with these ids, in the given order, as the rows a list shows.

    `is_overdue_now` is `is_overdue` at `now`: worked out here rather than by
    `with_overdue`'s CASE, whose building and compiling was a third of the query's cost
    (docs/PERFORMANCE.md).
    """
    if not ids:
        return []
    now = now or timezone.now()
    found = Issue.objects.filter(pk__in=ids).order_by().values_list(*ROW_VALUES)
    rows = {values[0]: values for values in found}  # put in the ids' order below
    return [
        IssueRow(*values, is_overdue_now=is_overdue(values[_STATE], values[_DEADLINE], now))
        for values in (rows[pk] for pk in ids if pk in rows)
    ]


def my_issues_for(user: User) -> QuerySet[Issue]:
    """What still waits on this user, soonest deadline first (a deputy's phone list).

    Deputies see the unfinished issues of their stations, raised through them or assigned to
    them (`for_user`); staff and departments see those assigned to them or their department.
    Answered and final issues are done from the user's side, so they are left out.
    """
    # Blocklisted and finished ones left out in the words of issue_station_unfinished_idx.
    queryset = Issue.objects.for_user(user).filter(UNFINISHED_IN_QUEUE)
    role = workbench_role(user)
    if role == "department":
        queryset = queryset.filter(state=State.TRANSFERRED)
    elif role == "staff":
        queryset = queryset.filter(assignee=user)
    return queryset.order_by(F("deadline").asc(nulls_last=True), "submitted_at", "pk")


# The relations the issue page names, and all it reads of them: their names. Their other
# columns (a station has 21) cost the page 2.5 % of its instructions (docs/PERFORMANCE.md).
DETAIL_NAMED = ("category", "station", "district", "deputy", "department")
DETAIL_FIELDS = (
    *(field.name for field in Issue._meta.concrete_fields),
    *(f"{relation}__name" for relation in DETAIL_NAMED),
)


def issue_detail_queryset(user: User) -> QuerySet[Issue]:
    """The issues whose detail page the user may open, with what every such page shows.

    Five relations are joined (their names) and the photos and timeline (with actors)
    prefetched. The assignee and the merge target are not: `issue_detail` fetches them only
    when the issue has them. Joining them as well took PostgreSQL's planner 3 ms per page,
    four times the rest of the query; prefetching them cost Django a query built, and found
    empty, for each one the issue lacks (docs/PERFORMANCE.md).
    """
    events = IssueEvent.objects.select_related("actor__deputy").order_by("created_at", "pk")
    return (
        Issue.objects.for_user(user)
        .select_related(*DETAIL_NAMED)
        .only(*DETAIL_FIELDS)
        .prefetch_related("photos", Prefetch("events", queryset=events))
    )


def issue_detail(user: User, pk: int) -> Issue | None:
    """One issue in the user's scope with everything its page shows; None outside it."""
    issue = issue_detail_queryset(user).filter(pk=pk).first()
    if issue is None:
        return None
    if issue.assignee_id is not None:
        issue.assignee = User.objects.select_related("deputy").filter(pk=issue.assignee_id).first()
    if issue.merged_into_id is not None:
        issue.merged_into = Issue.objects.filter(pk=issue.merged_into_id).first()
    return issue


def assignee_choices(district: Area | int) -> QuerySet[User]:
    """Who may be made responsible (责任人): the district's staff and its deputies' accounts."""
    district_id = district.pk if isinstance(district, Area) else district
    return (
        User.objects.filter(is_active=True)
        .filter(
            Q(role=Role.DISTRICT_STAFF, district_id=district_id)
            | Q(role=Role.DEPUTY, deputy__district_id=district_id, deputy__is_active=True)
        )
        .select_related("deputy")
        .order_by("role", "username")
    )


def merge_target(user: User, issue: Issue, tracking_number: str) -> Issue | None:
    """The issue of the same district, within the user's scope, with this tracking number."""
    return (
        Issue.objects.for_user(user)
        .filter(district_id=issue.district_id, tracking_number__iexact=tracking_number.strip())
        .exclude(pk=issue.pk)
        .first()
    )
