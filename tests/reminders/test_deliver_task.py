"""The deliver task hands a failed attempt to Celery's retry, with the row's backoff."""

import pytest
from celery.exceptions import Retry

from portal.notifications import services as notify
from portal.notifications import tasks
from portal.notifications.models import Channel, Delivery
from portal.notifications.services import Message
from portal.notifications.sms import SmsBackend
from tests import factories

pytestmark = pytest.mark.django_db


class DownSms(SmsBackend):
    def send(self, phone, text):
        raise ConnectionError("provider unreachable")


def test_failed_attempt_is_retried_by_celery_with_backoff(shinan, settings, monkeypatch):
    settings.SMS_BACKEND = f"{__name__}.DownSms"
    deputy = factories.DeputyFactory(district=shinan, phone="13812345678")
    notify.notify_phone(deputy, "phone", Message("duty", "值班提醒"), district_id=shinan.pk)
    delivery = Delivery.objects.get(channel=Channel.SMS)
    retries = []
    monkeypatch.setattr(
        tasks.deliver, "retry", lambda **options: retries.append(options) or Retry()
    )

    with pytest.raises(Retry):
        tasks.deliver(delivery.pk)

    assert (retries[0]["countdown"], type(retries[0]["exc"]).__name__) == (30, "DeliveryRetry")


def test_task_is_idempotent_and_acks_late():
    assert (tasks.deliver.acks_late, tasks.deliver.max_retries) == (True, 4)
