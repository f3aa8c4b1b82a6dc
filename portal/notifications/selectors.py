"""Reads for the inbox and for staff's view of failed deliveries."""

from __future__ import annotations

from django.contrib.auth.models import AnonymousUser
from django.db.models import QuerySet

from portal.models import User
from portal.notifications.models import Delivery, Notification


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


def unread_badge(user: User | AnonymousUser) -> str:
    """The nav's unread count: "" for none, "1" … "99", then "99+"."""
    if not user.is_authenticated:
        return ""
    unread = Notification.objects.for_recipient(user).unread().order_by()
    counted = unread[: BADGE_LIMIT + 1].count()
    if counted > BADGE_LIMIT:
        return f"{BADGE_LIMIT}+"
    return str(counted) if counted else ""


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
