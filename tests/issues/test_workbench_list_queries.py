"""The list pages run a fixed number of queries, however many issues they show."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests import factories

pytestmark = pytest.mark.django_db


def fill(district, station, deputy, department, assignee, count: int) -> None:
    for number in range(count):
        factories.issue_in_state(
            ["registered", "transferred", "in_progress"][number % 3],
            district=district,
            station=station,
            deputy=deputy,
            department=department,
            assignee=assignee,
            escalation_level=number % 2,
        )


def queries(client, url: str) -> int:
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured)


@pytest.fixture
def setting(shinan, shinan_station, shinan_deputy_user, shinan_department):
    return shinan, shinan_station, shinan_deputy_user.deputy, shinan_department, shinan_deputy_user


def test_staff_list_query_count_does_not_grow_with_rows(
    staff_client, setting, django_assert_max_num_queries
):
    fill(*setting, count=3)
    few = queries(staff_client, "/work/issues/")
    fill(*setting, count=27)
    with django_assert_max_num_queries(few):
        staff_client.get("/work/issues/")


def test_superuser_list_query_count_does_not_grow_with_rows(
    admin_client, setting, django_assert_max_num_queries
):
    fill(*setting, count=3)
    few = queries(admin_client, "/work/issues/")
    fill(*setting, count=27)
    with django_assert_max_num_queries(few):
        admin_client.get("/work/issues/")


def test_deputy_my_issues_query_count_does_not_grow_with_rows(
    client, setting, django_assert_max_num_queries
):
    client.force_login(setting[-1])
    fill(*setting, count=3)
    few = queries(client, "/work/mine/")
    fill(*setting, count=27)
    with django_assert_max_num_queries(few):
        client.get("/work/mine/")


def test_staff_list_stays_within_a_small_fixed_budget(
    staff_client, setting, django_assert_max_num_queries
):
    fill(*setting, count=30)
    # Session, user, count, page, and one query for each scoped filter's choices.
    with django_assert_max_num_queries(12):
        staff_client.get("/work/issues/")


def test_detail_query_count_does_not_grow_with_the_timeline(
    staff_client, shinan_issue, shinan_staff, django_assert_max_num_queries
):
    from issues.models import IssueEvent

    IssueEvent.objects.create(issue=shinan_issue, action="submit", to_state="submitted")
    few = queries(staff_client, f"/work/issues/{shinan_issue.pk}/")
    for _ in range(20):
        IssueEvent.objects.create(
            issue=shinan_issue, action="escalate", actor=shinan_staff, to_state="submitted"
        )
    with django_assert_max_num_queries(few):
        staff_client.get(f"/work/issues/{shinan_issue.pk}/")
