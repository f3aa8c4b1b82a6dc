"""A filter form's fields are made for its request: not copied again, never shared; the
request is validated by the fields of the filters it gives."""

import pytest
from django.http import QueryDict
from django.utils import timezone

from issues.filters import IssueFilterSet
from issues.models import Issue
from representatives.filters import ActivityFilterSet
from representatives.models import Activity

pytestmark = pytest.mark.django_db


def test_the_form_uses_the_fields_made_for_it(shinan_staff):
    filterset = IssueFilterSet(QueryDict(""), Issue.objects.all(), user=shinan_staff)
    form = filterset.form

    assert form.fields["state"] is type(form).base_fields["state"]


def test_two_requests_never_share_a_field(shinan_staff, laoshan_staff):
    first = IssueFilterSet(QueryDict(""), Issue.objects.all(), user=shinan_staff).form
    second = IssueFilterSet(QueryDict(""), Issue.objects.all(), user=laoshan_staff).form

    for name in first.fields:
        assert first.fields[name] is not second.fields.get(name)
        assert first.fields[name].widget is not second.fields[name].widget
    first.fields["sort"].widget.attrs["data-probe"] = "1"
    assert "data-probe" not in second.fields["sort"].widget.attrs


def test_a_bound_filter_form_still_validates(shinan_staff):
    form = IssueFilterSet(
        QueryDict("state=transferred&due_within=999"), Issue.objects.all(), user=shinan_staff
    ).form

    assert not form.is_valid()
    assert list(form.errors) == ["due_within"]
    assert form.cleaned_data["state"] == ["transferred"]


def test_two_requests_never_share_a_filter(shinan_staff, laoshan_staff):
    first = IssueFilterSet(QueryDict(""), Issue.objects.all(), user=shinan_staff)
    second = IssueFilterSet(QueryDict(""), Issue.objects.all(), user=laoshan_staff)

    for name, filter_ in first.filters.items():
        assert filter_ is not second.filters[name]
        assert filter_ is not IssueFilterSet.base_filters[name]
        assert filter_.extra is not second.filters[name].extra
        assert filter_.parent is first
    first.filters["sort"].extra["probe"] = True
    assert "probe" not in second.filters["sort"].extra
    assert "probe" not in IssueFilterSet.base_filters["sort"].extra


def test_a_dropped_filter_stays_in_the_next_request(shinan_department_user, shinan_staff):
    """The department's list drops the place filters from its own copy only."""
    dropped = IssueFilterSet(QueryDict(""), Issue.objects.all(), user=shinan_department_user)
    full = IssueFilterSet(QueryDict(""), Issue.objects.all(), user=shinan_staff)

    assert "subdistrict" not in dropped.filters
    assert "subdistrict" in full.filters and "subdistrict" in full.form.fields


def test_a_method_filter_calls_its_own_filter_set(shinan_staff):
    filterset = IssueFilterSet(QueryDict("sort=deadline"), Issue.objects.all(), user=shinan_staff)

    assert filterset.filters["sort"].filter.f is filterset.filters["sort"]
    assert filterset.filters["sort"].filter.method == filterset.filter_sort


def every_field_validated(filterset_class: type) -> type:
    """`filterset_class` as django-filter has it: every filter's field validated and applied."""
    return type(
        f"Every{filterset_class.__name__}",
        (filterset_class,),
        {"given_filters": lambda self: set(self.filters)},
    )


def assert_filters_alike(given, every) -> None:
    assert str(given.qs.query) == str(every.qs.query)
    assert given.errors == every.errors
    assert given.has_filters == every.has_filters


@pytest.mark.parametrize(
    "query",
    [
        "",
        "state=transferred",
        "state=registered&state=transferred&sort=deadline",
        "due_within=3",
        "due_within=999",
        "q=路灯&overdue=yes&transferred=no",
        "rating=rated&answered_on_time=no&flagged=include",
        "submitted_from=2026-01-01&submitted_to=2026-02-01&source=station",
        "station_name=海口&deputy_name=王&category=1&department=1&subdistrict=1",
        "sort=-state&page=3&unknown=1",
        "sort=nonsense&due_within=abc",
    ],
)
def test_validating_the_given_filters_only_filters_as_validating_all(shinan_staff, query):
    now = timezone.now()
    args = (QueryDict(query), Issue.objects.all())
    assert_filters_alike(
        IssueFilterSet(*args, user=shinan_staff, now=now),
        every_field_validated(IssueFilterSet)(*args, user=shinan_staff, now=now),
    )


def test_only_the_given_filters_are_validated_and_the_whole_form_waits(shinan_staff):
    filterset = IssueFilterSet(
        QueryDict("state=transferred&due_within=999&station_name=x&page=2"),
        Issue.objects.all(),
        user=shinan_staff,
    )
    filterset.qs  # noqa: B018

    assert set(filterset.given_form.fields) == {"state", "due_within", "station_name"}
    assert list(filterset.errors) == ["due_within"]
    assert not hasattr(filterset, "_form")  # nothing has shown the form
    assert "sort" in filterset.form.fields and list(filterset.form.errors) == ["due_within"]


def test_a_given_filter_of_another_scope_does_not_validate(shinan_staff, laoshan_station):
    """The given form's fields get the user's scope, as the whole form's do."""
    theirs = laoshan_station.area
    filterset = IssueFilterSet(
        QueryDict(f"subdistrict={theirs.pk}"), Issue.objects.all(), user=shinan_staff
    )

    assert list(filterset.errors) == ["subdistrict"]
    assert "subdistrict" not in filterset.cleaned_data


@pytest.mark.parametrize(
    "query",
    [
        "",
        "q=接待&kind=home&specialised=yes",
        "counts_as=none&date_from=2026-01-01&date_to=2026-02-01",
        "station_name=海口&deputy_name=王&type=1&subdistrict=1",
        "date_from=yesterday&counts_as=nonsense&page=2",
    ],
)
def test_the_activity_ledger_filters_as_validating_all(shinan_staff, query):
    args = (QueryDict(query), Activity.objects.all())
    assert_filters_alike(
        ActivityFilterSet(*args, user=shinan_staff),
        every_field_validated(ActivityFilterSet)(*args, user=shinan_staff),
    )
