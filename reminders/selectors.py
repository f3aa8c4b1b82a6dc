"""Reads for the sweep: rules per district, who is told, what is due, and the digest's figures."""

from __future__ import annotations

from collections import Counter
from datetime import datetime, timedelta

from django.db.models import Count, Exists, OuterRef, QuerySet
from django.utils import timezone

from issues.models import Issue, State
from portal.models import User
from portal.roles import Role
from reminders.models import Kind, Reminder, ReminderPolicy
from representatives.models import DeputyGroup, StationAssignment
from stations.models import DutyShift


class Policies:
    """Every district's rules, read once per sweep; the model's defaults where none is saved."""

    def __init__(self) -> None:
        self._saved = {p.district_id: p for p in ReminderPolicy.objects.all()}
        self.default = ReminderPolicy()

    def __getitem__(self, district_id: int) -> ReminderPolicy:
        return self._saved.get(district_id, self.default)

    def all(self) -> list[ReminderPolicy]:
        return [self.default, *self._saved.values()]

    def widest(self, field: str) -> int:
        return max(getattr(p, field) for p in self.all())

    def narrowest(self, field: str) -> int:
        return min(getattr(p, field) for p in self.all())


def policy_for(district_id: int) -> ReminderPolicy:
    return ReminderPolicy.objects.filter(district_id=district_id).first() or ReminderPolicy()


def _unclaimed(issues: QuerySet[Issue], kind: str, level: int, occasion: str) -> QuerySet[Issue]:
    claimed = Reminder.objects.filter(
        issue=OuterRef("pk"), kind=kind, level=level, occasion=OuterRef(occasion)
    )
    return issues.exclude(Exists(claimed))


def _working() -> QuerySet[Issue]:
    return Issue.objects.open().in_work_queue().filter(deadline__isnull=False)


def submitted_to_register() -> QuerySet[Issue]:
    """New issues not yet registered (挂号) whose staff have not been told."""
    issues = Issue.objects.in_work_queue().filter(state=State.SUBMITTED)
    return _unclaimed(issues, Kind.SUBMITTED, 0, "submitted_at").order_by("pk")


def due_soon(now: datetime, policies: Policies) -> list[Issue]:
    """Open issues whose deadline is near (per their district's rule) and not yet reminded."""
    horizon = now + timedelta(hours=policies.widest("due_soon_hours"))
    issues = _working().filter(deadline__gt=now, deadline__lte=horizon)
    return [
        issue
        for issue in _unclaimed(issues, Kind.DUE_SOON, 0, "deadline").order_by("deadline", "pk")
        if issue.deadline <= now + timedelta(hours=policies[issue.district_id].due_soon_hours)
    ]


def at_deadline(now: datetime, policies: Policies) -> list[Issue]:
    """Open issues past their deadline but not yet due for supervision: "due now"."""
    earliest = now - timedelta(days=policies.widest("escalate_level1_days"))
    issues = _working().filter(deadline__lte=now, deadline__gt=earliest)
    return [
        issue
        for issue in _unclaimed(issues, Kind.AT_DEADLINE, 0, "deadline").order_by("deadline", "pk")
        if issue.deadline > now - timedelta(days=policies[issue.district_id].escalate_level1_days)
    ]


def to_escalate(now: datetime, policies: Policies, level: int) -> list[Issue]:
    """Open issues overdue long enough for supervision `level` (1 or 2) and not yet escalated."""
    field = f"escalate_level{level}_days"
    latest = now - timedelta(days=policies.narrowest(field))
    issues = _unclaimed(_working().filter(deadline__lte=latest), Kind.ESCALATION, level, "deadline")
    return [
        issue
        for issue in issues.select_related("station__area").order_by("deadline", "pk")
        if issue.deadline <= now - timedelta(days=getattr(policies[issue.district_id], field))
    ]


def answered_to_tell(now: datetime, rating_days: int) -> QuerySet[Issue]:
    """Answered issues whose citizen left a phone and was not yet told (within the rating time)."""
    issues = (
        Issue.objects.in_work_queue()
        .filter(state=State.ANSWERED, answered_at__gte=now - timedelta(days=rating_days))
        .exclude(citizen_phone="")
    )
    return _unclaimed(issues, Kind.ANSWERED, 0, "answered_at").order_by("pk")


def active_users(users: QuerySet[User]) -> list[User]:
    return list(users.filter(is_active=True).order_by("pk"))


def district_staff(district_id: int) -> list[User]:
    return active_users(User.objects.filter(role=Role.DISTRICT_STAFF, district_id=district_id))


def responsible_users(issue: Issue) -> list[User]:
    """The responsible person (责任人): the department's accounts for a transferred issue, else
    the assignee; the district's staff when there is nobody, so that no reminder is dropped."""
    if issue.state == State.TRANSFERRED and issue.department_id:
        users = active_users(
            User.objects.filter(role=Role.DEPARTMENT, department_id=issue.department_id)
        )
        if users:
            return users
    if issue.assignee_id and issue.assignee.is_active:
        return [issue.assignee]
    return district_staff(issue.district_id)


def supervisors(issue: Issue) -> list[User]:
    """Level 1 supervision: the deputies' group leader of the station's subdistrict, or else the
    station's resident deputies; the district's staff when neither has a login."""
    station = issue.station
    if station is not None:
        subdistrict = station.subdistrict
        leaders = active_users(
            User.objects.filter(
                deputy__led_groups__in=DeputyGroup.objects.filter(area=subdistrict),
                deputy__is_active=True,
            ).distinct()
        )
        if leaders:
            return leaders
        residents = active_users(
            User.objects.filter(
                deputy__assignments__station=station,
                deputy__assignments__role=StationAssignment.Role.RESIDENT,
                deputy__is_active=True,
            ).distinct()
        )
        if residents:
            return residents
    return district_staff(issue.district_id)


def new_issue_recipients(issue: Issue) -> list[User]:
    """Who registers a new issue: the district's staff, and the deputy the citizen reached."""
    users = district_staff(issue.district_id)
    deputy = issue.deputy
    if deputy is not None and deputy.user_id and deputy.is_active and deputy.user.is_active:
        users.append(deputy.user)
    return users


def digest_figures(district_id: int, now: datetime, limit: int = 10) -> dict:
    """Counts by state and the most overdue issues of a district, for the daily digest."""
    issues = Issue.objects.in_work_queue().filter(district_id=district_id)
    rows = issues.order_by().values("state").annotate(n=Count("pk"))
    by_state = Counter({row["state"]: row["n"] for row in rows})
    overdue = issues.overdue(now).order_by("deadline", "pk")
    return {
        "by_state": by_state,
        "overdue_count": overdue.count(),
        "overdue": list(
            overdue.values("pk", "tracking_number", "deadline", "escalation_level")[:limit]
        ),
    }


def digest_districts_due(now: datetime, policies: Policies, day: datetime) -> list[int]:
    """Districts whose digest hour has come today and who have not had today's digest."""
    local = timezone.localtime(now)
    sent = set(
        Reminder.objects.filter(kind=Kind.DIGEST, occasion=day).values_list(
            "district_id", flat=True
        )
    )
    staffed = set(
        User.objects.filter(role=Role.DISTRICT_STAFF, is_active=True).values_list(
            "district_id", flat=True
        )
    )
    return sorted(
        district_id
        for district_id in staffed - sent
        if district_id is not None and local.hour >= policies[district_id].digest_hour
    )


def shifts_to_remind(now: datetime, policies: Policies, day: datetime) -> list[DutyShift]:
    """Duty shifts (进站排班) on `day` (tomorrow, as local midnight) of active deputies, not yet
    reminded, in districts whose reminder hour has come today."""
    local = timezone.localtime(now)
    claimed = Reminder.objects.filter(kind=Kind.DUTY, duty_shift=OuterRef("pk"), occasion=day)
    shifts = (
        DutyShift.objects.filter(date=timezone.localtime(day).date(), deputy__is_active=True)
        .exclude(Exists(claimed))
        .select_related("station__area", "deputy__user")
        .order_by("pk")
    )
    return [
        shift
        for shift in shifts
        if local.hour >= policies[shift.station.area.district_id].duty_reminder_hour
    ]
