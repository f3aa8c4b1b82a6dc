"""A citizen submits and staff answer while Redis hangs: both answer within seconds, nothing is
lost, and the reminder sweep sends what the hung broker did not take once it is back.

Redis hangs on a socket of the test's own (tests/hung_redis.py), with the cache, sessions and
broker configured by portal/settings.py for it; "back" is the run's real broker (Redis with
REDIS_URL, else the filesystem broker), with a real worker or the cron pass.
"""

import pytest
from django.test import Client
from django.urls import reverse

from issues.models import Issue, IssueEvent, State
from portal.celery import app
from portal.notifications.models import Channel, Delivery, Notification
from reminders import services
from reminders.models import Kind
from tests import factories
from tests.hung_redis import BUDGET_SECONDS, timed, web_side_on
from tests.issues.intake import intake_data
from tests.reminders.conftest import celery_worker, wait_for

# The publish runs when the request's transaction commits, and a worker reads the rows.
pytestmark = pytest.mark.django_db(transaction=True)

PHONE = "13712345678"


@pytest.fixture
def category(db):
    return factories.CategoryFactory(name="市政设施")


def submit(client: Client, station, category):
    """The citizen's POST of the QR form, following the redirect to the receipt."""
    url = reverse("station-intake", args=[station.code])
    data = intake_data(category, citizen_phone=PHONE, consent="on")
    return client.post(url, data, follow=True)


def answer(client: Client, issue):
    url = reverse("workbench:issue-action", args=[issue.pk, "answer"])
    return client.post(url, {"answer-answer": "路灯已于本周修复。"})


def test_a_submission_with_redis_hung_shows_its_receipt_within_3_seconds(
    hung_redis, shinan_station, category
):
    citizen = Client()
    citizen.get(reverse("station-intake", args=[shinan_station.code]))  # opens the form first
    with web_side_on(hung_redis.url):
        receipt, elapsed = timed(submit, citizen, shinan_station, category)

    number = Issue.objects.get().tracking_number
    assert (number in receipt.text, elapsed < BUDGET_SECONDS) == (True, True), f"{elapsed:.2f}s"


def test_a_submission_made_while_redis_hung_is_kept_and_staff_are_told_when_it_is_back(
    tmp_path, hung_redis, shinan_station, shinan_staff, category
):
    shinan_staff.email = "shinan@example.cn"
    shinan_staff.save()
    with web_side_on(hung_redis.url):
        submit(Client(), shinan_station, category)
    issue = Issue.objects.get()

    with celery_worker(tmp_path) as worker:
        app.send_task("reminders.tasks.sweep", retry=False)
        wait_for(
            lambda: Delivery.objects.filter(
                notification__user=shinan_staff,
                channel=Channel.EMAIL,
                status=Delivery.Status.SENT,
            ).exists(),
            what="the staff email",
            worker=worker,
        )

    assert (
        IssueEvent.objects.filter(issue=issue, action="submit").count(),
        Notification.objects.filter(user=shinan_staff, kind=Kind.SUBMITTED).count(),
    ) == (1, 1)


def test_an_answer_with_redis_hung_is_saved_within_3_seconds(hung_redis, shinan, shinan_staff):
    issue = factories.issue_in_state("in_progress", district=shinan, citizen_phone=PHONE)
    staff = Client()
    staff.force_login(shinan_staff)
    with web_side_on(hung_redis.url):
        response, elapsed = timed(answer, staff, issue)

    issue.refresh_from_db()
    assert (
        response.status_code,
        issue.state,
        IssueEvent.objects.filter(issue=issue, action="answer").count(),
        elapsed < BUDGET_SECONDS,
    ) == (302, State.ANSWERED, 1, True), f"{elapsed:.2f}s"


def test_the_answer_sms_the_hung_broker_did_not_take_is_sent_by_the_next_pass(
    hung_redis, shinan, shinan_staff, sms_outbox
):
    issue = factories.issue_in_state("in_progress", district=shinan, citizen_phone=PHONE)
    staff = Client()
    staff.force_login(shinan_staff)
    with web_side_on(hung_redis.url):
        answer(staff, issue)
    assert sms_outbox == []  # nothing was sent while the broker hung

    services.send_all(inline=True)  # what `manage.py send_reminders` runs

    assert [phone for phone, text in sms_outbox] == [PHONE]
