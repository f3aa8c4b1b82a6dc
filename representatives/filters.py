"""The activity ledger's FilterSet (履职台账): every choice comes from the user's own scope."""

from __future__ import annotations

import django_filters
from django import forms
from django.db.models import Q, QuerySet
from django.utils.translation import gettext_lazy as _

from issues.filters import ChosenOnlySelect, YesNo, drop_place_filters, scope_place_fields
from portal.choices import use_cached_choices
from portal.filtersets import DateFilter, PortalFilterSet
from portal.models import Area, User
from portal.widgets import PlainSelect
from representatives.models import Activity, ActivityType, Deputy
from stations.models import Station, specialised_home_q

# ActivityType.Counts.NONE is the empty string, which a form cannot tell from "no filter":
# the ledger names it "none".
COUNTS_AS_CHOICES = [
    ("reception", ActivityType.Counts.RECEPTION.label),
    ("training", ActivityType.Counts.TRAINING.label),
    ("report", ActivityType.Counts.REPORT.label),
    ("none", ActivityType.Counts.NONE.label),
]


class ActivityFilterSet(PortalFilterSet):
    """Filters for `/work/stats/activities/`; built on `Activity.objects.for_user(user)`."""

    q = django_filters.CharFilter(
        label=_("Search"),
        method="filter_search",
        widget=forms.TextInput(attrs={"type": "search", "placeholder": _("Summary or venue")}),
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
        widget=forms.TextInput(attrs={"type": "search"}),
    )
    kind = django_filters.ChoiceFilter(
        label=_("Kind of station"),
        field_name="station__kind",
        choices=Station.Kind.choices,
        empty_label=_("All"),
        widget=PlainSelect,
        # The activity's own station: one row each, no join that repeats rows.
        distinct=False,
    )
    specialised = YesNo(
        label=_("At a specialised home (专业代表之家)"), method="filter_specialised"
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
        widget=forms.TextInput(attrs={"type": "search"}),
    )
    type = django_filters.ModelChoiceFilter(
        label=_("Activity type"),
        queryset=ActivityType.objects.all(),
        empty_label=_("All"),
        widget=PlainSelect,
    )
    counts_as = django_filters.ChoiceFilter(
        label=_("Counts as"),
        choices=COUNTS_AS_CHOICES,
        empty_label=_("All"),
        method="filter_counts_as",
        widget=PlainSelect,
    )
    date_from = DateFilter(
        label=_("From"),
        field_name="date",
        lookup_expr="gte",
        widget=forms.DateInput(attrs={"type": "date"}),
    )
    date_to = DateFilter(
        label=_("Until"),
        field_name="date",
        lookup_expr="lte",
        widget=forms.DateInput(attrs={"type": "date"}),
    )

    class Meta:
        model = Activity
        fields: list[str] = []

    def __init__(self, data=None, queryset=None, *, user: User) -> None:
        super().__init__(data, queryset)
        self.user = user
        drop_place_filters(self, user)

    def prepare_fields(self, fields: dict[str, forms.Field]) -> None:
        scope_place_fields(fields, self.user)
        if "type" in fields:
            use_cached_choices(fields["type"], name="activity-type", user=self.user)

    @property
    def has_filters(self) -> bool:
        """Whether any filter narrows the list (the page number does not count)."""
        return any(value not in (None, "", []) for value in self.cleaned_data.values())

    def filter_search(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        value = value.strip()
        if not value:
            return queryset
        # The venue too: "专业代表之家" finds every activity held in one of those homes.
        return queryset.filter(
            Q(summary__icontains=value)
            | Q(station__name__icontains=value)
            | Q(place__icontains=value)
        )

    def filter_subdistrict(self, queryset: QuerySet, name: str, value: Area) -> QuerySet:
        # A station sits on a subdistrict itself or on one of its communities.
        return queryset.filter(Q(station__area=value) | Q(station__area__parent=value))

    def filter_counts_as(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        return queryset.filter(type__counts_as="" if value == "none" else value)

    def filter_specialised(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        if value == "yes":
            return queryset.filter(specialised_home_q("station__"))
        # Activities held elsewhere (no station) are not at a specialised home either.
        return queryset.exclude(specialised_home_q("station__"))
