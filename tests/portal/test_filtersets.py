"""A filter form's fields are made for its request: not copied again, never shared."""

import pytest
from django.http import QueryDict

from issues.filters import IssueFilterSet
from issues.models import Issue

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
