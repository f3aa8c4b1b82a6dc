"""Every write to an issue: intake, and the closed-loop transitions through one table.

Each transition locks the issue row, checks the move against `TRANSITIONS` after the lock,
checks who is acting, saves with a conditional UPDATE (so that two racing transitions cannot
both win, even where the database has no row locks), writes the append-only event in the same
transaction, and defers side effects with `transaction.on_commit`.

A write asked for by a form carries the form's one-time key (`submission_key`, a UUID made
with the page), stored on the event it writes, where the database keeps it unique: the same
POST again returns the issue as the first one left it and writes nothing.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from enum import Enum
from uuid import UUID

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, connection, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from issues.models import (
    OPEN_STATES,
    BlockedPhone,
    Category,
    Issue,
    IssueEvent,
    IssuePhoto,
    Rating,
    Source,
    State,
    TrackingCounter,
)
from portal.models import Area, Department, User
from portal.notifications.queue import enqueue_after_commit
from portal.roles import Role


class Actor(Enum):
    """Who acts when no logged-in user does."""

    CITIZEN = "citizen"
    SYSTEM = "system"


AnyActor = User | Actor

STAFF = "staff"  # a superuser or the district's staff
ASSIGNEE = "assignee"  # the responsible person the issue is assigned to
DEPARTMENT = "department"  # an account of the department the issue is transferred to
CITIZEN = "citizen"
SYSTEM = "system"


class TransitionError(ValidationError):
    """A move the issue's current state does not allow, or one another user got to first."""


@dataclass(frozen=True)
class Transition:
    label: str
    sources: frozenset[str]
    target: str | None  # None: the state stays (escalation)
    actors: frozenset[str]
    public: bool  # whether the event shows on the citizen's timeline


def _t(label, sources: Iterable[str], target: str | None, actors: Iterable[str], public: bool):
    return Transition(label, frozenset(sources), target, frozenset(actors), public)


WORKING = (State.REGISTERED, State.TRANSFERRED, State.IN_PROGRESS, State.REOPENED)

TRANSITIONS: dict[str, Transition] = {
    "register": _t(_("register"), [State.SUBMITTED], State.REGISTERED, [STAFF], True),
    "reject": _t(_("reject"), [State.SUBMITTED, State.REGISTERED], State.REJECTED, [STAFF], True),
    "merge": _t(
        _("merge as duplicate"), [State.SUBMITTED, State.REGISTERED], State.MERGED, [STAFF], True
    ),
    "transfer": _t(
        _("transfer to a department"),
        [State.REGISTERED, State.IN_PROGRESS, State.REOPENED],
        State.TRANSFERRED,
        [STAFF],
        True,
    ),
    "start": _t(
        _("start work"),
        [State.REGISTERED, State.REOPENED],
        State.IN_PROGRESS,
        [STAFF, ASSIGNEE],
        True,
    ),
    "send_back": _t(
        _("send back"), [State.TRANSFERRED], State.REGISTERED, [DEPARTMENT, STAFF], False
    ),
    "answer": _t(_("answer"), WORKING, State.ANSWERED, [STAFF, ASSIGNEE, DEPARTMENT], True),
    "rate": _t(_("rate the answer"), [State.ANSWERED], None, [CITIZEN], True),
    "close": _t(_("close"), [State.ANSWERED], State.CLOSED, [STAFF, SYSTEM], True),
    "reopen": _t(_("reopen"), [State.ANSWERED, State.CLOSED], State.REOPENED, [STAFF], True),
    "escalate": _t(_("escalate (督办)"), OPEN_STATES, None, [STAFF, SYSTEM], False),
}


def actor_roles(actor: AnyActor, issue: Issue) -> set[str]:
    """The roles in which `actor` may act on `issue`."""
    if actor is Actor.CITIZEN:
        return {CITIZEN}
    if actor is Actor.SYSTEM:
        return {SYSTEM}
    if not actor.is_authenticated or not actor.is_active:
        return set()
    roles: set[str] = set()
    if actor.is_superuser or (
        actor.role == Role.DISTRICT_STAFF and actor.district_id == issue.district_id
    ):
        roles.add(STAFF)
    if issue.assignee_id is not None and issue.assignee_id == actor.pk:
        roles.add(ASSIGNEE)
    if (
        actor.role == Role.DEPARTMENT
        and issue.department_id is not None
        and actor.department_id == issue.department_id
        and issue.state == State.TRANSFERRED
    ):
        roles.add(DEPARTMENT)
    return roles


def allowed_actions(issue: Issue, actor: AnyActor) -> list[str]:
    """The transitions `actor` may take on `issue` now, in table order (for the UI)."""
    roles = actor_roles(actor, issue)
    return [
        action
        for action, transition in TRANSITIONS.items()
        if issue.state in transition.sources and roles & transition.actors
    ]


def earlier_submission(
    key: UUID | None, *, action: str, actor: AnyActor | None, issue_id: int | None = None
) -> IssueEvent | None:
    """The step an earlier POST of the same form wrote (`key`), or None if the key is new.

    A key is made with one page's form: found with another action, issue or actor, it comes
    from a copied or forged form, and is refused rather than answered with someone's result.
    """
    event = IssueEvent.objects.for_submission(key)
    if event is None:
        return None
    user_id = actor.pk if isinstance(actor, User) else None
    if (
        event.action != action
        or event.actor_id != user_id
        or (issue_id is not None and event.issue_id != issue_id)
    ):
        raise TransitionError(
            _("This form was already used. Reload the page and try again."), code="key_reused"
        )
    return event


def _transition(issue_id: int, action: str, **kwargs) -> Issue:
    """Run one transition (see `_transition_applied`) and return the issue."""
    return _transition_applied(issue_id, action, **kwargs)[0]


def _transition_applied(
    issue_id: int,
    action: str,
    *,
    actor: AnyActor,
    note: str = "",
    public: bool | None = None,
    apply: Callable[[Issue], str | None] | None = None,
    submission_key: UUID | None = None,
) -> tuple[Issue, bool]:
    """Run one transition; `apply` changes the locked issue's fields and may pick the target.

    Returns (issue, applied): applied is False when this form's key was applied before (a
    repeated POST), and the issue is returned as it stands.
    """
    transition = TRANSITIONS[action]
    try:
        with transaction.atomic():
            issue = Issue.objects.select_for_update().get(pk=issue_id)
            # After the lock: a racing copy of this POST has committed by now, and is found.
            if earlier_submission(submission_key, action=action, actor=actor, issue_id=issue_id):
                return issue, False
            if issue.state not in transition.sources:
                raise TransitionError(
                    _("This issue is %(state)s: it cannot be given “%(action)s” now.")
                    % {"state": issue.get_state_display(), "action": transition.label},
                    code="invalid_state",
                )
            if not actor_roles(actor, issue) & transition.actors:
                raise PermissionDenied(
                    _("You may not %(action)s this issue.") % {"action": transition.label}
                )
            from_state = issue.state
            before = {f.attname: getattr(issue, f.attname) for f in Issue._meta.concrete_fields}
            target = (apply(issue) if apply else None) or transition.target or from_state
            issue.state = target
            issue.updated_at = timezone.now()
            changed = {
                name: getattr(issue, name)
                for name, value in before.items()
                if getattr(issue, name) != value or name in {"state", "updated_at"}
            }
            # The state in the WHERE clause makes the update fail if another transaction moved
            # the issue first (databases without row locks, such as SQLite, still serialise here).
            if Issue.objects.filter(pk=issue.pk, state=from_state).update(**changed) != 1:
                raise TransitionError(
                    _("Someone else changed this issue at the same time. Reload and try again."),
                    code="conflict",
                )
            IssueEvent.objects.create(
                issue=issue,
                action=action,
                actor=actor if isinstance(actor, User) else None,
                from_state=from_state,
                to_state=target,
                note=note,
                is_public=transition.public if public is None else public,
                submission_key=submission_key,
            )
    except IntegrityError:
        # The database's own guard, for a POST our lock did not wait for: the key stored
        # meanwhile with another issue (a copied form, refused as such). Of what a transition
        # writes, only the key is unique.
        if earlier_submission(submission_key, action=action, actor=actor, issue_id=issue_id):
            return Issue.objects.get(pk=issue_id), False
        raise
    return issue, True


def _clean_note(note: str, *, required: bool, field: str = "note") -> str:
    note = (note or "").strip()
    if required and not note:
        raise ValidationError({field: _("This field is required.")})
    return note


def issue_register(
    issue_id: int,
    *,
    actor: User,
    category: Category | None = None,
    deadline: datetime | None = None,
    assignee: User | None = None,
    note: str = "",
    now: datetime | None = None,
    submission_key: UUID | None = None,
) -> Issue:
    """挂号: accept the issue with a category, a responsible person and a deadline."""
    now = now or timezone.now()

    def apply(issue: Issue) -> None:
        if category is not None:
            issue.category = category
        if deadline is not None and deadline <= now:
            raise ValidationError({"deadline": _("The deadline must be in the future.")})
        issue.deadline = deadline or now + timedelta(days=issue.category.default_days)
        issue.assignee = assignee
        issue.registered_at = now

    return _transition(
        issue_id, "register", actor=actor, note=note, apply=apply, submission_key=submission_key
    )


def issue_reject(
    issue_id: int, *, actor: User, reason: str, submission_key: UUID | None = None
) -> Issue:
    reason = _clean_note(reason, required=True, field="reason")
    return _transition(issue_id, "reject", actor=actor, note=reason, submission_key=submission_key)


def issue_merge(
    issue_id: int, *, actor: User, into: Issue, note: str = "", submission_key: UUID | None = None
) -> Issue:
    """Merge a duplicate into another open issue of the same district."""

    def apply(issue: Issue) -> None:
        if into.pk == issue.pk or into.district_id != issue.district_id:
            raise ValidationError({"into": _("Choose another issue of the same district.")})
        if into.state in (State.REJECTED, State.MERGED):
            raise ValidationError({"into": _("That issue was itself rejected or merged.")})
        issue.merged_into = into

    note = note or str(_("Merged into %(number)s") % {"number": into.tracking_number})
    return _transition(
        issue_id, "merge", actor=actor, note=note, apply=apply, submission_key=submission_key
    )


def issue_transfer(
    issue_id: int,
    *,
    actor: User,
    department: Department,
    deadline: datetime | None = None,
    note: str = "",
    now: datetime | None = None,
    submission_key: UUID | None = None,
) -> Issue:
    """转办: hand the issue to a functional department of the same district."""
    now = now or timezone.now()

    def apply(issue: Issue) -> None:
        if department.district_id != issue.district_id or not department.is_active:
            raise ValidationError(
                {"department": _("Choose an active department of this district.")}
            )
        if deadline is not None:
            if deadline <= now:
                raise ValidationError({"deadline": _("The deadline must be in the future.")})
            issue.deadline = deadline
        issue.department = department

    return _transition(
        issue_id, "transfer", actor=actor, note=note, apply=apply, submission_key=submission_key
    )


def issue_start(
    issue_id: int, *, actor: User, note: str = "", submission_key: UUID | None = None
) -> Issue:
    """响应: the responsible person takes the issue up."""
    return _transition(issue_id, "start", actor=actor, note=note, submission_key=submission_key)


def issue_send_back(
    issue_id: int, *, actor: User, reason: str, submission_key: UUID | None = None
) -> Issue:
    """A department returns an issue that is not theirs, with the reason."""
    reason = _clean_note(reason, required=True, field="reason")

    def apply(issue: Issue) -> None:
        issue.department = None

    return _transition(
        issue_id, "send_back", actor=actor, note=reason, apply=apply, submission_key=submission_key
    )


def issue_answer(
    issue_id: int,
    *,
    actor: User,
    answer: str,
    photos: Iterable[ProcessedImage] = (),
    now: datetime | None = None,
    submission_key: UUID | None = None,
) -> Issue:
    """办结: record the answer given to the citizen."""
    answer = _clean_note(answer, required=True, field="answer")
    now = now or timezone.now()

    def apply(issue: Issue) -> None:
        issue.answer = answer
        issue.answered_at = now

    issue, applied = _transition_applied(
        issue_id, "answer", actor=actor, note=answer, apply=apply, submission_key=submission_key
    )
    if applied:  # a repeated POST brings its photos again: the first one stored them
        _attach_photos(issue, photos, IssuePhoto.Purpose.ANSWER)
        # Tell the citizen (SMS) once committed; if the broker is down, the reminder sweep does.
        enqueue_after_commit("reminders.tasks.issue_answered", issue.pk)
    return issue


def issue_rate(
    issue_id: int, *, rating: str, comment: str = "", now: datetime | None = None
) -> Issue:
    """回访: the citizen rates the answer; 不满意 reopens it with a new deadline."""
    if rating not in Rating.values:
        raise ValidationError({"rating": _("Choose one of the ratings.")})
    now = now or timezone.now()

    def apply(issue: Issue) -> str:
        issue.rating = rating
        issue.rating_comment = comment.strip()
        if rating == Rating.UNSATISFIED:
            issue.deadline = now + timedelta(days=issue.category.default_days)
            issue.closed_at = None
            return State.REOPENED
        issue.closed_at = now
        return State.CLOSED

    note = str(Rating(rating).label) + (f": {comment.strip()}" if comment.strip() else "")
    return _transition(issue_id, "rate", actor=Actor.CITIZEN, note=note, apply=apply)


def issue_close(
    issue_id: int, *, actor: AnyActor, note: str = "", now=None, submission_key: UUID | None = None
) -> Issue:
    """销号 without a rating: staff confirm it, or the rating period ran out."""
    now = now or timezone.now()

    def apply(issue: Issue) -> None:
        issue.closed_at = now

    return _transition(
        issue_id, "close", actor=actor, note=note, apply=apply, submission_key=submission_key
    )


def issue_reopen(
    issue_id: int,
    *,
    actor: User,
    reason: str,
    deadline: datetime | None = None,
    now: datetime | None = None,
    submission_key: UUID | None = None,
) -> Issue:
    reason = _clean_note(reason, required=True, field="reason")
    now = now or timezone.now()

    def apply(issue: Issue) -> None:
        if deadline is not None and deadline <= now:
            raise ValidationError({"deadline": _("The deadline must be in the future.")})
        issue.deadline = deadline or now + timedelta(days=issue.category.default_days)
        issue.closed_at = None

    return _transition(
        issue_id, "reopen", actor=actor, note=reason, apply=apply, submission_key=submission_key
    )


def issue_escalate(
    issue_id: int,
    *,
    actor: AnyActor,
    note: str = "",
    level=None,
    submission_key: UUID | None = None,
) -> Issue:
    """督办: raise the supervision level by one (or to `level`, never lowering it)."""

    def apply(issue: Issue) -> None:
        issue.escalation_level = max(issue.escalation_level + 1, level or 0)

    return _transition(
        issue_id, "escalate", actor=actor, note=note, apply=apply, submission_key=submission_key
    )


# ----- intake --------------------------------------------------------------------------------


@dataclass(frozen=True)
class ProcessedImage:
    """A checked, re-encoded image ready to store (see issues.photos).

    `rendition` is its small JPEG for the pages; empty, storing the photo makes one.
    """

    content: bytes
    content_type: str
    width: int
    height: int
    rendition: bytes = b""


def allocate_tracking_number(district: Area, *, year: int) -> str:
    """The next tracking number of the district and year, e.g. SN-2026-000042.

    One statement in the common case: the UPDATE takes the counter row's lock, which inside
    issue_submit's transaction is held to the commit, and returns the new value (the ORM's
    update() cannot return it, which cost a second query). The year's first issue creates
    the row; ON CONFLICT turns a racing first issue's INSERT into the same increment.
    """
    table = connection.ops.quote_name(TrackingCounter._meta.db_table)
    with connection.cursor() as cursor:
        cursor.execute(
            f"UPDATE {table} SET last = last + 1 WHERE district_id = %s AND year = %s"
            " RETURNING last",
            [district.pk, year],
        )
        row = cursor.fetchone()
        if row is None:
            cursor.execute(
                f"INSERT INTO {table} (district_id, year, last) VALUES (%s, %s, 1)"
                f" ON CONFLICT (district_id, year) DO UPDATE SET last = {table}.last + 1"
                " RETURNING last",
                [district.pk, year],
            )
            row = cursor.fetchone()
    prefix = district.code or f"Q{district.pk}"
    return f"{prefix}-{year}-{row[0]:06d}"


def is_blocked_phone(phone: str) -> bool:
    return bool(phone) and BlockedPhone.objects.filter(phone=phone).exists()


def issue_submit(
    *,
    district: Area,
    source: str,
    category: Category,
    text: str,
    place: str = "",
    citizen_name: str = "",
    citizen_phone: str = "",
    station=None,
    deputy=None,
    photos: Iterable[ProcessedImage] = (),
    kept_photos_key: str = "",
    kept_photo_ids: Sequence[int] = (),
    actor: User | None = None,
    now: datetime | None = None,
    submission_key: UUID | None = None,
) -> Issue:
    """收集: store a new issue from a citizen, or entered on a citizen's behalf by `actor`.

    `kept_photo_ids` are photos held under `kept_photos_key` from an earlier try of the form
    (issues.pending_photos): they become the issue's first photos, the key's others go.

    With the form's `submission_key` already stored (the same POST again), nothing is written
    and the issue that POST made is returned: the citizen gets the same tracking number.
    """
    if source not in Source.values:
        raise ValidationError({"source": _("Unknown source.")})
    now = now or timezone.now()
    try:
        with transaction.atomic():
            issue = Issue.objects.create(
                tracking_number=allocate_tracking_number(
                    district, year=timezone.localdate(now).year
                ),
                district=district,
                station=station,
                deputy=deputy,
                source=source,
                category=category,
                text=text,
                place=place,
                citizen_name=citizen_name,
                citizen_phone=citizen_phone,
                is_flagged=is_blocked_phone(citizen_phone),
                submitted_at=now,
            )
            IssueEvent.objects.create(
                issue=issue,
                action="submit",
                actor=actor,
                to_state=State.SUBMITTED,
                is_public=True,
                created_at=now,
                note="" if actor is None else str(Source(source).label),
                submission_key=submission_key,
            )
            if kept_photos_key:
                from issues.pending_photos import attach

                attach(issue, kept_photos_key, kept_photo_ids)
            _attach_photos(issue, photos, IssuePhoto.Purpose.INTAKE)
            # Tell staff a new issue awaits registration; if the broker is down, the sweep does.
            enqueue_after_commit("reminders.tasks.issue_submitted", issue.pk)
    except IntegrityError:
        # No look-up first: the busiest POST costs no extra query. A repeat is refused by
        # the key's unique index at the event's INSERT, before any photo is stored; the
        # rollback returns its tracking number to the counter, and the first POST's issue is
        # the answer. A racing copy waits at the counter's row lock (PostgreSQL) or for the
        # write lock (SQLite) until the first commits, so it is refused the same way.
        earlier = earlier_submission(submission_key, action="submit", actor=actor)
        if earlier is None:
            raise
        return earlier.issue
    return issue


def _attach_photos(issue: Issue, photos: Iterable[ProcessedImage], purpose: str) -> None:
    from issues.photos import store_photo

    for image in photos:
        store_photo(IssuePhoto(issue=issue, purpose=purpose), image)


def close_expired_answers(*, now: datetime | None = None) -> int:
    """销号 the answered issues the citizen did not rate within ISSUE_RATING_DAYS.

    Safe to run from several places at once: each close is a transition that re-checks the
    state under the row lock, so an issue rated or closed meanwhile is simply skipped.
    """
    from django.conf import settings

    now = now or timezone.now()
    cutoff = now - timedelta(days=settings.ISSUE_RATING_DAYS)
    # No ORDER BY (the model's newest-first would walk the whole submitted_at index); the
    # (state, answered_at) index finds the few expired answers.
    due = Issue.objects.filter(state=State.ANSWERED, answered_at__lt=cutoff).order_by()
    closed = 0
    for issue_id in due.values_list("pk", flat=True).iterator():
        try:
            issue_close(
                issue_id, actor=Actor.SYSTEM, note=str(_("No rating within the period.")), now=now
            )
        except TransitionError:
            continue
        closed += 1
    return closed
