"""Every closed-loop transition: allowed from its source states by its actors, refused otherwise."""

from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied
from django.utils import timezone

from issues import services
from issues.models import Issue, IssueEvent, Rating, State
from issues.services import TRANSITIONS, Actor, TransitionError
from portal.roles import Role
from tests import factories

pytestmark = pytest.mark.django_db


@pytest.fixture
def district():
    return factories.DistrictFactory(name="莱西市", code="LX")


@pytest.fixture
def department(district):
    return factories.DepartmentFactory(name="莱西市城市管理局", district=district)


@pytest.fixture
def other_department(district):
    return factories.DepartmentFactory(name="莱西市住房和城乡建设局", district=district)


@pytest.fixture
def assignee(district):
    deputy = factories.DeputyFactory(district=district)
    deputy.user = factories.DeputyUserFactory()
    deputy.save()
    return deputy.user


def make_issue(district, state, *, department=None, assignee=None):
    """An issue put straight into `state` (test set-up, not a transition)."""
    issue = factories.IssueFactory(district=district)
    fields = {"state": state, "department": department, "assignee": assignee}
    if state in (State.REGISTERED, State.TRANSFERRED, State.IN_PROGRESS, State.REOPENED):
        fields["deadline"] = timezone.now() + timedelta(days=5)
    if state == State.MERGED:
        fields["merged_into"] = factories.IssueFactory(district=district)
    Issue.objects.filter(pk=issue.pk).update(**fields)
    issue.refresh_from_db()
    return issue


def perform(action, issue, actor, *, department=None):
    """Call the service behind `action` with valid arguments."""
    future = timezone.now() + timedelta(days=3)
    calls = {
        "register": lambda: services.issue_register(issue.pk, actor=actor, deadline=future),
        "reject": lambda: services.issue_reject(issue.pk, actor=actor, reason="不属于受理范围"),
        "merge": lambda: services.issue_merge(
            issue.pk, actor=actor, into=factories.IssueFactory(district=issue.district)
        ),
        "transfer": lambda: services.issue_transfer(issue.pk, actor=actor, department=department),
        "start": lambda: services.issue_start(issue.pk, actor=actor),
        "send_back": lambda: services.issue_send_back(issue.pk, actor=actor, reason="非本部门职责"),
        "answer": lambda: services.issue_answer(issue.pk, actor=actor, answer="已修复路灯。"),
        "rate": lambda: services.issue_rate(issue.pk, rating=Rating.SATISFIED),
        "close": lambda: services.issue_close(issue.pk, actor=actor),
        "reopen": lambda: services.issue_reopen(issue.pk, actor=actor, reason="群众反映未解决"),
        "escalate": lambda: services.issue_escalate(issue.pk, actor=actor, note="逾期督办"),
    }
    return calls[action]()


def allowed_actor(action, district, department, assignee):
    """An actor the transition table admits for `action`."""
    actors = TRANSITIONS[action].actors
    if services.CITIZEN in actors:
        return Actor.CITIZEN
    if services.STAFF in actors:
        return factories.StaffFactory(district=district)
    if services.DEPARTMENT in actors:
        return factories.DepartmentUserFactory(department=department)
    return Actor.SYSTEM


CASES = [(action, state) for action in TRANSITIONS for state in State.values]


@pytest.mark.parametrize(("action", "state"), CASES)
def test_transition_is_allowed_exactly_from_its_source_states(
    action, state, district, department, assignee
):
    issue = make_issue(district, state, department=department, assignee=assignee)
    actor = allowed_actor(action, district, department, assignee)
    events_before = IssueEvent.objects.filter(issue=issue).count()
    if state in TRANSITIONS[action].sources:
        result = perform(action, issue, actor, department=department)
        expected = TRANSITIONS[action].target or (State.CLOSED if action == "rate" else state)
        assert (result.state, IssueEvent.objects.filter(issue=issue).count()) == (
            expected,
            events_before + 1,
        )
    else:
        with pytest.raises(TransitionError):
            perform(action, issue, actor, department=department)
        issue.refresh_from_db()
        assert (issue.state, IssueEvent.objects.filter(issue=issue).count()) == (
            state,
            events_before,
        )


def actor_kinds(district, department, other_department, assignee):
    laoshan = factories.DistrictFactory(name="崂山区")
    return {
        "staff": factories.StaffFactory(district=district),
        "superuser": factories.SuperuserFactory(),
        "other_district_staff": factories.StaffFactory(district=laoshan),
        "assignee": assignee,
        "other_deputy": factories.DeputyUserFactory(),
        "department": factories.DepartmentUserFactory(department=department),
        "other_department": factories.DepartmentUserFactory(department=other_department),
        "no_role": factories.UserFactory(role=Role.NONE),
        "citizen": Actor.CITIZEN,
        "system": Actor.SYSTEM,
    }


ROLE_OF_KIND = {
    "staff": services.STAFF,
    "superuser": services.STAFF,
    "assignee": services.ASSIGNEE,
    "department": services.DEPARTMENT,
    "citizen": services.CITIZEN,
    "system": services.SYSTEM,
}
KINDS = [
    "staff",
    "superuser",
    "other_district_staff",
    "assignee",
    "other_deputy",
    "department",
    "other_department",
    "no_role",
    "citizen",
    "system",
]


def first_source_state(action):
    """A source state of `action` in which a department may act when it may act at all."""
    sources = TRANSITIONS[action].sources
    return State.TRANSFERRED if State.TRANSFERRED in sources else sorted(sources)[0]


# Rating takes no actor: only the holder of the citizen's secret link reaches it.
@pytest.mark.parametrize("kind", KINDS)
@pytest.mark.parametrize("action", [action for action in TRANSITIONS if action != "rate"])
def test_transition_is_allowed_exactly_to_its_actors(
    action, kind, district, department, other_department, assignee
):
    state = first_source_state(action)
    issue = make_issue(district, state, department=department, assignee=assignee)
    actor = actor_kinds(district, department, other_department, assignee)[kind]
    if ROLE_OF_KIND.get(kind) in TRANSITIONS[action].actors:
        assert perform(action, issue, actor, department=department).pk == issue.pk
    else:
        with pytest.raises(PermissionDenied):
            perform(action, issue, actor, department=department)
        issue.refresh_from_db()
        assert issue.state == state


def test_registration_sets_the_category_default_deadline(district):
    issue = make_issue(district, State.SUBMITTED)
    staff = factories.StaffFactory(district=district)
    now = timezone.now()
    services.issue_register(issue.pk, actor=staff, now=now)
    issue.refresh_from_db()
    assert issue.deadline == now + timedelta(days=issue.category.default_days)


def test_registration_refuses_a_deadline_in_the_past(district):
    issue = make_issue(district, State.SUBMITTED)
    staff = factories.StaffFactory(district=district)
    with pytest.raises(Exception, match="deadline"):
        services.issue_register(issue.pk, actor=staff, deadline=timezone.now() - timedelta(hours=1))


def test_transfer_to_another_districts_department_is_refused(district):
    issue = make_issue(district, State.REGISTERED)
    staff = factories.StaffFactory(district=district)
    elsewhere = factories.DepartmentFactory(district=factories.DistrictFactory(name="崂山区"))
    with pytest.raises(Exception, match="department"):
        services.issue_transfer(issue.pk, actor=staff, department=elsewhere)


def test_unsatisfied_rating_reopens_with_a_new_deadline(district):
    issue = make_issue(district, State.ANSWERED)
    now = timezone.now()
    services.issue_rate(issue.pk, rating=Rating.UNSATISFIED, comment="没修好", now=now)
    issue.refresh_from_db()
    assert (issue.state, issue.deadline) == (
        State.REOPENED,
        now + timedelta(days=issue.category.default_days),
    )


def test_satisfied_rating_closes_the_issue(district):
    issue = make_issue(district, State.ANSWERED)
    services.issue_rate(issue.pk, rating=Rating.BASICALLY)
    issue.refresh_from_db()
    assert (issue.state, issue.rating) == (State.CLOSED, Rating.BASICALLY)


def test_department_sending_back_clears_the_department(district, department):
    issue = make_issue(district, State.TRANSFERRED, department=department)
    user = factories.DepartmentUserFactory(department=department)
    services.issue_send_back(issue.pk, actor=user, reason="非本部门职责")
    issue.refresh_from_db()
    assert (issue.state, issue.department) == (State.REGISTERED, None)


def test_sending_back_requires_a_reason(district, department):
    issue = make_issue(district, State.TRANSFERRED, department=department)
    user = factories.DepartmentUserFactory(department=department)
    with pytest.raises(Exception, match="reason"):
        services.issue_send_back(issue.pk, actor=user, reason="  ")


def test_escalation_raises_the_level_and_keeps_the_state(district):
    issue = make_issue(district, State.TRANSFERRED)
    services.issue_escalate(issue.pk, actor=Actor.SYSTEM)
    issue.refresh_from_db()
    assert (issue.state, issue.escalation_level) == (State.TRANSFERRED, 1)


def test_escalation_event_is_internal(district):
    issue = make_issue(district, State.REGISTERED)
    services.issue_escalate(issue.pk, actor=Actor.SYSTEM)
    assert issue.events.get(action="escalate").is_public is False


def test_event_records_actor_states_and_note(district):
    issue = make_issue(district, State.SUBMITTED)
    staff = factories.StaffFactory(district=district)
    services.issue_reject(issue.pk, actor=staff, reason="重复反映")
    event = issue.events.get()
    assert (event.actor, event.from_state, event.to_state, event.note) == (
        staff,
        State.SUBMITTED,
        State.REJECTED,
        "重复反映",
    )


def test_events_are_append_only(district):
    issue = make_issue(district, State.SUBMITTED)
    services.issue_reject(issue.pk, actor=factories.StaffFactory(district=district), reason="x")
    event = issue.events.get()
    event.note = "改写"
    with pytest.raises(ValueError):
        event.save()


def test_merge_into_itself_is_refused(district):
    issue = make_issue(district, State.SUBMITTED)
    with pytest.raises(Exception, match="into"):
        services.issue_merge(issue.pk, actor=factories.StaffFactory(district=district), into=issue)


def test_allowed_actions_lists_what_the_user_may_do_now(district):
    issue = make_issue(district, State.SUBMITTED)
    staff = factories.StaffFactory(district=district)
    assert services.allowed_actions(issue, staff) == ["register", "reject", "merge"]


def test_overdue_is_derived_from_the_deadline(district):
    issue = make_issue(district, State.REGISTERED)
    Issue.objects.filter(pk=issue.pk).update(deadline=timezone.now() - timedelta(minutes=1))
    assert list(Issue.objects.overdue()) == [issue]


def test_answered_issue_is_not_overdue(district):
    issue = make_issue(district, State.ANSWERED)
    Issue.objects.filter(pk=issue.pk).update(deadline=timezone.now() - timedelta(days=1))
    assert list(Issue.objects.overdue()) == []
