"""Every write of the reminders: the sweep, the digest, duty reminders and the citizen's SMS.

Each reminder is claimed by inserting its `Reminder` row, whose unique key (issue, kind,
level, occasion) lets only one insert succeed, and its notifications are written in the
same transaction. Running a sweep twice, or on two workers at once, therefore sends each
reminder once; a sweep that dies half-way leaves nothing claimed that was not also
written, and the next sweep does the rest. Deliveries are queued after commit; those the
broker did not take are queued again by the next sweep.
"""

from __future__ import annotations

import logging
from collections import Counter
from collections.abc import Callable
from datetime import date, datetime, time, timedelta
from functools import partial

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone, translation

from issues import pending_photos
from issues.models import OPEN_STATES, Issue, State
from issues.services import Actor, TransitionError, close_expired_answers, issue_escalate
from portal.models import Area
from portal.notifications import services as notify
from reminders import selectors, texts
from reminders.models import Kind, Reminder, ReminderPolicy
from stations.models import DutyShift

logger = logging.getLogger(__name__)


class _Stale(Exception):
    """What the reminder is about changed between reading it and claiming it."""


def _once(
    kind: str,
    *,
    district_id: int,
    occasion: datetime,
    send: Callable[[], int],
    level: int = 0,
    issue_id: int | None = None,
    duty_shift_id: int | None = None,
) -> bool:
    """Claim the reminder and, if this call won the claim, send it; True if it was sent."""
    try:
        with transaction.atomic():
            try:
                # Its own savepoint: a conflicting insert fails alone. On PostgreSQL a
                # concurrent claim of the same key waits here for the other to commit.
                with transaction.atomic():
                    reminder = Reminder.objects.create(
                        kind=kind,
                        level=level,
                        issue_id=issue_id,
                        duty_shift_id=duty_shift_id,
                        district_id=district_id,
                        occasion=occasion,
                    )
            except IntegrityError:
                return False
            reminder.notifications = send()
            reminder.save(update_fields=["notifications"])
    except (_Stale, TransitionError):
        return False  # the issue moved on meanwhile: nothing claimed, nothing sent
    return True


def _locked_open_issue(issue_id: int, deadline: datetime) -> Issue:
    """The issue, locked, if it is still open with this deadline."""
    issue = (
        Issue.objects.select_for_update(of=("self",))
        .select_related("district", "category", "station__area__parent", "assignee")
        .filter(pk=issue_id, state__in=OPEN_STATES, deadline=deadline, is_flagged=False)
        .first()
    )
    if issue is None:
        raise _Stale
    return issue


def _to_users(users, message: notify.Message, policy: ReminderPolicy, district_id: int) -> int:
    sent = notify.notify_users(users, message, district_id=district_id, email=policy.send_email)
    return len(sent)


def _to_group(message: notify.Message, policy: ReminderPolicy, district_id: int) -> int:
    if not policy.post_to_group_chat:
        return 0
    return int(notify.notify_group(message, district_id=district_id) is not None)


# ----- issues ----------------------------------------------------------------------------------


def remind_submitted(issue_id: int) -> bool:
    """Tell the district's staff (and the deputy reached) that a new issue awaits 挂号."""
    issue = (
        Issue.objects.select_related("category", "deputy__user")
        .filter(pk=issue_id, state=State.SUBMITTED, is_flagged=False)
        .first()
    )
    if issue is None:
        return False
    policy = selectors.policy_for(issue.district_id)

    def send() -> int:
        if not Issue.objects.filter(pk=issue.pk, state=State.SUBMITTED).exists():
            raise _Stale
        with translation.override(settings.LANGUAGE_CODE):
            message = texts.submitted(issue)
        return _to_users(selectors.new_issue_recipients(issue), message, policy, issue.district_id)

    return _once(
        Kind.SUBMITTED,
        issue_id=issue.pk,
        district_id=issue.district_id,
        occasion=issue.submitted_at,
        send=send,
    )


def _remind_responsible(issue: Issue, kind: str, policy: ReminderPolicy) -> bool:
    def send() -> int:
        locked = _locked_open_issue(issue.pk, issue.deadline)
        if kind == Kind.DUE_SOON:
            message = texts.due_soon(locked, policy.due_soon_hours)
        else:
            message = texts.at_deadline(locked)
        return _to_users(selectors.responsible_users(locked), message, policy, locked.district_id)

    return _once(
        kind, issue_id=issue.pk, district_id=issue.district_id, occasion=issue.deadline, send=send
    )


def _escalate(issue: Issue, level: int, policy: ReminderPolicy, now: datetime) -> bool:
    def send() -> int:
        locked = _locked_open_issue(issue.pk, issue.deadline)
        days = (now - locked.deadline).days
        # Staff may have raised the level by hand already: never raise it twice for one step.
        if locked.escalation_level < level:
            issue_escalate(
                locked.pk,
                actor=Actor.SYSTEM,
                level=level,
                note=texts.escalation_note(level, days),
            )
        message = texts.escalation(locked, level, days)
        users = (
            selectors.supervisors(locked)
            if level == 1
            else selectors.district_staff(locked.district_id)
        )
        sent = _to_users(users, message, policy, locked.district_id)
        return sent + _to_group(message, policy, locked.district_id)

    return _once(
        Kind.ESCALATION,
        level=level,
        issue_id=issue.pk,
        district_id=issue.district_id,
        occasion=issue.deadline,
        send=send,
    )


def tell_citizen_answered(issue_id: int) -> bool:
    """SMS the citizen who left a phone that their issue is answered (once per answer)."""
    issue = (
        Issue.objects.filter(pk=issue_id, state=State.ANSWERED, is_flagged=False)
        .exclude(citizen_phone="")
        .exclude(answered_at=None)
        .first()
    )
    if issue is None:
        return False
    policy = selectors.policy_for(issue.district_id)
    if not policy.sms_to_citizens:
        return False

    def send() -> int:
        with translation.override(settings.LANGUAGE_CODE):
            message = texts.answered(issue)
        notification = notify.notify_phone(
            issue, "citizen_phone", message, district_id=issue.district_id
        )
        return int(notification is not None)

    return _once(
        Kind.ANSWERED,
        issue_id=issue.pk,
        district_id=issue.district_id,
        occasion=issue.answered_at,
        send=send,
    )


def _sweep_issues(now: datetime) -> Counter[str]:
    counts: Counter[str] = Counter()
    policies = selectors.Policies()
    for issue_id in selectors.submitted_to_register().values_list("pk", flat=True):
        counts[Kind.SUBMITTED] += remind_submitted(issue_id)
    for issue in selectors.due_soon(now, policies):
        policy = policies[issue.district_id]
        counts[Kind.DUE_SOON] += _remind_responsible(issue, Kind.DUE_SOON, policy)
    for issue in selectors.at_deadline(now, policies):
        policy = policies[issue.district_id]
        counts[Kind.AT_DEADLINE] += _remind_responsible(issue, Kind.AT_DEADLINE, policy)
    # Level 1 first: an issue first seen far past its deadline gets both steps, in order.
    for level in (1, 2):
        for issue in selectors.to_escalate(now, policies, level):
            policy = policies[issue.district_id]
            counts[f"{Kind.ESCALATION}_{level}"] += _escalate(issue, level, policy, now)
    answered = selectors.answered_to_tell(now, settings.ISSUE_RATING_DAYS)
    for issue_id in answered.values_list("pk", flat=True):
        counts[Kind.ANSWERED] += tell_citizen_answered(issue_id)
    counts["closed"] = close_expired_answers(now=now)
    # Photos held for an intake form nobody sent again (issues.pending_photos).
    counts["pending_photos"] = pending_photos.discard_expired(now=now)
    return counts


def sweep(*, now: datetime | None = None) -> Counter[str]:
    """Send every issue reminder that is due and not yet sent; returns counts by kind.

    Also closes answers nobody rated in time, deletes the intake photos held past their
    hour, and queues again the deliveries the broker
    never took (or whose retry was lost).
    """
    now = now or timezone.now()
    with translation.override(settings.LANGUAGE_CODE):
        counts = _sweep_issues(now)
    counts["deliveries"] = notify.requeue_due_deliveries(now=now)
    return counts


# ----- digests and duty --------------------------------------------------------------------


def _midnight(day: date) -> datetime:
    return timezone.make_aware(datetime.combine(day, time.min))


def _send_digest(district_id: int, policy: ReminderPolicy, now: datetime) -> int:
    name = Area.objects.values_list("name", flat=True).get(pk=district_id)
    message = texts.digest(name, selectors.digest_figures(district_id, now), now)
    staff = selectors.district_staff(district_id)
    return _to_users(staff, message, policy, district_id) + _to_group(message, policy, district_id)


def send_digests(*, now: datetime | None = None) -> int:
    """The daily digest to each district's staff, once a day from the district's hour on."""
    now = now or timezone.now()
    today = _midnight(timezone.localdate(now))
    sent = 0
    with translation.override(settings.LANGUAGE_CODE):
        policies = selectors.Policies()
        for district_id in selectors.digest_districts_due(now, policies, today):
            send = partial(_send_digest, district_id, policies[district_id], now)
            sent += _once(Kind.DIGEST, district_id=district_id, occasion=today, send=send)
    return sent


def _send_duty_reminder(shift: DutyShift, policy: ReminderPolicy, day: date) -> int:
    district_id = shift.station.area.district_id
    message = texts.duty(shift, day)
    deputy = shift.deputy
    count = 0
    if deputy.user_id:
        count += _to_users([deputy.user], message, policy, district_id)
    if policy.sms_to_deputies and deputy.phone:
        sms = notify.notify_phone(deputy, "phone", message, district_id=district_id)
        count += sms is not None
    return count


def send_duty_reminders(*, now: datetime | None = None) -> int:
    """Remind deputies the day before a planned duty shift (进站排班): inbox and SMS."""
    now = now or timezone.now()
    tomorrow = timezone.localdate(now) + timedelta(days=1)
    day = _midnight(tomorrow)
    sent = 0
    with translation.override(settings.LANGUAGE_CODE):
        policies = selectors.Policies()
        for shift in selectors.shifts_to_remind(now, policies, day):
            district_id = shift.station.area.district_id
            send = partial(_send_duty_reminder, shift, policies[district_id], tomorrow)
            sent += _once(
                Kind.DUTY, duty_shift_id=shift.pk, district_id=district_id, occasion=day, send=send
            )
    return sent


def send_all(*, now: datetime | None = None, inline: bool = True) -> Counter[str]:
    """One full pass, for `manage.py send_reminders` under cron: issue reminders, digests, duty
    reminders, then every pending delivery (sent here when `inline`, else queued)."""
    now = now or timezone.now()
    with translation.override(settings.LANGUAGE_CODE):
        counts = _sweep_issues(now)
    counts["digest"] = send_digests(now=now)
    counts["duty"] = send_duty_reminders(now=now)
    # Read the clock again: the deliveries just made count as due when sending inline.
    counts["deliveries"] = notify.requeue_due_deliveries(
        now=timezone.now(), inline=inline, grace=timedelta(0) if inline else notify.SWEEP_GRACE
    )
    return counts
