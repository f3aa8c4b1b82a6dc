"""A deputy's phone list of unfinished issues, and what they may do on those assigned to them."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from issues.models import Issue, State
from tests import factories

pytestmark = pytest.mark.django_db

MINE = "/work/mine/"


@pytest.fixture
def deputy_client(client, shinan_deputy_user):
    client.force_login(shinan_deputy_user)
    return client


def mine(client) -> list[int]:
    """The ids of the deputy's issues, in the order listed."""
    response = client.get(MINE)
    assert response.status_code == 200
    return [issue.pk for issue in response.context["issues"]]


def test_url_is_stable():
    assert reverse("workbench:mine") == MINE


def test_lists_open_issues_of_the_deputys_stations(deputy_client, shinan, shinan_station):
    ours = factories.issue_in_state("in_progress", district=shinan, station=shinan_station)
    factories.issue_in_state("in_progress", district=shinan)
    assert mine(deputy_client) == [ours.pk]


def test_lists_issues_assigned_to_the_deputy(deputy_client, shinan, shinan_deputy_user):
    ours = factories.issue_in_state("registered", district=shinan, assignee=shinan_deputy_user)
    assert mine(deputy_client) == [ours.pk]


def test_leaves_out_finished_issues(deputy_client, shinan, shinan_station):
    for state in ("answered", "closed", "rejected"):
        factories.issue_in_state(state, district=shinan, station=shinan_station)
    assert mine(deputy_client) == []


def test_sorted_by_deadline_soonest_first(deputy_client, shinan, shinan_station):
    now = timezone.now()
    later = factories.issue_in_state(
        "in_progress", district=shinan, station=shinan_station, deadline=now + timedelta(days=8)
    )
    sooner = factories.issue_in_state(
        "in_progress", district=shinan, station=shinan_station, deadline=now + timedelta(days=1)
    )
    assert mine(deputy_client) == [sooner.pk, later.pk]


def test_overdue_issues_are_marked_in_words(deputy_client, shinan, shinan_station):
    factories.issue_in_state(
        "in_progress",
        district=shinan,
        station=shinan_station,
        deadline=timezone.now() - timedelta(days=1),
    )
    assert 'class="overdue-mark"' in deputy_client.get(MINE).content.decode()


def test_page_is_made_for_phones(deputy_client):
    content = deputy_client.get(MINE).content.decode()
    assert 'name="viewport" content="width=device-width' in content


def test_detail_is_reachable_from_the_list(deputy_client, shinan, shinan_station):
    issue = factories.issue_in_state("in_progress", district=shinan, station=shinan_station)
    url = reverse("workbench:issue-detail", args=[issue.pk])
    assert url in deputy_client.get(MINE).content.decode()
    assert deputy_client.get(url).status_code == 200


def test_assigned_deputy_starts_work(deputy_client, shinan, shinan_deputy_user):
    issue = factories.issue_in_state("registered", district=shinan, assignee=shinan_deputy_user)
    deputy_client.post(reverse("workbench:issue-action", args=[issue.pk, "start"]))
    assert Issue.objects.get(pk=issue.pk).state == State.IN_PROGRESS


def test_assigned_deputy_answers(deputy_client, shinan, shinan_deputy_user):
    issue = factories.issue_in_state("in_progress", district=shinan, assignee=shinan_deputy_user)
    url = reverse("workbench:issue-action", args=[issue.pk, "answer"])
    deputy_client.post(url, {"answer-answer": "已与物业协调,下周维修。"})
    assert Issue.objects.get(pk=issue.pk).state == State.ANSWERED


def test_deputy_may_not_answer_an_issue_not_assigned_to_them(deputy_client, shinan, shinan_station):
    issue = factories.issue_in_state("in_progress", district=shinan, station=shinan_station)
    url = reverse("workbench:issue-action", args=[issue.pk, "answer"])
    assert deputy_client.post(url, {"answer-answer": "x"}).status_code == 403


def test_staff_my_issues_are_those_assigned_to_them(staff_client, shinan, shinan_staff):
    ours = factories.issue_in_state("registered", district=shinan, assignee=shinan_staff)
    factories.issue_in_state("registered", district=shinan)
    assert mine(staff_client) == [ours.pk]


@pytest.mark.parametrize("sort", ["state", "-state", "deadline", "-deadline", "submitted_at"])
def test_deputys_full_list_sorts_every_way(deputy_client, shinan, shinan_station, sort):
    # A deputy's scope is a DISTINCT query: every sort key must work with it (PostgreSQL).
    for state in ("submitted", "in_progress", "closed"):
        factories.issue_in_state(state, district=shinan, station=shinan_station)
    response = deputy_client.get("/work/issues/", {"sort": sort})
    assert len(response.context["issues"]) == 3


def test_my_issues_are_paged_for_a_busy_deputy(client, db):
    from issues.workbench_views import MY_ISSUES_PER_PAGE

    deputy_user = factories.DeputyUserFactory()
    district = factories.DistrictFactory(name="分页区")
    factories.DeputyFactory(district=district, user=deputy_user)
    for _ in range(MY_ISSUES_PER_PAGE + 3):
        factories.IssueFactory(district=district, assignee=deputy_user, state="registered")
    client.force_login(deputy_user)
    response = client.get("/work/mine/", {"page": 2})
    assert len(response.context["issues"]) == 3
