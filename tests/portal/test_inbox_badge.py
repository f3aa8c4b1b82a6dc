"""The nav's unread badge: nothing for none, the count up to 99, then "99+"."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from portal.notifications.models import Notification
from portal.notifications.services import notification_mark_read, notifications_mark_all_read

pytestmark = pytest.mark.django_db


def unread(user, count: int) -> None:
    Notification.objects.bulk_create(
        Notification(user=user, kind="due_soon", title=f"提醒 {n}", body="", link="")
        for n in range(count)
    )


def badge(client) -> str:
    html = client.get("/work/issues/").content.decode()
    start = html.index('href="/work/inbox/"')
    return html[start : html.index("</a>", start)]


def test_no_badge_when_nothing_is_unread(staff_client):
    assert "unread-count" not in badge(staff_client)


def test_the_count_up_to_99(staff_client, shinan_staff):
    unread(shinan_staff, 99)

    assert "(99<" in badge(staff_client)


def test_99_plus_past_99(staff_client, shinan_staff):
    unread(shinan_staff, 100)

    assert "(99+<" in badge(staff_client)


def test_read_ones_do_not_count(staff_client, shinan_staff):
    unread(shinan_staff, 3)
    Notification.objects.filter(pk=Notification.objects.first().pk).update(read_at=timezone.now())

    assert "(2<" in badge(staff_client)


def test_a_new_notification_shows_at_once(staff_client, shinan_staff):
    unread(shinan_staff, 2)
    assert "(2<" in badge(staff_client)  # now kept

    Notification.objects.create(user=shinan_staff, kind="due_soon", title="新提醒", body="")

    assert "(3<" in badge(staff_client)


def test_reading_one_or_all_shows_at_once(staff_client, shinan_staff):
    unread(shinan_staff, 3)
    assert "(3<" in badge(staff_client)

    notification_mark_read(shinan_staff, Notification.objects.first().pk)
    assert "(2<" in badge(staff_client)

    notifications_mark_all_read(shinan_staff)
    assert "unread-count" not in badge(staff_client)


def test_a_deleted_notification_leaves_the_count(staff_client, shinan_staff):
    unread(shinan_staff, 2)
    assert "(2<" in badge(staff_client)

    Notification.objects.first().delete()

    assert "(1<" in badge(staff_client)


def test_another_users_notification_leaves_the_badge_kept(
    staff_client, shinan_staff, laoshan_staff
):
    unread(shinan_staff, 1)
    assert "(1<" in badge(staff_client)

    with CaptureQueriesContext(connection) as captured:
        Notification.objects.create(user=laoshan_staff, kind="due_soon", title="别人的", body="")
        assert "(1<" in badge(staff_client)

    assert not [
        q for q in captured.captured_queries if "COUNT" in q["sql"] and "notifications" in q["sql"]
    ]


@pytest.mark.usefixtures("cache_down")
def test_the_badge_counts_without_the_cache(staff_client, shinan_staff, settings):
    unread(shinan_staff, 2)
    settings.SESSION_ENGINE = "django.contrib.sessions.backends.db"

    assert "(2<" in badge(staff_client)
    notifications_mark_all_read(shinan_staff)
    assert "unread-count" not in badge(staff_client)
