"""Reminder rules per district, and the record of every reminder a sweep has claimed."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from portal.models import Area
from portal.scoping import ScopedQuerySet


class ReminderPolicyQuerySet(ScopedQuerySet):
    district_lookup = "district"


class ReminderPolicy(models.Model):
    """A district's reminder and supervision (督办) rules; a district without one uses the defaults.

    Timeline of a registered issue (挂号): a reminder `due_soon_hours` before its deadline
    (时限), another at the deadline, supervision level 1 `escalate_level1_days` after it (to the
    subdistrict's group leader) and level 2 `escalate_level2_days` after it (to district staff).
    """

    district = models.OneToOneField(
        Area,
        verbose_name=_("district"),
        on_delete=models.CASCADE,
        limit_choices_to={"level": Area.Level.DISTRICT},
        related_name="reminder_policy",
    )
    due_soon_hours = models.PositiveSmallIntegerField(
        _("remind before the deadline (hours)"),
        default=24,
        validators=[MinValueValidator(1), MaxValueValidator(720)],
    )
    escalate_level1_days = models.PositiveSmallIntegerField(
        _("supervision level 1 after (days overdue)"),
        default=1,
        validators=[MinValueValidator(0), MaxValueValidator(90)],
        help_text=_("Tells the subdistrict's deputies' group leader, or the station's deputies."),
    )
    escalate_level2_days = models.PositiveSmallIntegerField(
        _("supervision level 2 after (days overdue)"),
        default=3,
        validators=[MinValueValidator(1), MaxValueValidator(180)],
        help_text=_("Tells the district's staff."),
    )
    digest_hour = models.PositiveSmallIntegerField(
        _("daily digest at (hour)"),
        default=8,
        validators=[MaxValueValidator(23)],
        help_text=_("The district's staff get counts by state and the overdue list once a day."),
    )
    duty_reminder_hour = models.PositiveSmallIntegerField(
        _("duty reminder at (hour, the day before)"),
        default=16,
        validators=[MaxValueValidator(23)],
    )
    send_email = models.BooleanField(
        _("also by email"), default=True, help_text=_("To users who have an email address.")
    )
    post_to_group_chat = models.BooleanField(
        _("post supervision and the digest to the group chat"),
        default=True,
        help_text=_("Only if the portal has a group-chat webhook configured."),
    )
    sms_to_citizens = models.BooleanField(
        _("tell citizens by SMS when their issue is answered"), default=True
    )
    sms_to_deputies = models.BooleanField(_("remind deputies of their duty by SMS"), default=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    objects = ReminderPolicyQuerySet.as_manager()

    class Meta:
        verbose_name = _("reminder rules")
        verbose_name_plural = _("reminder rules")
        ordering = ["district__sort_order"]
        constraints = [
            models.CheckConstraint(
                condition=Q(escalate_level2_days__gt=F("escalate_level1_days")),
                name="reminderpolicy_level2_after_level1",
                violation_error_message=_("Level 2 must come after level 1."),
            ),
        ]

    def __str__(self) -> str:
        return str(self.district) if self.district_id else str(_("default rules"))

    def clean(self) -> None:
        if (
            self.escalate_level1_days is not None
            and self.escalate_level2_days is not None
            and self.escalate_level2_days <= self.escalate_level1_days
        ):
            raise ValidationError({"escalate_level2_days": _("Level 2 must come after level 1.")})


class Kind(models.TextChoices):
    SUBMITTED = "submitted", _("new issue to register")
    DUE_SOON = "due_soon", _("deadline approaching")
    AT_DEADLINE = "at_deadline", _("deadline reached")
    ESCALATION = "escalation", _("supervision (督办)")
    ANSWERED = "answered", _("citizen told of the answer")
    DIGEST = "digest", _("daily digest")
    DUTY = "duty", _("duty reminder")


class ReminderQuerySet(ScopedQuerySet):
    district_lookup = "district"


class Reminder(models.Model):
    """One reminder, claimed by the sweep that sends it.

    The unique keys are what make sending exactly-once: a second sweep (or the same one run
    again, or one on another worker) cannot insert the same row, so it sends nothing. The
    claim and the notifications it produces are written in one transaction.
    """

    kind = models.CharField(_("kind"), max_length=12, choices=Kind.choices)
    level = models.PositiveSmallIntegerField(_("level"), default=0)
    issue = models.ForeignKey(
        "issues.Issue",
        verbose_name=_("issue"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="reminders",
    )
    duty_shift = models.ForeignKey(
        "stations.DutyShift",
        verbose_name=_("duty shift"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="reminders",
    )
    district = models.ForeignKey(
        Area, verbose_name=_("district"), on_delete=models.CASCADE, related_name="+"
    )
    # A changed deadline (reopened, transferred with a new one) is a new occasion, so its
    # reminders go out again; an unchanged one never twice.
    occasion = models.DateTimeField(
        _("for"),
        help_text=_(
            "The deadline it is about; for a new or answered issue, when it was submitted or "
            "answered; for a digest or duty reminder, the day."
        ),
    )
    notifications = models.PositiveSmallIntegerField(_("notifications"), default=0)
    created_at = models.DateTimeField(_("sent at"), auto_now_add=True, db_index=True)

    objects = ReminderQuerySet.as_manager()

    class Meta:
        verbose_name = _("reminder")
        verbose_name_plural = _("reminders sent")
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["issue", "kind", "level", "occasion"],
                condition=Q(issue__isnull=False),
                name="reminder_once_per_issue_occasion",
            ),
            models.UniqueConstraint(
                fields=["duty_shift", "occasion"],
                condition=Q(kind="duty"),
                name="reminder_once_per_duty_shift",
            ),
            models.UniqueConstraint(
                fields=["district", "occasion"],
                condition=Q(kind="digest"),
                name="reminder_one_digest_per_day",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.issue or self.duty_shift or self.district}"
