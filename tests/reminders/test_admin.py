"""Admin: district staff keep their own district's reminder rules and see their failed messages."""

import pytest
from django.urls import reverse

from portal.notifications import services as notify
from portal.notifications.models import Delivery
from portal.notifications.services import Message
from reminders.models import ReminderPolicy
from tests import factories

pytestmark = pytest.mark.django_db

POLICIES = "admin:reminders_reminderpolicy"
DELIVERIES = "admin:notifications_delivery"


def policy_form(district, **fields):
    return {
        "district": district.pk,
        "due_soon_hours": 12,
        "escalate_level1_days": 1,
        "escalate_level2_days": 3,
        "digest_hour": 8,
        "duty_reminder_hour": 16,
        "send_email": "on",
        "post_to_group_chat": "on",
        "sms_to_citizens": "on",
        "sms_to_deputies": "on",
        **fields,
    }


def test_district_staff_set_their_districts_rules(staff_client, shinan):
    response = staff_client.post(reverse(f"{POLICIES}_add"), policy_form(shinan))

    assert (response.status_code, ReminderPolicy.objects.get().due_soon_hours) == (302, 12)


def test_district_staff_cannot_set_another_districts_rules(staff_client, laoshan):
    response = staff_client.post(reverse(f"{POLICIES}_add"), policy_form(laoshan))

    assert (response.status_code, ReminderPolicy.objects.count()) == (200, 0)


def test_another_districts_rules_are_a_404(staff_client, laoshan):
    policy = ReminderPolicy.objects.create(district=laoshan)

    response = staff_client.get(reverse(f"{POLICIES}_change", args=[policy.pk]))

    assert response.status_code == 404


def test_level_2_must_come_after_level_1(staff_client, shinan):
    response = staff_client.post(
        reverse(f"{POLICIES}_add"),
        policy_form(shinan, escalate_level1_days=3, escalate_level2_days=2),
    )

    assert (response.status_code, ReminderPolicy.objects.count()) == (200, 0)


def test_failed_deliveries_filter_lists_only_failed_ones(staff_client, shinan):
    for phone in ("13800000001", "13800000002"):
        deputy = factories.DeputyFactory(district=shinan, phone=phone)
        notify.notify_phone(deputy, "phone", Message("duty", "值班提醒"), district_id=shinan.pk)
    Delivery.objects.filter(recipient="138****0001").update(status="failed")

    page = staff_client.get(reverse(f"{DELIVERIES}_changelist") + "?status__exact=failed")

    text = page.content.decode()
    assert (page.status_code, "138****0001" in text, "138****0002" in text) == (200, True, False)


def test_other_districts_deliveries_are_hidden(staff_client, laoshan):
    deputy = factories.DeputyFactory(district=laoshan, phone="13900000009")
    notify.notify_phone(deputy, "phone", Message("duty", "值班提醒"), district_id=laoshan.pk)

    page = staff_client.get(reverse(f"{DELIVERIES}_changelist"))

    assert "139****0009" not in page.content.decode()


def test_send_again_action_resets_a_failed_delivery(staff_client, shinan):
    deputy = factories.DeputyFactory(district=shinan, phone="13800000001")
    notify.notify_phone(deputy, "phone", Message("duty", "值班提醒"), district_id=shinan.pk)
    delivery = Delivery.objects.get()
    Delivery.objects.filter(pk=delivery.pk).update(status="failed", attempts=5)

    staff_client.post(
        reverse(f"{DELIVERIES}_changelist"),
        {"action": "send_again", "_selected_action": [delivery.pk]},
    )

    delivery.refresh_from_db()
    assert delivery.status == "pending"


def test_citizens_status_link_is_not_shown_to_staff(staff_client, shinan):
    from datetime import timedelta

    from django.utils import timezone

    from portal.notifications.models import Notification
    from reminders import texts

    issue = factories.IssueFactory(
        district=shinan, state="answered", answered_at=timezone.now() - timedelta(hours=1)
    )
    notify.notify_phone(issue, "citizen_phone", texts.answered(issue), district_id=shinan.pk)
    notification = Notification.objects.get()

    page = staff_client.get(
        reverse("admin:notifications_notification_change", args=[notification.pk])
    )

    assert (page.status_code, issue.token in page.content.decode()) == (200, False)
