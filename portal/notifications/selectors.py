"""Reads for the inbox and for staff's view of failed deliveries."""

from __future__ import annotations

import logging
from functools import partial

from django.contrib.auth.models import AnonymousUser
from django.core.cache import cache
from django.db import transaction
from django.db.models import QuerySet

from portal.models import User
from portal.notifications.models import Delivery, Notification

logger = logging.getLogger(__name__)


def inbox_for(user: User, *, unread_only: bool = False) -> QuerySet[Notification]:
    """The user's own notifications, newest first."""
    notifications = Notification.objects.for_recipient(user)
    return notifications.unread() if unread_only else notifications


def unread_count(user: User | AnonymousUser) -> int:
    if not user.is_authenticated:
        return 0
    return Notification.objects.for_recipient(user).unread().count()


# The nav's badge counts no further than this: "99+" says as much as 2,627, and counting a
# busy staff member's thousands of unread reminders on every page cost a millisecond.
BADGE_LIMIT = 99


# Kept per user: a busy page shows the badge on every request, and it changes only when a
# notification is made, read or deleted (`forget_badge`). The time bounds what a race between
# a count and a new notification could leave behind.
BADGE_KEY = "inbox:badge:{}"
BADGE_SECONDS = 60


def unread_badge(user: User | AnonymousUser) -> str:
    """The nav's unread count: "" for none, "1" … "99", then "99+"."""
    if not user.is_authenticated:
        return ""
    key = BADGE_KEY.format(user.pk)
    try:
        badge = cache.get(key)
    except Exception:
        logger.warning("cache unavailable: the unread badge is counted")
        key, badge = None, None
    if badge is None:
        badge = _count_badge(user)
        if key is not None:
            try:
                cache.set(key, badge, BADGE_SECONDS)
            except Exception:
                logger.warning("cache unavailable: the unread badge is not kept")
    return badge


def _count_badge(user: User) -> str:
    unread = Notification.objects.for_recipient(user).unread().order_by()
    counted = unread[: BADGE_LIMIT + 1].count()
    if counted > BADGE_LIMIT:
        return f"{BADGE_LIMIT}+"
    return str(counted) if counted else ""


def forget_badge(user_id: int | None) -> None:
    """Count `user_id`'s badge afresh: at once, and again when the transaction commits."""
    if user_id is None:
        return
    _forget_badge(user_id)
    transaction.on_commit(partial(_forget_badge, user_id))


def _forget_badge(user_id: int) -> None:
    try:
        cache.delete(BADGE_KEY.format(user_id))
    except Exception:
        logger.warning("cache unavailable: the unread badge expires by itself")


def badge_changed(sender, instance: Notification, **kwargs) -> None:
    """post_save and post_delete of a notification: its recipient's badge is counted again."""
    forget_badge(instance.user_id)


def can_see_failed_deliveries(user: User | AnonymousUser) -> bool:
    return user.is_authenticated and user.has_perm("notifications.view_delivery")


def failed_deliveries_for(user: User) -> QuerySet[Delivery]:
    """Failed deliveries in the user's scope (their district; everything for a superuser)."""
    if not can_see_failed_deliveries(user):
        return Delivery.objects.none()
    return (
        Delivery.objects.for_user(user)
        .failed()
        .select_related("notification", "notification__district")
        .order_by("-updated_at", "-pk")
    )
