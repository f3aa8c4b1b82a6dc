"""The daily digest to district staff, and the duty reminder (进站排班) the day before."""

from datetime import datetime, time, timedelta

import pytest
from django.utils import timezone

from issues.models import State
from portal.notifications.models import Channel, Delivery, Notification
from reminders import services
from reminders.models import Kind, ReminderPolicy
from tests import factories
from tests.reminders.conftest import open_issue

pytestmark = pytest.mark.django_db


def at(hour: int, days: int = 0):
    day = timezone.localdate() + timedelta(days=days)
    return timezone.make_aware(datetime.combine(day, time(hour, 30)))


def digests(user):
    return list(Notification.objects.filter(user=user, kind=Kind.DIGEST))


def test_digest_goes_to_district_staff_once_a_day_from_its_hour(shinan, shinan_staff):
    before = services.send_digests(now=at(7))
    first = services.send_digests(now=at(8))
    again = services.send_digests(now=at(15))
    next_day = services.send_digests(now=at(9, days=1))

    assert (before, first, again, next_day, len(digests(shinan_staff))) == (0, 1, 0, 1, 2)


def test_digest_counts_states_and_lists_the_overdue(shinan, shinan_staff):
    now = at(9)
    open_issue(shinan, deadline=now - timedelta(days=2), tracking_number="SN-2026-000007")
    open_issue(shinan, state=State.TRANSFERRED, deadline=now + timedelta(days=3))
    factories.IssueFactory(district=shinan)

    services.send_digests(now=now)

    [digest] = digests(shinan_staff)
    assert ("2" in digest.title, "1" in digest.title, "SN-2026-000007" in digest.body) == (
        True,
        True,
        True,
    )


def test_digest_hour_is_the_districts_own(shinan, shinan_staff, laoshan, laoshan_staff):
    ReminderPolicy.objects.create(district=laoshan, digest_hour=10)

    services.send_digests(now=at(9))

    assert (len(digests(shinan_staff)), len(digests(laoshan_staff))) == (1, 0)


@pytest.fixture
def duty_deputy(shinan):
    user = factories.DeputyUserFactory(username="zhiban")
    return factories.DeputyFactory(district=shinan, user=user, phone="13812345678")


def test_deputy_is_reminded_of_tomorrows_duty_once(shinan_station, duty_deputy, sms_outbox):
    tomorrow = timezone.localdate() + timedelta(days=1)
    factories.DutyShiftFactory(station=shinan_station, deputy=duty_deputy, date=tomorrow)

    first = services.send_duty_reminders(now=at(17))
    again = services.send_duty_reminders(now=at(18))

    inbox = Notification.objects.filter(user=duty_deputy.user, kind=Kind.DUTY).count()
    assert (first, again, inbox) == (1, 0, 1)


def test_duty_reminder_also_goes_by_sms_with_the_number_masked_in_the_record(
    shinan_station, duty_deputy
):
    tomorrow = timezone.localdate() + timedelta(days=1)
    factories.DutyShiftFactory(station=shinan_station, deputy=duty_deputy, date=tomorrow)

    services.send_duty_reminders(now=at(17))

    sms = Delivery.objects.get(channel=Channel.SMS)
    assert (sms.recipient, sms.address()) == ("138****5678", "13812345678")


def test_duty_reminder_waits_for_the_districts_hour(shinan_station, duty_deputy):
    tomorrow = timezone.localdate() + timedelta(days=1)
    factories.DutyShiftFactory(station=shinan_station, deputy=duty_deputy, date=tomorrow)

    assert services.send_duty_reminders(now=at(9)) == 0


def test_shift_the_day_after_tomorrow_is_not_reminded_yet(shinan_station, duty_deputy):
    later = timezone.localdate() + timedelta(days=2)
    factories.DutyShiftFactory(station=shinan_station, deputy=duty_deputy, date=later)

    assert services.send_duty_reminders(now=at(17)) == 0
