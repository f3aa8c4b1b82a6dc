"""The nav's unread badge: nothing for none, the count up to 99, then "99+"."""

import pytest
from django.utils import timezone

from portal.notifications.models import Notification

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
