"""Two POSTs of one form at the same moment (one key): one issue, one step, the same answer.

Each thread has its own database connection. On PostgreSQL the copy that comes second waits
for the first's locks and then meets the key's unique index; on SQLite (the test database is
a file, and its transactions take the write lock at BEGIN) it waits for the first to commit.
"""

import uuid

import pytest
from django.contrib.messages import get_messages
from django.test import Client
from django.urls import reverse

from issues import services
from issues.models import Issue, IssueEvent, State, TrackingCounter
from tests import factories
from tests.issues.intake import intake_data
from tests.race import race

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def category(db):
    return factories.CategoryFactory(name="市政设施")


@pytest.mark.parametrize("attempt", range(3))
def test_two_intake_posts_with_one_key_at_once_make_one_issue(
    attempt, shinan_station, category, settings
):
    url = reverse("station-intake", args=[shinan_station.code])
    data = intake_data(category, submission_key=str(uuid.uuid4()))

    def send() -> str:
        # Each tap is its own browser request: its own client, its own connection.
        return Client().post(url, data, follow=True).context["number"]

    numbers = race(send, send)

    assert Issue.objects.count() == 1
    assert numbers == [Issue.objects.get().tracking_number] * 2


@pytest.mark.parametrize("attempt", range(3))
def test_two_submissions_with_one_key_at_once_leave_no_gap_in_the_numbers(
    attempt, shinan, category
):
    key = uuid.uuid4()

    def submit() -> Issue:
        return services.issue_submit(
            district=shinan,
            source="station_qr",
            category=category,
            text="路灯坏了三个月。",
            submission_key=key,
        )

    outcomes = race(submit, submit)

    assert [type(outcome) for outcome in outcomes] == [Issue, Issue]
    assert outcomes[0].pk == outcomes[1].pk
    # The loser's number went back to the counter with its rollback.
    assert TrackingCounter.objects.get(district=shinan).last == 1


@pytest.mark.parametrize("attempt", range(3))
def test_two_registrations_with_one_key_at_once_register_once_and_both_succeed(
    attempt, shinan, shinan_staff
):
    issue = factories.IssueFactory(district=shinan)
    key = uuid.uuid4()

    def register() -> Issue:
        return services.issue_register(issue.pk, actor=shinan_staff, submission_key=key)

    outcomes = race(register, register)

    assert [getattr(outcome, "state", outcome) for outcome in outcomes] == [State.REGISTERED] * 2
    assert IssueEvent.objects.filter(issue=issue, action="register").count() == 1


@pytest.mark.parametrize("attempt", range(3))
def test_two_escalations_with_one_key_at_once_raise_the_level_once(attempt, shinan, shinan_staff):
    issue = factories.issue_in_state(State.REGISTERED, district=shinan)
    key = uuid.uuid4()

    def escalate() -> Issue:
        return services.issue_escalate(issue.pk, actor=shinan_staff, submission_key=key)

    outcomes = race(escalate, escalate)

    issue.refresh_from_db()
    assert [type(outcome) for outcome in outcomes] == [Issue, Issue]
    assert (issue.escalation_level, issue.events.count()) == (1, 1)


def test_two_action_posts_with_one_key_at_once_both_show_the_issue(shinan, shinan_staff):
    issue = factories.IssueFactory(district=shinan)
    url = reverse("workbench:issue-action", args=[issue.pk, "reject"])
    data = {"reject-reason": "不属于受理范围。", "reject-submission_key": str(uuid.uuid4())}

    clients = [Client(), Client()]  # two tabs of one user
    for client in clients:
        client.force_login(shinan_staff)

    def post(client: Client):
        response = client.post(url, data)
        said = [message.level_tag for message in get_messages(response.wsgi_request)]
        return response.status_code, response["Location"], said

    outcomes = race(lambda: post(clients[0]), lambda: post(clients[1]))

    done = (302, reverse("workbench:issue-detail", args=[issue.pk]), ["success"])
    assert outcomes == [done, done]
    assert IssueEvent.objects.filter(issue=issue, action="reject").count() == 1
