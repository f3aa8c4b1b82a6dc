"""Every write to notifications: making them (with their deliveries), sending, reading.

A notification and its deliveries are rows first, written in the caller's transaction; the
deliveries are queued after commit. Sending claims a delivery with a conditional UPDATE
(as Healthchecks' sendalerts claims a check), so two workers never send it at the same
time; a failed attempt is recorded and retried with exponential backoff until
NOTIFY_MAX_ATTEMPTS, then marked failed for staff to see.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.conf import settings
from django.db import models, transaction
from django.db.models import F, Q
from django.utils import timezone

from portal.models import User
from portal.notifications.channels import PermanentChannelError, get_channel
from portal.notifications.models import Channel, Delivery, Notification
from portal.notifications.queue import enqueue, enqueue_after_commit
from portal.notifications.selectors import forget_badge
from portal.personal_data import mask_phone

logger = logging.getLogger(__name__)

DELIVER_TASK = "portal.notifications.tasks.deliver"
# How long one attempt may hold a delivery: longer than a task may run.
LEASE = timedelta(seconds=settings.CELERY_TASK_TIME_LIMIT + 60)
# The sweep leaves a just-queued delivery to its task for this long before queuing it again.
SWEEP_GRACE = timedelta(minutes=2)


@dataclass(frozen=True)
class Message:
    """What to say: rendered text, already in the portal's language."""

    kind: str
    title: str
    body: str = ""
    link: str = ""


class DeliveryRetry(Exception):
    """An attempt failed and another is due: raised so that Celery retries with backoff."""


def mask_email(address: str) -> str:
    name, _, domain = address.partition("@")
    return f"{name[:1]}***@{domain}" if domain else "***"


PHONE_RE = re.compile(r"1[3-9]\d{9}")
EMAIL_RE = re.compile(r"[\w.+-]+@[\w-]+(\.[\w-]+)+")


def scrub(text: str) -> str:
    """An error message fit for the admin: phone numbers and addresses masked, kept short."""
    text = PHONE_RE.sub(lambda m: mask_phone(m.group()), text)
    text = EMAIL_RE.sub(lambda m: mask_email(m.group()), text)
    return text[:500]


def _new(message: Message, *, user: User | None, district_id: int | None) -> Notification:
    return Notification.objects.create(
        user=user,
        kind=message.kind,
        title=message.title[:200],
        body=message.body,
        link=message.link,
        district_id=district_id,
    )


def _add_delivery(
    notification: Notification,
    channel: str,
    recipient: str,
    *,
    contact: models.Model | None = None,
    field: str = "",
) -> Delivery:
    now = timezone.now()
    delivery = Delivery(
        notification=notification, channel=channel, recipient=recipient[:80], next_attempt_at=now
    )
    if channel == Channel.IN_APP:
        # The inbox row appears when the caller's transaction commits: nothing left to send.
        delivery.status = Delivery.Status.SENT
        delivery.attempts = 1
        delivery.sent_at = now
    if contact is not None:
        delivery.set_contact(contact, field)
    delivery.save()
    if delivery.status == Delivery.Status.PENDING:
        enqueue_after_commit(DELIVER_TASK, delivery.pk)
    return delivery


def notify_users(
    users: Iterable[User], message: Message, *, district_id: int | None, email: bool = True
) -> list[Notification]:
    """One inbox notification per active user, and an email to those who have an address."""
    notifications = []
    for user in {u.pk: u for u in users if u.is_active}.values():
        notification = _new(message, user=user, district_id=district_id)
        _add_delivery(notification, Channel.IN_APP, user.get_username())
        if email and user.email:
            _add_delivery(
                notification, Channel.EMAIL, mask_email(user.email), contact=user, field="email"
            )
        notifications.append(notification)
    return notifications


def notify_phone(
    owner: models.Model, field: str, message: Message, *, district_id: int | None
) -> Notification | None:
    """An SMS to the phone held in `owner.field` (read again when it is sent)."""
    phone = (getattr(owner, field, "") or "").strip()
    if not phone:
        return None
    notification = _new(message, user=None, district_id=district_id)
    _add_delivery(notification, Channel.SMS, mask_phone(phone), contact=owner, field=field)
    return notification


def notify_group(message: Message, *, district_id: int | None) -> Notification | None:
    """A post to the group chat, if a webhook is configured."""
    if not get_channel(Channel.WEBHOOK).is_enabled():
        return None
    notification = _new(message, user=None, district_id=district_id)
    _add_delivery(notification, Channel.WEBHOOK, "group chat")
    return notification


def backoff(attempts: int) -> timedelta:
    """The wait after the `attempts`-th failure: base, 2×base, 4×base … up to the maximum."""
    seconds = settings.NOTIFY_RETRY_BASE_SECONDS * 2 ** max(attempts - 1, 0)
    return timedelta(seconds=min(seconds, settings.NOTIFY_RETRY_MAX_SECONDS))


def deliver(delivery_id: int, *, now: datetime | None = None) -> str:
    """Send one pending delivery once; returns its status, or "skipped" if not ours to send.

    Raises DeliveryRetry when the attempt failed and another one is due.
    """
    now = now or timezone.now()
    # Not held by another attempt; whether it is due yet is the caller's business (a Celery
    # retry may arrive a little early, staff may ask for it now).
    claimed = (
        Delivery.objects.filter(pk=delivery_id, status=Delivery.Status.PENDING)
        .filter(Q(locked_until__isnull=True) | Q(locked_until__lt=now))
        .update(locked_until=now + LEASE, attempts=F("attempts") + 1, updated_at=now)
    )
    if claimed != 1:
        return "skipped"
    delivery = Delivery.objects.select_related("notification").get(pk=delivery_id)
    try:
        get_channel(delivery.channel).send(delivery)
    except Exception as error:  # a provider may raise anything: record it, never lose it
        final = (
            isinstance(error, PermanentChannelError)
            or delivery.attempts >= settings.NOTIFY_MAX_ATTEMPTS
        )
        Delivery.objects.filter(pk=delivery.pk).update(
            status=Delivery.Status.FAILED if final else Delivery.Status.PENDING,
            last_error=scrub(f"{type(error).__name__}: {error}"),
            next_attempt_at=None if final else now + backoff(delivery.attempts),
            locked_until=None,
            updated_at=timezone.now(),
        )
        logger.warning(
            "Delivery %s (%s) attempt %s failed: %s",
            delivery.pk,
            delivery.channel,
            delivery.attempts,
            type(error).__name__,
        )
        if final:
            return Delivery.Status.FAILED
        raise DeliveryRetry(delivery.pk) from error
    Delivery.objects.filter(pk=delivery.pk).update(
        status=Delivery.Status.SENT,
        sent_at=timezone.now(),
        last_error="",
        next_attempt_at=None,
        locked_until=None,
        updated_at=timezone.now(),
    )
    return Delivery.Status.SENT


def requeue_due_deliveries(
    *, now: datetime | None = None, inline: bool = False, grace: timedelta = SWEEP_GRACE
) -> int:
    """Queue (or, `inline`, send here) the pending deliveries nobody is working on.

    Catches what was never queued (the broker was down at commit) or whose retry message
    was lost; `grace` leaves a just-queued delivery to its task. A delivery queued twice is
    still sent once: `deliver` claims it first.
    """
    now = now or timezone.now()
    due = Delivery.objects.due(before=now - grace).order_by("pk")
    count = 0
    for delivery_id in due.values_list("pk", flat=True)[:1000]:
        count += 1
        if not inline:
            enqueue(DELIVER_TASK, delivery_id)
            continue
        try:
            deliver(delivery_id, now=now)
        except DeliveryRetry:
            continue  # recorded, with its next attempt due later
    return count


def delivery_retry(delivery_id: int) -> bool:
    """Staff ask for a failed delivery to be tried again (with a fresh count of attempts)."""
    with transaction.atomic():
        changed = Delivery.objects.filter(pk=delivery_id, status=Delivery.Status.FAILED).update(
            status=Delivery.Status.PENDING,
            attempts=0,
            next_attempt_at=timezone.now(),
            locked_until=None,
            updated_at=timezone.now(),
        )
        if changed:
            enqueue_after_commit(DELIVER_TASK, delivery_id)
    return bool(changed)


def notification_mark_read(user: User, notification_id: int) -> Notification:
    """Mark one of the user's own notifications read (DoesNotExist for anyone else's)."""
    notification = Notification.objects.for_recipient(user).get(pk=notification_id)
    if notification.read_at is None:
        notification.read_at = timezone.now()
        Notification.objects.filter(pk=notification.pk, read_at__isnull=True).update(
            read_at=notification.read_at
        )
        forget_badge(user.pk)  # an UPDATE sends no post_save
    return notification


def notifications_mark_all_read(user: User) -> int:
    marked = Notification.objects.for_recipient(user).unread().update(read_at=timezone.now())
    forget_badge(user.pk)
    return marked
