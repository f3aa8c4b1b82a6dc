"""Notifications (one message to a user, a citizen or the group chat) and their deliveries."""

from __future__ import annotations

from datetime import datetime
from typing import Self

from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from portal.models import Area, User
from portal.scoping import ScopedQuerySet


class Channel(models.TextChoices):
    IN_APP = "in_app", _("in-app inbox")
    EMAIL = "email", _("email")
    SMS = "sms", _("SMS")
    WEBHOOK = "webhook", _("group chat")


class NotificationQuerySet(ScopedQuerySet):
    district_lookup = "district"

    def for_recipient(self, user: User) -> Self:
        """A user's own inbox: what was sent to them, whatever their role."""
        return self.filter(user=user)

    def unread(self) -> Self:
        return self.filter(read_at__isnull=True)


class Notification(models.Model):
    """One message: to a user (shown in their inbox), to a citizen's phone, or to the group chat.

    The text is written when the message is made, in the portal's language, and holds no
    phone number; an address is read from `Delivery.contact` only when it is sent.
    """

    user = models.ForeignKey(
        User,
        verbose_name=_("recipient"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="notifications",
        help_text=_("Empty for a message to a citizen or to the group chat."),
    )
    kind = models.CharField(_("kind"), max_length=20)
    title = models.CharField(_("title"), max_length=200)
    body = models.TextField(_("text"), blank=True)
    link = models.CharField(_("link"), max_length=300, blank=True)
    district = models.ForeignKey(
        Area,
        verbose_name=_("district"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        limit_choices_to={"level": Area.Level.DISTRICT},
        related_name="+",
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True, db_index=True)
    read_at = models.DateTimeField(_("read at"), null=True, blank=True)

    objects = NotificationQuerySet.as_manager()

    class Meta:
        verbose_name = _("notification")
        verbose_name_plural = _("notifications")
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["user", "read_at"])]

    def __str__(self) -> str:
        return self.title

    @property
    def is_read(self) -> bool:
        return self.read_at is not None


class DeliveryQuerySet(ScopedQuerySet):
    district_lookup = "notification__district"

    def failed(self) -> Self:
        return self.filter(status=Delivery.Status.FAILED)

    def due(self, before: datetime) -> Self:
        """Pending deliveries whose next attempt was due before `before` and nobody holds."""
        return self.filter(status=Delivery.Status.PENDING, next_attempt_at__lte=before).filter(
            Q(locked_until__isnull=True) | Q(locked_until__lt=before)
        )


class Delivery(models.Model):
    """One notification over one channel: pending until sent, failed after the last attempt."""

    class Status(models.TextChoices):
        PENDING = "pending", _("pending")
        SENT = "sent", _("sent")
        FAILED = "failed", _("failed")

    notification = models.ForeignKey(
        Notification,
        verbose_name=_("notification"),
        on_delete=models.CASCADE,
        related_name="deliveries",
    )
    channel = models.CharField(_("channel"), max_length=10, choices=Channel.choices)
    # Whose address is read when sending (a user's email, a deputy's phone, the phone a
    # citizen left on their issue): no copy of the address is kept here.
    contact_type = models.ForeignKey(
        ContentType, on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    contact_id = models.PositiveBigIntegerField(null=True, blank=True)
    contact = GenericForeignKey("contact_type", "contact_id")
    contact_field = models.CharField(max_length=30, blank=True)
    recipient = models.CharField(
        _("recipient"),
        max_length=80,
        help_text=_("A user name, or a masked phone number or address."),
    )
    status = models.CharField(
        _("status"), max_length=8, choices=Status.choices, default=Status.PENDING
    )
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    last_error = models.TextField(_("last error"), blank=True)
    next_attempt_at = models.DateTimeField(_("next attempt at"), null=True, blank=True)
    # Set while one worker sends it, so that a second never sends it at the same time.
    locked_until = models.DateTimeField(null=True, blank=True, editable=False)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)
    sent_at = models.DateTimeField(_("sent at"), null=True, blank=True)

    objects = DeliveryQuerySet.as_manager()

    class Meta:
        verbose_name = _("delivery")
        verbose_name_plural = _("deliveries")
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["status", "next_attempt_at"])]

    def __str__(self) -> str:
        return f"{self.get_channel_display()} → {self.recipient}"

    def address(self) -> str:
        """The address to send to, read now from its owner ("" if it is gone)."""
        if self.contact_type_id is None or not self.contact_field:
            return ""
        owner = self.contact
        return (getattr(owner, self.contact_field, "") or "").strip() if owner else ""

    def set_contact(self, owner: models.Model, field: str) -> None:
        self.contact_type = ContentType.objects.get_for_model(owner)
        self.contact_id = owner.pk
        self.contact_field = field
