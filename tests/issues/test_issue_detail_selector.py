"""selectors.issue_detail: one issue in scope with everything its page shows, and no more."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from issues import selectors
from issues.models import IssueEvent
from tests import factories

pytestmark = pytest.mark.django_db


def test_an_issue_outside_the_users_scope_is_none(shinan_staff, laoshan_issue):
    assert selectors.issue_detail(shinan_staff, laoshan_issue.pk) is None


def test_a_missing_issue_is_none(shinan_staff, shinan_issue):
    assert selectors.issue_detail(shinan_staff, shinan_issue.pk + 1000) is None


def test_without_assignee_or_merge_target_it_takes_three_queries(shinan_staff, shinan_issue):
    IssueEvent.objects.create(
        issue=shinan_issue, action="escalate", actor=shinan_staff, to_state="submitted"
    )
    with CaptureQueriesContext(connection) as captured:
        issue = selectors.issue_detail(shinan_staff, shinan_issue.pk)
        # The page reads these: each is already there.
        assert issue.assignee is None
        assert issue.merged_into is None
        actors = [event.actor.username for event in issue.events.all() if event.actor]
        assert actors == [shinan_staff.username]
        assert list(issue.photos.all()) == []
    # The issue, its photos and its timeline; nothing asked of the users or other issues.
    assert len(captured) == 3, [query["sql"] for query in captured]


def test_the_names_the_page_shows_come_with_the_issue(
    shinan_staff, shinan, shinan_station, shinan_department
):
    issue = factories.issue_in_state(
        "transferred",
        district=shinan,
        station=shinan_station,
        department=shinan_department,
        deputy=factories.DeputyFactory(district=shinan, name="王代表"),
        category=factories.CategoryFactory(name="市容环境"),
    )
    with CaptureQueriesContext(connection) as captured:
        fetched = selectors.issue_detail(shinan_staff, issue.pk)
        names = [
            fetched.category.name,
            fetched.district.name,
            fetched.station.name,
            fetched.deputy.name,
            fetched.department.name,
        ]
        # and the issue's own columns, every one of them
        own = {field.attname: getattr(fetched, field.attname) for field in fetched._meta.fields}
    assert names == [
        "市容环境",
        "市南区",
        "新就业群体专业化代表联络站",
        "王代表",
        "市南区城市管理局",
    ]
    assert own["tracking_number"] == issue.tracking_number and own["text"] == issue.text
    assert len(captured) == 3, [query["sql"] for query in captured]


def test_the_assignee_comes_with_their_deputy_profile(shinan_staff, shinan, shinan_deputy_user):
    issue = factories.issue_in_state("registered", district=shinan, assignee=shinan_deputy_user)
    fetched = selectors.issue_detail(shinan_staff, issue.pk)
    with CaptureQueriesContext(connection) as captured:
        assert fetched.assignee == shinan_deputy_user
        assert fetched.assignee.deputy.name == shinan_deputy_user.deputy.name
    assert len(captured) == 0


def test_a_staff_assignee_without_deputy_profile(shinan_staff, shinan):
    issue = factories.issue_in_state("registered", district=shinan, assignee=shinan_staff)
    fetched = selectors.issue_detail(shinan_staff, issue.pk)
    with CaptureQueriesContext(connection) as captured:
        assert fetched.assignee == shinan_staff
        assert not hasattr(fetched.assignee, "deputy")
    assert len(captured) == 0


def test_the_merge_target_is_there_with_its_tracking_number(shinan_staff, shinan):
    issue = factories.issue_in_state("merged", district=shinan)
    fetched = selectors.issue_detail(shinan_staff, issue.pk)
    with CaptureQueriesContext(connection) as captured:
        assert fetched.merged_into.tracking_number == issue.merged_into.tracking_number
    assert len(captured) == 0
