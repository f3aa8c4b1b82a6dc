"""The workbench issue list's FilterSet: every choice comes from the user's own scope."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta

import django_filters
from django import forms
from django.db.models import Case, F, IntegerField, Q, QuerySet, Value, When
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from issues.models import Category, Issue, Rating, Source, State
from portal.choices import use_cached_choices
from portal.filtersets import DateFilter, PortalFilterSet
from portal.models import Area, Department, User
from portal.params import parse_id
from portal.roles import Role
from portal.widgets import (
    PlainCheckboxSelectMultiple,
    PlainDateInput,
    PlainNumberInput,
    PlainSelect,
    PlainTextInput,
)
from representatives.models import Deputy
from stations.models import Station

# The lifecycle order, so that sorting by state reads submitted → … → closed, not A → Z.
STATE_ORDER = [
    State.SUBMITTED,
    State.REGISTERED,
    State.REOPENED,
    State.TRANSFERRED,
    State.IN_PROGRESS,
    State.ANSWERED,
    State.CLOSED,
    State.REJECTED,
    State.MERGED,
]

SORT_CHOICES = [
    ("-submitted_at", _("Newest first")),
    ("submitted_at", _("Oldest first")),
    ("deadline", _("Deadline, soonest first")),
    ("-deadline", _("Deadline, latest first")),
    ("state", _("State, in lifecycle order")),
    ("-state", _("State, reversed")),
]


def _state_rank() -> Case:
    return Case(
        *(When(state=state, then=Value(rank)) for rank, state in enumerate(STATE_ORDER)),
        output_field=IntegerField(),
    )


def start_of_day(day: date) -> datetime:
    """Midnight of `day` in the portal's time zone (ranges on the indexed column, not __date)."""
    return timezone.make_aware(datetime.combine(day, time.min))


class ChosenOnlySelect(PlainSelect):
    """A <select> of "All" and the current choice only; a name search beside it finds others.

    A district has about a thousand deputies and a hundred stations: offering them all made
    every list page render (and send) a thousand options. Links from the dashboard still
    pass an id, which shows here as the one choice and can be cleared.
    """

    def listed_choices(self, value: list[str]) -> list[tuple[object, object]]:
        everything = self.choices
        # The values as the request gave them, valid or not: "abc" or an id too large for the
        # database is no choice to show (the field reports it), not a query to send.
        chosen = [pk for pk in map(parse_id, value) if pk is not None]
        objects = everything.queryset.filter(pk__in=chosen) if chosen else []
        return [("", everything.field.empty_label)] + [everything.choice(obj) for obj in objects]


def drop_place_filters(filterset: django_filters.FilterSet, user: User) -> None:
    """Drop the place filters a list does not offer the user (before any form is built).

    Shared by the issue list and the activity ledger. A district's staff get no district
    filter (it would offer one value); a station or deputy <select> is shown only when a
    link chose one (ChosenOnlySelect), the name searches beside them being the way in.
    """
    unwanted = [] if user.is_superuser else ["district"]
    unwanted += [name for name in ("station", "deputy") if not (filterset.data or {}).get(name)]
    for name in unwanted:
        filterset.filters.pop(name, None)


def scope_place_fields(fields: dict[str, forms.Field], user: User) -> None:
    """Give a form's district, subdistrict, station and deputy fields the user's scope only."""
    if "subdistrict" in fields:
        fields["subdistrict"].queryset = (
            Area.objects.for_user(user)
            .filter(level=Area.Level.SUBDISTRICT)
            .select_related("parent")
        )
        use_cached_choices(fields["subdistrict"], name="subdistrict", user=user)
    if "station" in fields:
        fields["station"].queryset = Station.objects.for_user(user).order_by("name")
    if "deputy" in fields:
        fields["deputy"].queryset = Deputy.objects.for_user(user)
    if "district" in fields:
        fields["district"].queryset = Area.objects.districts()
        use_cached_choices(fields["district"], name="district", user=user)


class YesNo(django_filters.ChoiceFilter):
    def __init__(self, *args, **kwargs) -> None:
        kwargs.setdefault("choices", [("yes", _("Yes")), ("no", _("No"))])
        kwargs.setdefault("empty_label", _("Any"))
        kwargs.setdefault("widget", PlainSelect)
        super().__init__(*args, **kwargs)


class IssueFilterSet(PortalFilterSet):
    """Filters for `/work/issues/`; built on a queryset already narrowed by `for_user`."""

    q = django_filters.CharFilter(
        label=_("Search"),
        method="filter_search",
        widget=PlainTextInput(
            attrs={"type": "search", "placeholder": _("Tracking number or words")}
        ),
    )
    state = django_filters.MultipleChoiceFilter(
        label=_("State"),
        choices=State.choices,
        widget=PlainCheckboxSelectMultiple,
        # One column of the issue itself: no join can repeat a row, so no DISTINCT (which
        # would make PostgreSQL sort whole rows).
        distinct=False,
    )
    district = django_filters.ModelChoiceFilter(
        label=_("District"), queryset=Area.objects.none(), empty_label=_("All"), widget=PlainSelect
    )
    subdistrict = django_filters.ModelChoiceFilter(
        label=_("Subdistrict / town"),
        queryset=Area.objects.none(),
        method="filter_subdistrict",
        empty_label=_("All"),
        widget=PlainSelect,
    )
    station = django_filters.ModelChoiceFilter(
        label=_("Station"),
        queryset=Station.objects.none(),
        empty_label=_("All"),
        widget=ChosenOnlySelect,
    )
    station_name = django_filters.CharFilter(
        label=_("Station name contains"),
        field_name="station__name",
        lookup_expr="icontains",
        widget=PlainTextInput(attrs={"type": "search"}),
    )
    category = django_filters.ModelChoiceFilter(
        label=_("Category"),
        queryset=Category.objects.all(),
        empty_label=_("All"),
        widget=PlainSelect,
    )
    deputy = django_filters.ModelChoiceFilter(
        label=_("Deputy"),
        queryset=Deputy.objects.none(),
        empty_label=_("All"),
        widget=ChosenOnlySelect,
    )
    deputy_name = django_filters.CharFilter(
        label=_("Deputy name contains"),
        field_name="deputy__name",
        lookup_expr="icontains",
        widget=PlainTextInput(attrs={"type": "search"}),
    )
    department = django_filters.ModelChoiceFilter(
        label=_("Department"),
        queryset=Department.objects.none(),
        empty_label=_("All"),
        widget=PlainSelect,
    )
    source = django_filters.ChoiceFilter(
        label=_("Source"), choices=Source.choices, empty_label=_("All"), widget=PlainSelect
    )
    overdue = YesNo(label=_("Overdue"), method="filter_overdue")
    transferred = YesNo(label=_("Ever transferred (转办)"), method="filter_transferred")
    rating = django_filters.ChoiceFilter(
        label=_("Citizen's rating"),
        choices=[
            *Rating.choices,
            ("rated", _("Any rating")),
            ("unrated", _("Not rated")),
        ],
        empty_label=_("All"),
        method="filter_rating",
        widget=PlainSelect,
    )
    answered_on_time = YesNo(label=_("Answered on time"), method="filter_answered_on_time")
    due_within = django_filters.NumberFilter(
        label=_("Due within (days)"),
        method="filter_due_within",
        min_value=1,
        max_value=365,
        widget=PlainNumberInput(attrs={"inputmode": "numeric", "min": 1, "max": 365}),
    )
    submitted_from = DateFilter(
        label=_("Submitted from"),
        method="filter_submitted_from",
        widget=PlainDateInput(attrs={"type": "date"}),
    )
    submitted_to = DateFilter(
        label=_("Submitted until"),
        method="filter_submitted_to",
        widget=PlainDateInput(attrs={"type": "date"}),
    )
    flagged = django_filters.ChoiceFilter(
        label=_("Blocklisted submissions"),
        choices=[("include", _("Show them too")), ("only", _("Show only them"))],
        empty_label=_("Hide them"),
        method="filter_flagged",
        widget=PlainSelect,
    )
    sort = django_filters.ChoiceFilter(
        label=_("Sort by"),
        choices=SORT_CHOICES,
        empty_label=None,
        method="filter_sort",
        widget=PlainSelect,
    )

    class Meta:
        model = Issue
        fields: list[str] = []

    def __init__(self, data=None, queryset=None, *, user: User, now: datetime | None = None):
        super().__init__(data, queryset)
        self.user = user
        self.now = now or timezone.now()
        drop_place_filters(self, user)
        if user.role == Role.DEPARTMENT and not user.is_superuser:
            # A department sees only what was transferred to it: places and deputies of the
            # district are not its business, and its own name would be the only choice.
            for name in (
                "subdistrict",
                "station",
                "station_name",
                "deputy",
                "deputy_name",
                "department",
            ):
                self.filters.pop(name, None)
        elif user.role == Role.DEPUTY and not user.is_superuser:
            self.filters.pop("department", None)

    def prepare_fields(self, fields: dict[str, forms.Field]) -> None:
        scope_place_fields(fields, self.user)
        if "department" in fields:
            fields["department"].queryset = Department.objects.for_user(self.user)
            use_cached_choices(fields["department"], name="department", user=self.user)
        if "category" in fields:
            fields["category"].queryset = Category.objects.all()
            use_cached_choices(fields["category"], name="category", user=self.user)

    @property
    def has_filters(self) -> bool:
        """Whether any filter (not the sort order or the page) narrows the list."""
        return any(
            value not in (None, "", []) for key, value in self.cleaned_data.items() if key != "sort"
        )

    def filter_queryset(self, queryset: QuerySet) -> QuerySet:
        queryset = super().filter_queryset(queryset)
        if not self.cleaned_data.get("flagged"):
            queryset = queryset.in_work_queue()
        if not self.cleaned_data.get("sort"):
            queryset = self.filter_sort(queryset, "sort", "-submitted_at")
        return queryset

    def filter_search(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        value = value.strip()
        if not value:
            return queryset
        return queryset.filter(Q(tracking_number__icontains=value) | Q(text__icontains=value))

    def filter_subdistrict(self, queryset: QuerySet, name: str, value: Area) -> QuerySet:
        # A station sits on a subdistrict itself or on one of its communities.
        return queryset.filter(Q(station__area=value) | Q(station__area__parent=value))

    def filter_overdue(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        if value == "yes":
            return queryset.overdue(self.now)
        return queryset.with_overdue(self.now).filter(is_overdue_db=False)

    def filter_transferred(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        if value == "yes":
            return queryset.ever_transferred()
        return queryset.never_transferred()

    def filter_rating(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        if value == "rated":
            return queryset.exclude(rating="")
        if value == "unrated":
            return queryset.filter(rating="")
        return queryset.filter(rating=value)

    def filter_answered_on_time(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        # "no" is the rest of the on-time rate's denominator (answered late), not every issue
        # that was not answered on time: yes + no = the issues the rate is taken over.
        if value == "yes":
            return queryset.answered_on_time()
        return queryset.answered_late()

    def filter_due_within(self, queryset: QuerySet, name: str, value) -> QuerySet:
        return queryset.due_within(int(value), self.now)

    def filter_submitted_from(self, queryset: QuerySet, name: str, value: date) -> QuerySet:
        return queryset.filter(submitted_at__gte=start_of_day(value))

    def filter_submitted_to(self, queryset: QuerySet, name: str, value: date) -> QuerySet:
        return queryset.filter(submitted_at__lt=start_of_day(value + timedelta(days=1)))

    def filter_flagged(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        return queryset.filter(is_flagged=True) if value == "only" else queryset

    def filter_sort(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        descending = value.startswith("-")
        key = value.lstrip("-")
        expression = _state_rank() if key == "state" else F(key)
        # Issues without a deadline (not yet registered) go last either way. The other keys
        # are never NULL: plain ordering there matches the queue's index (issue_queue_newest_idx).
        nulls_last = True if key == "deadline" else None
        ordered = (
            expression.desc(nulls_last=nulls_last)
            if descending
            else expression.asc(nulls_last=nulls_last)
        )
        return queryset.order_by(ordered, "-submitted_at", "-pk")
