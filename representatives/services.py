"""Every write a deputy or staff makes about duty: check-in, 双报到 confirmation, activities."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, time
from uuid import UUID

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from issues.models import Category, Source
from issues.photos import store_photo
from issues.services import ProcessedImage, issue_submit
from portal.models import User
from representatives.models import (
    Activity,
    ActivityCorrection,
    ActivityPhoto,
    ActivityType,
    Deputy,
    StationAssignment,
)
from stations.models import DutyShift, Station


def _deputy_of(actor: User) -> Deputy:
    deputy = Deputy.objects.filter(user=actor, user__is_active=True).first()
    if deputy is None:
        raise PermissionDenied
    return deputy


def duty_check_in(shift_id: int, *, actor: User, now: datetime | None = None) -> DutyShift:
    """进站签到: record when the deputy arrived for today's shift; once, and only their own."""
    now = now or timezone.now()
    with transaction.atomic():
        shift = DutyShift.objects.select_for_update().select_related("deputy").get(pk=shift_id)
        if shift.deputy.user_id != actor.pk:
            raise PermissionDenied
        if shift.date != timezone.localdate(now):
            raise ValidationError(_("You can check in only on the day of the shift."))
        if shift.checked_in_at is not None:
            raise ValidationError(_("You have already checked in for this shift."))
        # Conditional update: a double tap racing on a database without row locks wins once.
        updated = DutyShift.objects.filter(pk=shift.pk, checked_in_at__isnull=True).update(
            checked_in_at=now
        )
        if updated != 1:
            raise ValidationError(_("You have already checked in for this shift."))
        shift.checked_in_at = now
    return shift


def assignment_confirm(
    assignment_id: int, *, actor: User, now: datetime | None = None
) -> StationAssignment:
    """双报到: the deputy confirms one of their own registrations (idempotent)."""
    with transaction.atomic():
        assignment = (
            StationAssignment.objects.select_for_update()
            .select_related("deputy")
            .get(pk=assignment_id)
        )
        if assignment.deputy.user_id != actor.pk:
            raise PermissionDenied
        if assignment.confirmed_at is None:
            assignment.confirmed_at = now or timezone.now()
            assignment.save(update_fields=["confirmed_at"])
    return assignment


@dataclass(frozen=True)
class RaisedIssue:
    """An issue a citizen raised at the activity, entered by the deputy on the spot."""

    category: Category
    text: str
    citizen_name: str = ""
    citizen_phone: str = ""


@dataclass
class ActivityInput:
    type: ActivityType
    date: date
    station: Station | None = None
    place: str = ""
    start_time: time | None = None
    duration_minutes: int | None = None
    fellow_deputies: Sequence[Deputy] = ()
    participants: int = 0
    households: int = 0
    summary: str = ""
    photos: Sequence[ProcessedImage] = ()
    issues: Sequence[RaisedIssue] = field(default_factory=tuple)


def activity_log(
    data: ActivityInput, *, actor: User, idempotency_key: UUID
) -> tuple[Activity, bool]:
    """Store a deputy's activity with its photos and raised issues, in one transaction.

    Returns (activity, created). A key already stored returns that activity unchanged: a
    form sent again after a dropped connection must not log the activity twice.
    """
    deputy = _deputy_of(actor)
    existing = Activity.objects.filter(idempotency_key=idempotency_key).first()
    if existing is not None:
        return _repeat(existing, deputy)
    if data.station is not None and data.station.area.district_id != deputy.district_id:
        raise ValidationError({"station": _("Choose a station of your district.")})
    if data.station is None and not data.place.strip():
        raise ValidationError({"place": _("Choose a station or name the place.")})
    if any(d.district_id != deputy.district_id for d in data.fellow_deputies):
        raise ValidationError({"fellow_deputies": _("Fellow deputies come from your district.")})
    try:
        with transaction.atomic():
            activity = Activity.objects.create(
                district_id=deputy.district_id,
                deputy=deputy,
                type=data.type,
                station=data.station,
                place=data.place.strip(),
                date=data.date,
                start_time=data.start_time,
                duration_minutes=data.duration_minutes,
                participants=data.participants,
                households=data.households,
                summary=data.summary,
                idempotency_key=idempotency_key,
                created_by=actor,
            )
            activity.fellow_deputies.set([d for d in data.fellow_deputies if d.pk != deputy.pk])
            _attach_photos(activity, data.photos)
            for raised in data.issues:
                issue = issue_submit(
                    district=deputy.district,
                    source=Source.RECEPTION,
                    category=raised.category,
                    text=raised.text,
                    place=activity.venue,
                    citizen_name=raised.citizen_name,
                    citizen_phone=raised.citizen_phone,
                    station=data.station,
                    deputy=deputy,
                    actor=actor,
                )
                activity.raised_issues.add(issue)
    except IntegrityError:
        # Two copies of one submission raced: the other one stored it.
        existing = Activity.objects.filter(idempotency_key=idempotency_key).first()
        if existing is None:
            raise
        return _repeat(existing, deputy)
    return activity, True


def _repeat(existing: Activity, deputy: Deputy) -> tuple[Activity, bool]:
    if existing.deputy_id != deputy.pk:
        # A key is a random UUID: another deputy's key means a forged request.
        raise PermissionDenied
    return existing, False


def _attach_photos(activity: Activity, photos: Iterable[ProcessedImage]) -> None:
    for image in photos:
        store_photo(ActivityPhoto(activity=activity), image)


# The ledger fields staff may correct; photos are left alone.
CORRECTABLE_FIELDS = (
    "type",
    "station",
    "place",
    "date",
    "start_time",
    "duration_minutes",
    "participants",
    "households",
    "summary",
)


def _as_text(value) -> str:
    return "" if value is None else str(value)


def activity_correct(activity_id: int, *, actor: User, **changes) -> ActivityCorrection | None:
    """Staff correct a ledger entry; the correction records each field's old and new value.

    Returns None when nothing changed (no empty correction rows).
    """
    unknown = set(changes) - set(CORRECTABLE_FIELDS)
    if unknown:
        raise ValidationError(_("These fields cannot be corrected: %s") % ", ".join(unknown))
    # Deputies may not correct the ledger, not even their own entries: checked before the
    # lookup, whose scope for a deputy would also be a DISTINCT query that cannot be locked.
    if not actor.has_perm("representatives.change_activity"):
        raise PermissionDenied
    with transaction.atomic():
        activity = Activity.objects.for_user(actor).select_for_update().get(pk=activity_id)
        diff: dict[str, list[str]] = {}
        for name, new in changes.items():
            old = getattr(activity, name)
            if old != new:
                diff[name] = [_as_text(old), _as_text(new)]
                setattr(activity, name, new)
        if not diff:
            return None
        activity.save(update_fields=list(diff))
        return ActivityCorrection.objects.create(activity=activity, actor=actor, changes=diff)


# ----- logins ----------------------------------------------------------------------------------

# No 0/O, 1/l/I: a temporary password is read off a screen and typed on a phone.
PASSWORD_ALPHABET = "abcdefghjkmnpqrstuvwxyzABCDEFGHJKMNPQRSTUVWXYZ23456789"


def deputy_login_issue(deputy_id: int, *, actor: User) -> tuple[User, str]:
    """Create the deputy's login (role deputy) or reset its password; return the new password.

    The password is random and returned once to be shown to the staff member: it is never
    stored in clear or logged. Signing in takes the deputy's phone number or the username.
    """
    from django.utils.crypto import get_random_string

    if not actor.has_perm("representatives.change_deputy"):
        raise PermissionDenied
    password = get_random_string(12, PASSWORD_ALPHABET)
    with transaction.atomic():
        deputy = Deputy.objects.for_user(actor).select_for_update().get(pk=deputy_id)
        user = deputy.user
        if user is None:
            user = User(username=f"deputy-{deputy.code.lower()}", role="deputy")
        user.role = "deputy"
        user.is_active = True
        user.first_name = deputy.name[:150]
        user.set_password(password)
        user.save()
        if deputy.user_id != user.pk:
            deputy.user = user
            deputy.save(update_fields=["user", "updated_at"])
    return user, password
