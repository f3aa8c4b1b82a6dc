"""Citizen issues and the closed loop (收集—响应—督办): categories, issues, photos, events.

State changes happen only in `issues.services`; this module holds data and invariants.
"""

from __future__ import annotations

import secrets
import uuid
from datetime import datetime
from typing import Self

from django.db import models
from django.db.models import Exists, F, OuterRef, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from portal.choices import kept_value
from portal.models import Area, Department, User
from portal.scoping import ScopedQuerySet


class Category(models.Model):
    """A kind of issue citizens choose from (a staff-kept list), with its default deadline."""

    name = models.CharField(_("name"), max_length=40, unique=True)
    default_days = models.PositiveSmallIntegerField(
        _("default deadline (days)"),
        default=15,
        help_text=_("Days from registration to the deadline unless staff set another."),
    )
    sort_order = models.PositiveSmallIntegerField(_("sort order"), default=0)
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        verbose_name = _("issue category")
        verbose_name_plural = _("issue categories")
        ordering = ["sort_order", "name"]

    def __str__(self) -> str:
        return self.name


class State(models.TextChoices):
    SUBMITTED = "submitted", _("submitted (收集)")
    REGISTERED = "registered", _("registered (挂号)")
    TRANSFERRED = "transferred", _("transferred to a department (转办)")
    IN_PROGRESS = "in_progress", _("in progress (响应)")
    ANSWERED = "answered", _("answered (办结)")
    CLOSED = "closed", _("closed (销号)")
    REJECTED = "rejected", _("rejected")
    MERGED = "merged", _("merged as a duplicate")
    REOPENED = "reopened", _("reopened")


# States in which the issue still waits for work, and so can be overdue or escalated.
OPEN_STATES = (
    State.REGISTERED,
    State.TRANSFERRED,
    State.IN_PROGRESS,
    State.REOPENED,
)
FINAL_STATES = (State.CLOSED, State.REJECTED, State.MERGED)
# What still waits on someone (answered waits on the citizen only), out of the blocklist.
UNFINISHED_IN_QUEUE = Q(is_flagged=False) & ~Q(state__in=(*FINAL_STATES, State.ANSWERED))


def is_overdue(state: str, deadline: datetime | None, now: datetime) -> bool:
    """Open past its deadline at `now`: the rule `IssueQuerySet.with_overdue` puts in SQL."""
    return state in OPEN_STATES and deadline is not None and deadline < now


class Source(models.TextChoices):
    STATION_QR = "station_qr", _("station QR code")
    DEPUTY_QR = "deputy_qr", _("deputy's QR code (码上办)")
    RECEPTION = "reception", _("reception by a deputy")
    HOTLINE = "hotline", _("hotline call (直通车)")
    MONTHLY_TALK = "monthly_talk", _("monthly talk (代表月月谈)")
    OTHER = "other", _("other")


class Rating(models.TextChoices):
    SATISFIED = "satisfied", _("satisfied (满意)")
    BASICALLY = "basically", _("basically satisfied (基本满意)")
    UNSATISFIED = "unsatisfied", _("not satisfied (不满意)")


# The on-time rule, shared by the dashboard's rate and the issue list's filter: an answer
# counts only where a deadline was set, and is on time when given no later than it.
ANSWERED_WITH_DEADLINE = Q(answered_at__isnull=False, deadline__isnull=False)
ANSWERED_ON_TIME = ANSWERED_WITH_DEADLINE & Q(answered_at__lte=F("deadline"))


def ever_transferred_q() -> Q:
    """Transferred (转办) to a department at some point: a transfer event, or a department set.

    A condition rather than only a filter, so that aggregates can count with it
    (`Count("pk", filter=ever_transferred_q())`); the department alone would miss issues
    taken back from a department, the event alone issues registered straight to one.
    """
    transfers = IssueEvent.objects.filter(issue=OuterRef("pk"), action="transfer")
    return Q(department__isnull=False) | Q(Exists(transfers))


def _deputy_scope(user: User) -> tuple[list[int], list[int]]:
    """The ids of the user's deputy records and of the stations they are registered at."""
    from representatives.models import Deputy

    rows = Deputy.objects.filter(user=user).values_list("pk", "assignments__station_id")
    deputies = sorted({deputy for deputy, _ in rows})
    stations = sorted({station for _, station in rows if station is not None})
    return deputies, stations


class IssueQuerySet(ScopedQuerySet):
    district_lookup = "district"

    def for_deputy(self, user: User) -> Self:
        """Issues of the deputy's stations, raised through the deputy, or assigned to them."""
        # The deputy's ids first, as plain lists: joining through the assignments repeats
        # rows (a DISTINCT over every column, sorted), and `IN (subquery)` inside an OR
        # keeps PostgreSQL from the indexes (a scan of every issue); lists let it combine
        # the station, deputy and assignee indexes. Kept (`kept_value`) until a deputy or a
        # registration at a station is saved or deleted: every page of a deputy asks.
        deputies, stations = kept_value(f"deputy-scope:{user.pk}", lambda: _deputy_scope(user))
        return self.filter(Q(station__in=stations) | Q(deputy__in=deputies) | Q(assignee=user))

    def for_department_user(self, user: User) -> Self:
        return self.filter(department=user.department_id)

    def open(self) -> Self:
        return self.filter(state__in=OPEN_STATES)

    def in_work_queue(self) -> Self:
        """What staff work on: blocklisted submissions are kept but out of the queues."""
        return self.filter(is_flagged=False)

    def overdue(self, now: datetime | None = None) -> Self:
        return self.open().filter(deadline__lt=now or timezone.now())

    def due_within(self, days: int, now: datetime | None = None) -> Self:
        now = now or timezone.now()
        return self.open().filter(
            deadline__gte=now, deadline__lt=now + timezone.timedelta(days=days)
        )

    def ever_transferred(self) -> Self:
        """Issues transferred (转办) to a department at some point: see `ever_transferred_q`."""
        return self.filter(ever_transferred_q())

    def never_transferred(self) -> Self:
        return self.exclude(ever_transferred_q())

    def answered_with_deadline(self) -> Self:
        """The on-time rate's denominator: answered issues that had a deadline."""
        return self.filter(ANSWERED_WITH_DEADLINE)

    def answered_on_time(self) -> Self:
        """The on-time rate's numerator: answered no later than the deadline."""
        return self.filter(ANSWERED_ON_TIME)

    def answered_late(self) -> Self:
        """Answered with a deadline, after it: with `answered_on_time`, the whole denominator."""
        return self.filter(ANSWERED_WITH_DEADLINE).exclude(ANSWERED_ON_TIME)

    def with_overdue(self, now: datetime | None = None) -> Self:
        """Annotate `is_overdue_db`, computed by the database from the deadline and state."""
        return self.annotate(
            is_overdue_db=models.Case(
                models.When(state__in=OPEN_STATES, deadline__lt=now or timezone.now(), then=True),
                default=False,
                output_field=models.BooleanField(),
            )
        )


def new_token() -> str:
    """The secret of a citizen's lookup link: 128 random bits."""
    return secrets.token_urlsafe(16)


class Issue(models.Model):
    """A citizen's suggestion or complaint, tracked from collection to strike-off (挂号销号)."""

    tracking_number = models.CharField(_("tracking number"), max_length=24, unique=True)
    token = models.CharField(max_length=32, unique=True, default=new_token, editable=False)
    district = models.ForeignKey(
        Area,
        verbose_name=_("district"),
        on_delete=models.PROTECT,
        limit_choices_to={"level": Area.Level.DISTRICT},
        related_name="issues",
    )
    station = models.ForeignKey(
        "stations.Station",
        verbose_name=_("station"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="issues",
    )
    deputy = models.ForeignKey(
        "representatives.Deputy",
        verbose_name=_("deputy"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="issues",
        help_text=_("The deputy the citizen reached, through their QR code or a reception."),
    )
    source = models.CharField(_("source"), max_length=16, choices=Source.choices)
    category = models.ForeignKey(
        Category, verbose_name=_("category"), on_delete=models.PROTECT, related_name="issues"
    )
    text = models.TextField(_("content"))
    place = models.CharField(_("place"), max_length=200, blank=True)
    citizen_name = models.CharField(_("citizen's name"), max_length=40, blank=True)
    citizen_phone = models.CharField(_("citizen's phone"), max_length=11, blank=True)
    state = models.CharField(
        _("state"), max_length=16, choices=State.choices, default=State.SUBMITTED
    )
    department = models.ForeignKey(
        Department,
        verbose_name=_("responsible department"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="issues",
    )
    assignee = models.ForeignKey(
        User,
        verbose_name=_("responsible person"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="assigned_issues",
    )
    deadline = models.DateTimeField(_("deadline"), null=True, blank=True)
    escalation_level = models.PositiveSmallIntegerField(_("supervision level (督办)"), default=0)
    merged_into = models.ForeignKey(
        "self",
        verbose_name=_("merged into"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="duplicates",
    )
    answer = models.TextField(_("public answer"), blank=True)
    rating = models.CharField(_("rating"), max_length=12, choices=Rating.choices, blank=True)
    rating_comment = models.CharField(_("rating comment"), max_length=500, blank=True)
    is_flagged = models.BooleanField(
        _("flagged"),
        default=False,
        help_text=_("Submitted from a blocklisted phone: kept, but out of the work queues."),
    )
    submitted_at = models.DateTimeField(_("submitted at"), default=timezone.now, db_index=True)
    registered_at = models.DateTimeField(_("registered at"), null=True, blank=True)
    answered_at = models.DateTimeField(_("answered at"), null=True, blank=True)
    closed_at = models.DateTimeField(_("closed at"), null=True, blank=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    objects = IssueQuerySet.as_manager()

    class Meta:
        verbose_name = _("citizen issue")
        verbose_name_plural = _("citizen issues")
        ordering = ["-submitted_at", "-pk"]
        permissions = [("view_citizen_phone", _("Can see citizens' phone numbers in full"))]
        indexes = [
            models.Index(fields=["district", "state", "deadline"]),
            models.Index(fields=["state", "deadline"]),
            # The sweep's answers to close (销号) or to tell the citizen about.
            models.Index(fields=["state", "answered_at"]),
            # The work queue's default page: a district's newest issues, flagged ones left
            # out. Matches the list's ORDER BY exactly, so PostgreSQL reads 25 index entries
            # instead of sorting the whole district (and counts with an index-only scan).
            models.Index(
                F("district"),
                F("submitted_at").desc(),
                F("id").desc(),
                condition=Q(is_flagged=False),
                name="issue_queue_newest_idx",
            ),
            # The same for one state at a time (the queue's most used filter): its newest
            # 25 and its count are read from the index, not picked out of the whole district.
            models.Index(
                F("district"),
                F("state"),
                F("submitted_at").desc(),
                F("id").desc(),
                condition=Q(is_flagged=False),
                name="issue_queue_state_newest_idx",
            ),
            # A deputy's unfinished issues (`my_issues_for`): a busy station's history is
            # mostly closed, and this skips it instead of reading every row to drop it.
            models.Index(
                F("station"),
                condition=UNFINISHED_IN_QUEUE,
                name="issue_station_unfinished_idx",
            ),
        ]
        constraints = [
            models.CheckConstraint(
                condition=~Q(state="merged") | Q(merged_into__isnull=False),
                name="issue_merged_has_target",
            ),
        ]

    def __str__(self) -> str:
        return self.tracking_number

    @property
    def is_open(self) -> bool:
        return self.state in OPEN_STATES

    @property
    def is_overdue(self) -> bool:
        return self.overdue_at(timezone.now())

    def overdue_at(self, now: datetime) -> bool:
        """Open past its deadline at `now` (`is_overdue`)."""
        return is_overdue(self.state, self.deadline, now)

    @property
    def is_anonymous(self) -> bool:
        return not self.citizen_phone


class TrackingCounter(models.Model):
    """The last tracking sequence used per district and year."""

    district = models.ForeignKey(Area, on_delete=models.CASCADE, related_name="+")
    year = models.PositiveSmallIntegerField()
    last = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["district", "year"], name="tracking_counter_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.district_id}/{self.year}: {self.last}"


def photo_path(instance: IssuePhoto, filename: str) -> str:
    # Random names: nothing a citizen typed ends up in a path.
    return f"issues/{timezone.now():%Y/%m}/{secrets.token_hex(16)}.{instance.extension}"


def rendition_path(instance: IssuePhoto, filename: str) -> str:
    # Renditions are always JPEG. Only module-level names here: the data migration that
    # makes the renditions of older photos calls this with a historical model.
    return f"issues/{timezone.now():%Y/%m}/{secrets.token_hex(16)}.jpg"


class IssuePhoto(models.Model):
    """A photo attached at intake or to an answer, re-encoded and stripped of metadata."""

    class Purpose(models.TextChoices):
        INTAKE = "intake", _("submitted with the issue")
        ANSWER = "answer", _("attached to the answer")

    issue = models.ForeignKey(Issue, on_delete=models.CASCADE, related_name="photos")
    purpose = models.CharField(max_length=8, choices=Purpose.choices, default=Purpose.INTAKE)
    image = models.FileField(upload_to=photo_path, max_length=120)
    # The small JPEG the pages show (issues.photos.RENDITION_SIDE); empty only for a photo
    # whose file could not be read when renditions were made (its pages show the full one).
    rendition = models.FileField(upload_to=rendition_path, max_length=120, blank=True)
    content_type = models.CharField(max_length=20)
    width = models.PositiveIntegerField()
    height = models.PositiveIntegerField()
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("photo")
        verbose_name_plural = _("photos")
        ordering = ["pk"]

    def __str__(self) -> str:
        return self.image.name

    @property
    def extension(self) -> str:
        return {"image/png": "png", "image/webp": "webp"}.get(self.content_type, "jpg")


class PendingPhoto(models.Model):
    """A photo that came with an intake form sent back with an error, not yet any issue's.

    Checked, re-encoded and stored as an IssuePhoto would be, under the random key the
    form carries signed; the next valid submission with that key makes it the issue's
    photo (the same files), and the reminder sweep deletes it an hour on (issues.pending_photos).
    """

    key = models.CharField(max_length=32, db_index=True)
    image = models.FileField(upload_to=photo_path, max_length=120)
    rendition = models.FileField(upload_to=rendition_path, max_length=120)
    content_type = models.CharField(max_length=20)
    width = models.PositiveIntegerField()
    height = models.PositiveIntegerField()
    created_at = models.DateTimeField(default=timezone.now, db_index=True)

    class Meta:
        ordering = ["pk"]

    def __str__(self) -> str:
        return self.image.name

    @property
    def extension(self) -> str:
        return {"image/png": "png", "image/webp": "webp"}.get(self.content_type, "jpg")


class EventQuerySet(models.QuerySet):
    def public(self) -> Self:
        return self.filter(is_public=True)

    def for_submission(self, key: uuid.UUID | None) -> IssueEvent | None:
        """The step an earlier POST with this form key wrote, with its issue; None if new."""
        if key is None:
            return None
        return self.select_related("issue").filter(submission_key=key).first()


class IssueEvent(models.Model):
    """An append-only record of one step in an issue's life: who, when, from, to, and a note."""

    issue = models.ForeignKey(Issue, on_delete=models.CASCADE, related_name="events")
    action = models.CharField(_("action"), max_length=20)
    actor = models.ForeignKey(
        User,
        verbose_name=_("by"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        help_text=_("Empty for the citizen or the system."),
    )
    from_state = models.CharField(_("from"), max_length=16, choices=State.choices, blank=True)
    to_state = models.CharField(_("to"), max_length=16, choices=State.choices)
    note = models.TextField(_("note"), blank=True)
    is_public = models.BooleanField(_("shown to the citizen"), default=False)
    created_at = models.DateTimeField(_("at"), default=timezone.now, db_index=True)
    # The one-time key of the form whose POST wrote this step (a UUID made with the page):
    # the same POST again (a double tap, a retry, a second tab) finds this row and is
    # answered with its result instead of being applied twice. Empty for steps no form
    # asked for (the reminder sweep, the citizen's rating, imported history). It lives as
    # long as the event, that is as long as the issue.
    submission_key = models.UUIDField(_("form key"), null=True, blank=True, editable=False)

    objects = EventQuerySet.as_manager()

    class Meta:
        verbose_name = _("issue event")
        verbose_name_plural = _("issue events")
        ordering = ["created_at", "pk"]
        constraints = [
            # Partial: most events have no key, and an index of NULLs would only cost space.
            models.UniqueConstraint(
                fields=["submission_key"],
                condition=Q(submission_key__isnull=False),
                name="issue_event_submission_key_unique",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.issue} {self.action}"

    def save(self, *args, **kwargs) -> None:
        if self.pk is not None:
            raise ValueError("Issue events are append-only.")
        super().save(*args, **kwargs)


class BlockedPhone(models.Model):
    """A phone whose submissions are stored but flagged and kept out of the work queues."""

    phone = models.CharField(_("phone"), max_length=11, unique=True)
    reason = models.CharField(_("reason"), max_length=200)
    created_by = models.ForeignKey(
        User, verbose_name=_("added by"), on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(_("added at"), auto_now_add=True)

    class Meta:
        verbose_name = _("blocked phone")
        verbose_name_plural = _("phone blocklist")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        from portal.personal_data import mask_phone

        return mask_phone(self.phone)
