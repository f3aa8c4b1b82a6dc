"""The issue page: in scope it shows everything and exactly the actions the user may take now."""

from datetime import UTC, datetime

import pytest
from django.urls import reverse

from issues import services
from issues.models import IssueEvent
from tests import factories

pytestmark = pytest.mark.django_db


def detail(issue) -> str:
    return reverse("workbench:issue-detail", args=[issue.pk])


def offered(client, issue) -> list[str]:
    response = client.get(detail(issue))
    assert response.status_code == 200
    return sorted(action["name"] for action in response.context["actions"])


def test_url_names_the_issue_by_its_key_only(shinan_issue):
    assert detail(shinan_issue) == f"/work/issues/{shinan_issue.pk}/"


def test_staff_open_an_issue_of_their_district(staff_client, shinan_issue):
    assert staff_client.get(detail(shinan_issue)).status_code == 200


def test_staff_get_404_for_another_districts_issue(staff_client, laoshan_issue):
    assert staff_client.get(detail(laoshan_issue)).status_code == 404


def test_superuser_opens_any_issue(admin_client, laoshan_issue):
    assert admin_client.get(detail(laoshan_issue)).status_code == 200


def test_department_gets_404_for_an_issue_not_transferred_to_it(
    client, shinan_department_user, shinan_issue
):
    client.force_login(shinan_department_user)
    assert client.get(detail(shinan_issue)).status_code == 404


def test_deputy_gets_404_for_an_issue_outside_their_stations(client, shinan, shinan_deputy_user):
    elsewhere = factories.issue_in_state("submitted", district=shinan)
    client.force_login(shinan_deputy_user)
    assert client.get(detail(elsewhere)).status_code == 404


def test_page_shows_the_text_and_facts(staff_client, shinan_issue):
    content = staff_client.get(detail(shinan_issue)).content.decode()
    assert shinan_issue.text in content
    assert shinan_issue.station.name in content


def test_staff_on_a_submitted_issue_may_register_reject_or_merge(staff_client, shinan_issue):
    assert offered(staff_client, shinan_issue) == ["merge", "register", "reject"]


def test_staff_are_not_offered_an_answer_on_a_submitted_issue(staff_client, shinan_issue):
    assert "answer" not in offered(staff_client, shinan_issue)


def test_staff_on_an_answered_issue_may_close_or_reopen(staff_client, shinan):
    issue = factories.issue_in_state("answered", district=shinan)
    assert offered(staff_client, issue) == ["close", "reopen"]


def test_deputy_sees_no_actions_on_an_unassigned_issue(client, shinan_deputy_user, shinan_issue):
    client.force_login(shinan_deputy_user)
    assert offered(client, shinan_issue) == []


def test_assigned_deputy_may_start_or_answer(client, shinan, shinan_deputy_user):
    issue = factories.issue_in_state("registered", district=shinan, assignee=shinan_deputy_user)
    client.force_login(shinan_deputy_user)
    assert offered(client, issue) == ["answer", "start"]


def test_offered_actions_are_those_of_the_transition_table(staff_client, shinan, shinan_staff):
    issue = factories.issue_in_state("in_progress", district=shinan)
    expected = sorted(services.allowed_actions(issue, shinan_staff))
    assert offered(staff_client, issue) == expected


def test_each_action_posts_to_its_own_url(staff_client, shinan_issue):
    content = staff_client.get(detail(shinan_issue)).content.decode()
    assert reverse("workbench:issue-action", args=[shinan_issue.pk, "register"]) in content


def test_timeline_marks_internal_events(staff_client, shinan, shinan_staff):
    issue = factories.issue_in_state("registered", district=shinan)
    IssueEvent.objects.create(
        issue=issue, action="escalate", actor=shinan_staff, to_state="registered", note="催办"
    )
    response = staff_client.get(detail(issue))
    (event,) = response.context["events"]
    assert not event.is_public
    assert 'class="internal-mark"' in response.content.decode()


def test_timeline_shows_public_and_internal_events(staff_client, shinan, shinan_staff):
    issue = factories.issue_in_state("registered", district=shinan)
    IssueEvent.objects.create(issue=issue, action="submit", to_state="submitted", is_public=True)
    IssueEvent.objects.create(
        issue=issue, action="escalate", actor=shinan_staff, to_state="registered"
    )
    assert len(staff_client.get(detail(issue)).context["events"]) == 2


def test_timeline_shows_each_step_with_its_local_time_and_state_change(
    staff_client, shinan, shinan_staff
):
    issue = factories.issue_in_state("registered", district=shinan)
    late_evening_utc = datetime(2026, 3, 9, 20, 5, 7, tzinfo=UTC)  # 3月10日 04:05 in Shanghai
    event = IssueEvent.objects.create(
        issue=issue,
        action="register",
        actor=shinan_staff,
        from_state="submitted",
        to_state="registered",
        is_public=True,
    )
    IssueEvent.objects.filter(pk=event.pk).update(created_at=late_evening_utc)

    content = staff_client.get(detail(issue)).content.decode()

    meta = content[content.index('<div class="event-meta">') :]
    meta = meta[: meta.index("</div>")]
    assert '<time datetime="2026-03-10T04:05:07+08:00">2026-03-10 04:05</time>' in meta
    assert "· 已收集 → 已挂号" in " ".join(meta.split())


def test_overdue_issue_is_marked_in_words(staff_client, shinan):
    from datetime import timedelta

    from django.utils import timezone

    issue = factories.issue_in_state(
        "in_progress", district=shinan, deadline=timezone.now() - timedelta(days=2)
    )
    content = staff_client.get(detail(issue)).content.decode()
    assert 'class="overdue-mark"' in content


def test_merged_issue_links_to_its_target(staff_client, shinan):
    issue = factories.issue_in_state("merged", district=shinan)
    content = staff_client.get(detail(issue)).content.decode()
    assert detail(issue.merged_into) in content
