"""The inbox at /work/inbox/: own notifications only, unread/all, mark read by POST, failures."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from portal.notifications import services as notify
from portal.notifications.models import Delivery, Notification
from portal.notifications.services import Message
from tests import factories

pytestmark = pytest.mark.django_db

INBOX = "/work/inbox/"


def message(title="诉求 SN-2026-000001 将在 24 小时内到期", link="/work/issues/1/"):
    return Message(kind="due_soon", title=title, body="截止时间临近", link=link)


@pytest.fixture
def note(shinan, shinan_staff):
    [notification] = notify.notify_users([shinan_staff], message(), district_id=shinan.pk)
    return notification


def test_inbox_route_is_work_inbox():
    assert reverse("inbox:list") == INBOX


def test_anonymous_user_is_sent_to_log_in(client):
    response = client.get(INBOX)

    assert (response.status_code, "login" in response["Location"]) == (302, True)


def test_unread_notification_is_listed(staff_client, note):
    response = staff_client.get(INBOX)

    assert (response.status_code, note.title in response.content.decode()) == (200, True)


def test_someone_elses_notification_is_not_listed(client, note, laoshan_staff):
    client.force_login(laoshan_staff)

    response = client.get(INBOX + "?show=all")

    assert note.title not in response.content.decode()


def test_mark_read_needs_post(staff_client, note):
    response = staff_client.get(reverse("inbox:read", args=[note.pk]))

    assert response.status_code == 405


def test_mark_read_moves_it_out_of_unread(staff_client, note):
    staff_client.post(reverse("inbox:read", args=[note.pk]))

    response = staff_client.get(INBOX)
    note.refresh_from_db()
    assert (note.is_read, note.title in response.content.decode()) == (True, False)


def test_open_marks_read_and_follows_the_link(staff_client, note):
    response = staff_client.post(reverse("inbox:read", args=[note.pk]), {"open": "1"})

    assert (response.status_code, response["Location"]) == (302, "/work/issues/1/")


def test_open_never_follows_a_link_to_another_site(shinan, shinan_staff, staff_client):
    [evil] = notify.notify_users(
        [shinan_staff], message(link="https://evil.example/"), district_id=shinan.pk
    )

    response = staff_client.post(reverse("inbox:read", args=[evil.pk]), {"open": "1"})

    assert response["Location"] == INBOX


def test_marking_someone_elses_notification_is_404(client, note, laoshan_staff):
    client.force_login(laoshan_staff)

    response = client.post(reverse("inbox:read", args=[note.pk]))

    assert response.status_code == 404


def test_mark_all_read(staff_client, shinan, shinan_staff):
    notify.notify_users([shinan_staff], message("一"), district_id=shinan.pk)
    notify.notify_users([shinan_staff], message("二"), district_id=shinan.pk)

    staff_client.post(reverse("inbox:read-all"))

    assert Notification.objects.filter(user=shinan_staff, read_at=None).count() == 0


def test_deputy_sees_their_own_inbox(client, shinan):
    user = factories.DeputyUserFactory()
    notify.notify_users([user], message("明天值班"), district_id=shinan.pk)
    client.force_login(user)

    response = client.get(INBOX)

    assert "明天值班" in response.content.decode()


@pytest.fixture
def failed_sms(shinan):
    deputy = factories.DeputyFactory(district=shinan, phone="13812345678")
    notify.notify_phone(deputy, "phone", message("值班提醒"), district_id=shinan.pk)
    delivery = Delivery.objects.get(channel="sms")
    Delivery.objects.filter(pk=delivery.pk).update(
        status="failed", attempts=5, last_error="SmsError: quota exceeded"
    )
    return delivery


def test_staff_see_their_districts_failed_messages(staff_client, failed_sms):
    page = staff_client.get(INBOX + "?show=failed").content.decode()

    assert ("quota exceeded" in page, "138****5678" in page, "13812345678" in page) == (
        True,
        True,
        False,
    )


def test_other_districts_failed_messages_are_hidden(client, failed_sms, laoshan_staff):
    client.force_login(laoshan_staff)

    page = client.get(INBOX + "?show=failed").content.decode()

    assert "quota exceeded" not in page


def test_deputy_may_not_see_failed_messages(client, failed_sms):
    client.force_login(factories.DeputyUserFactory())

    assert client.get(INBOX + "?show=failed").status_code == 403


def test_staff_send_a_failed_message_again(staff_client, failed_sms):
    staff_client.post(reverse("inbox:retry", args=[failed_sms.pk]))

    failed_sms.refresh_from_db()
    assert (failed_sms.status, failed_sms.attempts) == ("pending", 0)


def test_retrying_another_districts_message_is_404(client, failed_sms, laoshan_staff):
    client.force_login(laoshan_staff)

    response = client.post(reverse("inbox:retry", args=[failed_sms.pk]))

    assert response.status_code == 404


def test_inbox_queries_do_not_grow_with_the_list(
    staff_client, shinan, shinan_staff, django_assert_max_num_queries
):
    for n in range(25):
        notify.notify_users([shinan_staff], message(f"提醒{n}"), district_id=shinan.pk)

    with django_assert_max_num_queries(8):
        staff_client.get(INBOX + "?show=all")


def test_failed_list_queries_do_not_grow_with_the_list(
    staff_client, shinan, django_assert_max_num_queries
):
    for n in range(10):
        deputy = factories.DeputyFactory(district=shinan)
        notify.notify_phone(deputy, "phone", message(f"提醒{n}"), district_id=shinan.pk)
    Delivery.objects.update(status="failed")

    with django_assert_max_num_queries(8):
        staff_client.get(INBOX + "?show=failed")


def test_the_unread_list_counts_its_notifications_once(staff_client, shinan, shinan_staff):
    for n in range(35):
        notify.notify_users([shinan_staff], message(f"提醒{n}"), district_id=shinan.pk)
    staff_client.get(INBOX)  # the nav's kept badge
    with CaptureQueriesContext(connection) as queries:
        response = staff_client.get(INBOX)
    counts = [q["sql"] for q in queries.captured_queries if "COUNT(" in q["sql"]]
    assert len(counts) == 1
    assert response.context["page"].paginator.count == 35
    assert response.context["page"].paginator.num_pages == 2
    second = staff_client.get(INBOX, {"page": 2}).context["page"]
    assert len(second.object_list) == 5
