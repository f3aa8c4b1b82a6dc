"""Sending a delivery: once, retried with backoff when a channel fails, then recorded as failed."""

from datetime import timedelta

import pytest
from django.utils import timezone

from portal.notifications import services as notify
from portal.notifications.models import Channel, Delivery
from portal.notifications.services import DeliveryRetry, Message
from portal.notifications.sms import SmsBackend, SmsError

pytestmark = pytest.mark.django_db

MESSAGE = Message(kind="test", title="测试提醒", body="诉求即将到期")


class BrokenSms(SmsBackend):
    calls = 0

    def send(self, phone, text):
        BrokenSms.calls += 1
        raise SmsError(f"provider refused {phone}")


@pytest.fixture
def broken_sms(settings):
    settings.SMS_BACKEND = f"{__name__}.BrokenSms"
    BrokenSms.calls = 0
    return BrokenSms


@pytest.fixture
def sms_delivery(shinan):
    deputy_phone_owner = _phone_owner(shinan)
    notify.notify_phone(deputy_phone_owner, "phone", MESSAGE, district_id=shinan.pk)
    return Delivery.objects.get(channel=Channel.SMS)


def _phone_owner(district):
    from tests import factories

    return factories.DeputyFactory(district=district, phone="13812345678")


def test_delivery_is_sent_once_however_often_it_is_delivered(sms_delivery, sms_outbox):
    results = [notify.deliver(sms_delivery.pk) for _ in range(3)]

    assert (results, len(sms_outbox)) == (["sent", "skipped", "skipped"], 1)


def test_delivery_held_by_another_worker_is_skipped(sms_delivery, sms_outbox):
    Delivery.objects.filter(pk=sms_delivery.pk).update(
        locked_until=timezone.now() + timedelta(minutes=5)
    )

    assert (notify.deliver(sms_delivery.pk), sms_outbox) == ("skipped", [])


def test_failed_attempt_is_recorded_and_retried_later(sms_delivery, broken_sms):
    now = timezone.now()
    with pytest.raises(DeliveryRetry):
        notify.deliver(sms_delivery.pk, now=now)

    sms_delivery.refresh_from_db()
    assert (sms_delivery.status, sms_delivery.attempts, sms_delivery.next_attempt_at) == (
        "pending",
        1,
        now + timedelta(seconds=30),
    )


def test_backoff_doubles_up_to_the_maximum(settings):
    settings.NOTIFY_RETRY_BASE_SECONDS = 30
    settings.NOTIFY_RETRY_MAX_SECONDS = 1800

    waits = [notify.backoff(n).total_seconds() for n in range(1, 9)]

    assert waits == [30, 60, 120, 240, 480, 960, 1800, 1800]


def test_delivery_that_keeps_failing_is_marked_failed_after_the_last_attempt(
    sms_delivery, broken_sms, settings
):
    outcomes = []
    for _ in range(settings.NOTIFY_MAX_ATTEMPTS):
        try:
            outcomes.append(notify.deliver(sms_delivery.pk))
        except DeliveryRetry:
            outcomes.append("retry")

    sms_delivery.refresh_from_db()
    assert (outcomes[-1], sms_delivery.status, sms_delivery.attempts) == (
        "failed",
        "failed",
        settings.NOTIFY_MAX_ATTEMPTS,
    )


def test_recorded_error_never_holds_the_phone_number(sms_delivery, broken_sms):
    with pytest.raises(DeliveryRetry):
        notify.deliver(sms_delivery.pk)

    sms_delivery.refresh_from_db()
    assert ("13812345678" in sms_delivery.last_error, "138****5678" in sms_delivery.last_error) == (
        False,
        True,
    )


def test_delivery_without_an_address_fails_at_once(shinan, sms_delivery):
    sms_delivery.contact.phone = ""
    sms_delivery.contact.save()

    assert notify.deliver(sms_delivery.pk) == "failed"


def test_sweep_queues_again_what_was_never_queued(sms_delivery, monkeypatch):
    queued = []
    monkeypatch.setattr(notify, "enqueue", lambda name, *args: queued.append(args))

    later = timezone.now() + timedelta(minutes=5)
    count = notify.requeue_due_deliveries(now=later)

    assert (count, queued) == (1, [(sms_delivery.pk,)])


def test_sweep_leaves_a_just_queued_delivery_to_its_task(sms_delivery, monkeypatch):
    monkeypatch.setattr(notify, "enqueue", lambda *args: None)

    assert notify.requeue_due_deliveries(now=timezone.now()) == 0


def test_staff_can_send_a_failed_message_again(sms_delivery, broken_sms, settings, sms_outbox):
    Delivery.objects.filter(pk=sms_delivery.pk).update(status="failed", attempts=5)
    settings.SMS_BACKEND = "portal.notifications.sms.LocmemSmsBackend"

    retried = notify.delivery_retry(sms_delivery.pk)
    result = notify.deliver(sms_delivery.pk)

    assert (retried, result, len(sms_outbox)) == (True, "sent", 1)


def test_email_goes_to_the_users_address(shinan, mailoutbox):
    from tests import factories

    user = factories.StaffFactory(district=shinan, email="li@example.cn")
    notify.notify_users([user], MESSAGE, district_id=shinan.pk)
    delivery = Delivery.objects.get(channel=Channel.EMAIL)

    notify.deliver(delivery.pk)

    assert (mailoutbox[0].to, mailoutbox[0].subject, delivery.recipient) == (
        ["li@example.cn"],
        "测试提醒",
        "l***@example.cn",
    )


def test_inactive_users_are_not_notified(shinan):
    from tests import factories

    user = factories.StaffFactory(district=shinan, is_active=False)

    assert notify.notify_users([user], MESSAGE, district_id=shinan.pk) == []
