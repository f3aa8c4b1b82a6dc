"""What a transition's POST reads: the issue alone to check and act on; the whole issue page
only when a refused form is shown again."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from issues.models import Issue, State
from tests import factories

pytestmark = pytest.mark.django_db


def act(client, issue, action: str, data: dict | None = None):
    url = reverse("workbench:issue-action", args=[issue.pk, action])
    return client.post(url, {f"{action}-{key}": value for key, value in (data or {}).items()})


def test_an_action_reads_the_issue_without_its_relations(
    staff_client, shinan, shinan_station, session_reads
):
    issue = factories.issue_in_state("answered", district=shinan, station=shinan_station)

    with CaptureQueriesContext(connection) as queries:
        response = act(staff_client, issue, "close")

    assert response.status_code == 302
    assert Issue.objects.get(pk=issue.pk).state == State.CLOSED
    issue_reads = [
        query["sql"]
        for query in queries.captured_queries
        if query["sql"].startswith("SELECT") and 'FROM "issues_issue"' in query["sql"]
    ]
    assert issue_reads, "the issue was not read"
    assert not [sql for sql in issue_reads if "JOIN" in sql]
    # The user, the issue, and in one transaction the locked issue, the UPDATE and the event;
    # then whether the issue is still in the user's scope; and the session when it is not
    # read from Redis.
    assert len(queries.captured_queries) <= session_reads + 8


def test_a_refused_form_shows_the_whole_issue_page_again(
    staff_client, shinan, shinan_station, shinan_department, shinan_staff
):
    issue = factories.issue_in_state(
        "in_progress",
        district=shinan,
        station=shinan_station,
        department=shinan_department,
        assignee=shinan_staff,
        category=factories.CategoryFactory(name="市容环境"),
    )

    page = reverse("workbench:issue-detail", args=[issue.pk])
    staff_client.get(page)  # the kept forms and choices filled
    with CaptureQueriesContext(connection) as shown:
        staff_client.get(page)
    with CaptureQueriesContext(connection) as refused:
        response = act(staff_client, issue, "answer", {"answer": ""})

    assert response.status_code == 400
    # The issue page's own reads and the action's read of the issue: no relation is fetched
    # on its own while the page renders.
    assert len(refused.captured_queries) <= len(shown.captured_queries) + 1
    html = response.content.decode()
    for shown in ("市容环境", "新就业群体专业化代表联络站", "市南区城市管理局", "shinan_staff"):
        assert shown in html, shown
    (answer,) = [a for a in response.context["actions"] if a["name"] == "answer"]
    assert answer["open"] and answer["form"].errors
    assert Issue.objects.get(pk=issue.pk).state == State.IN_PROGRESS
