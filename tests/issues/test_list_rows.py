"""The rows the issue lists show, read as values (`IssueRow`): the issue's own fields and
the names of its category, station and district, in the order of the ids asked for."""

from datetime import timedelta

import pytest
from django.utils import timezone

from issues.models import State
from issues.selectors import IssueRow, issues_by_ids
from tests import factories

pytestmark = pytest.mark.django_db


def test_a_row_carries_the_issues_fields_and_the_names_beside_them(shinan, shinan_station):
    deadline = timezone.now() + timedelta(days=3)
    issue = factories.issue_in_state(
        "transferred",
        district=shinan,
        station=shinan_station,
        deadline=deadline,
        escalation_level=1,
        is_flagged=True,
        category=factories.CategoryFactory(name="市容环境"),
    )

    (row,) = issues_by_ids([issue.pk])

    assert row == IssueRow(
        pk=issue.pk,
        tracking_number=issue.tracking_number,
        text=issue.text,
        state=State.TRANSFERRED,
        deadline=deadline,
        escalation_level=1,
        citizen_phone=issue.citizen_phone,
        submitted_at=issue.submitted_at,
        is_flagged=True,
        station_id=shinan_station.pk,
        category_name="市容环境",
        station_name="新就业群体专业化代表联络站",
        district_name="市南区",
        is_overdue_now=False,
    )


def test_an_issue_without_a_station_has_its_district_only(shinan):
    issue = factories.issue_in_state("submitted", district=shinan, citizen_phone="")

    (row,) = issues_by_ids([issue.pk])

    assert (row.station_id, row.station_name, row.district_name) == (None, None, "市南区")
    assert row.citizen_phone == ""


def test_rows_come_in_the_order_of_the_ids_and_unknown_ids_are_left_out(shinan):
    first, second, third = (factories.issue_in_state("registered", district=shinan) for _ in "abc")

    rows = issues_by_ids([third.pk, first.pk, 987654321, second.pk])

    assert [row.pk for row in rows] == [third.pk, first.pk, second.pk]
    assert issues_by_ids([]) == []


def test_the_staff_list_shows_the_station_or_else_the_district(
    staff_client, shinan, shinan_station
):
    factories.issue_in_state("registered", district=shinan, station=shinan_station)
    factories.issue_in_state("registered", district=shinan)

    html = staff_client.get("/work/issues/").content.decode()

    assert '<span class="cell">新就业群体专业化代表联络站</span>' in html
    assert '<span class="cell"><span class="muted">市南区</span></span>' in html
