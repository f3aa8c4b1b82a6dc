"""A citizen who left a phone gets an SMS when their issue is answered: once, after commit."""

import logging
from datetime import timedelta

import pytest

from issues import services as issue_services
from portal.notifications import services as notify
from portal.notifications.models import Channel, Delivery
from portal.notifications.queue import enqueue
from portal.notifications.sms import ConsoleSmsBackend
from reminders import services
from reminders.models import Kind, Reminder, ReminderPolicy
from tests.reminders.conftest import open_issue

pytestmark = pytest.mark.django_db

PHONE = "13712345678"


@pytest.fixture
def answered_issue(shinan, shinan_staff, now, django_capture_on_commit_callbacks):
    issue = open_issue(
        shinan, deadline=now + timedelta(days=3), citizen_phone=PHONE, tracking_number="SN-1"
    )
    with django_capture_on_commit_callbacks() as callbacks:
        issue_services.issue_answer(issue.pk, actor=shinan_staff, answer="已修好路灯。")
    issue.refresh_from_db()
    issue.callbacks = callbacks
    return issue


def test_answer_queues_the_citizen_sms_after_commit(answered_issue):
    queued = [callback.args for callback in answered_issue.callbacks if callback.func is enqueue]

    assert queued == [("reminders.tasks.issue_answered", answered_issue.pk)]


def test_sms_holds_the_tracking_number_and_the_status_link(answered_issue, sms_outbox):
    services.tell_citizen_answered(answered_issue.pk)
    delivery = Delivery.objects.get(channel=Channel.SMS)

    notify.deliver(delivery.pk)

    [(phone, text)] = sms_outbox
    assert (phone, "SN-1" in text, f"/t/{answered_issue.token}" in text) == (PHONE, True, True)


def test_citizen_is_told_once_even_if_the_sweep_also_finds_it(answered_issue):
    services.tell_citizen_answered(answered_issue.pk)
    services.sweep()

    assert Reminder.objects.filter(issue=answered_issue, kind=Kind.ANSWERED).count() == 1


def test_sweep_tells_the_citizen_when_the_task_was_never_queued(answered_issue):
    counts = services.sweep()

    assert (counts[Kind.ANSWERED], Delivery.objects.filter(channel=Channel.SMS).count()) == (1, 1)


def test_anonymous_citizen_gets_no_sms(shinan, shinan_staff, now):
    issue = open_issue(shinan, deadline=now + timedelta(days=3), citizen_phone="")
    issue_services.issue_answer(issue.pk, actor=shinan_staff, answer="已处理。")

    assert services.tell_citizen_answered(issue.pk) is False


def test_district_may_turn_the_citizen_sms_off(answered_issue, shinan):
    ReminderPolicy.objects.create(district=shinan, sms_to_citizens=False)

    assert services.tell_citizen_answered(answered_issue.pk) is False


def test_delivery_record_shows_the_phone_masked(answered_issue):
    services.tell_citizen_answered(answered_issue.pk)

    assert Delivery.objects.get(channel=Channel.SMS).recipient == "137****5678"


def test_console_backend_logs_neither_the_phone_nor_the_token(answered_issue, caplog):
    caplog.set_level(logging.INFO, logger="portal.notifications.sms")

    ConsoleSmsBackend().send(PHONE, f"您的诉求已答复 /t/{answered_issue.token}")

    logged = caplog.text
    assert (PHONE in logged, answered_issue.token in logged, "137****5678" in logged) == (
        False,
        False,
        True,
    )


def test_issue_reopened_and_answered_again_is_told_again(answered_issue, shinan_staff):
    services.tell_citizen_answered(answered_issue.pk)
    issue_services.issue_reopen(answered_issue.pk, actor=shinan_staff, reason="群众不满意")
    issue_services.issue_answer(answered_issue.pk, actor=shinan_staff, answer="再次处理完毕。")

    services.tell_citizen_answered(answered_issue.pk)

    assert Reminder.objects.filter(issue=answered_issue, kind=Kind.ANSWERED).count() == 2
