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
