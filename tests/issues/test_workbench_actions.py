"""Each action form on the issue page: the happy path, and the refusals that change nothing."""

import io
from datetime import timedelta

import pytest
from django.contrib.messages import get_messages
from django.core.exceptions import PermissionDenied
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone
from PIL import Image

from issues import workbench_views
from issues.models import Issue, IssueEvent, IssuePhoto, State
from issues.services import TransitionError
from tests import factories

pytestmark = pytest.mark.django_db


def act(client, issue, action: str, data: dict | None = None, *, follow: bool = False):
    url = reverse("workbench:issue-action", args=[issue.pk, action])
    payload = {f"{action}-{key}": value for key, value in (data or {}).items()}
    return client.post(url, payload, follow=follow)


def fresh(issue) -> Issue:
    return Issue.objects.get(pk=issue.pk)


def messages_of(response) -> list[str]:
    return [str(message) for message in get_messages(response.wsgi_request)]


def in_days(days: int) -> str:
    return (timezone.localdate() + timedelta(days=days)).isoformat()


@pytest.fixture
def staff_deputy_account(shinan):
    deputy = factories.DeputyFactory(district=shinan)
    deputy.user = factories.DeputyUserFactory()
    deputy.save()
    return deputy.user


# ----- register ---------------------------------------------------------------------------


def test_register_moves_the_issue_and_redirects_back(staff_client, shinan_issue):
    response = act(staff_client, shinan_issue, "register", {"category": shinan_issue.category_id})
    assert response.status_code == 302
    assert response["Location"] == reverse("workbench:issue-detail", args=[shinan_issue.pk])
    assert fresh(shinan_issue).state == State.REGISTERED


def test_register_records_the_staff_member_as_actor(staff_client, shinan_staff, shinan_issue):
    act(staff_client, shinan_issue, "register", {"category": shinan_issue.category_id})
    event = IssueEvent.objects.get(issue=shinan_issue, action="register")
    assert event.actor == shinan_staff


def test_register_sets_the_chosen_deadline_at_the_end_of_that_day(staff_client, shinan_issue):
    data = {"category": shinan_issue.category_id, "deadline": in_days(7)}
    act(staff_client, shinan_issue, "register", data)
    deadline = timezone.localtime(fresh(shinan_issue).deadline)
    assert (deadline.date().isoformat(), deadline.hour) == (in_days(7), 23)


def test_register_without_a_deadline_uses_the_category_default(staff_client, shinan_issue):
    act(staff_client, shinan_issue, "register", {"category": shinan_issue.category_id})
    expected = timezone.now() + timedelta(days=shinan_issue.category.default_days)
    assert abs(fresh(shinan_issue).deadline - expected) < timedelta(minutes=1)


def test_register_assigns_a_deputy_of_the_district(
    staff_client, shinan_issue, staff_deputy_account
):
    data = {"category": shinan_issue.category_id, "assignee": staff_deputy_account.pk}
    act(staff_client, shinan_issue, "register", data)
    assert fresh(shinan_issue).assignee == staff_deputy_account


def test_register_refuses_an_assignee_of_another_district(
    staff_client, shinan_issue, laoshan_staff
):
    data = {"category": shinan_issue.category_id, "assignee": laoshan_staff.pk}
    response = act(staff_client, shinan_issue, "register", data)
    assert response.status_code == 400
    assert fresh(shinan_issue).state == State.SUBMITTED


def test_register_refuses_a_past_deadline(staff_client, shinan_issue):
    data = {"category": shinan_issue.category_id, "deadline": in_days(-1)}
    response = act(staff_client, shinan_issue, "register", data)
    assert response.status_code == 400
    assert fresh(shinan_issue).state == State.SUBMITTED


def test_invalid_form_reopens_that_action_with_its_errors(staff_client, shinan_issue):
    response = act(staff_client, shinan_issue, "reject", {"reason": ""})
    (rejected,) = [a for a in response.context["actions"] if a["name"] == "reject"]
    assert rejected["open"] and rejected["form"].errors


# ----- reject, merge ------------------------------------------------------------------------


def test_reject_with_a_reason(staff_client, shinan_issue):
    act(staff_client, shinan_issue, "reject", {"reason": "不属于人大代表受理范围"})
    assert fresh(shinan_issue).state == State.REJECTED


def test_reject_needs_a_reason(staff_client, shinan_issue):
    response = act(staff_client, shinan_issue, "reject", {"reason": "  "})
    assert response.status_code == 400
    assert fresh(shinan_issue).state == State.SUBMITTED


def test_merge_into_an_issue_of_the_district_by_tracking_number(staff_client, shinan, shinan_issue):
    target = factories.issue_in_state("registered", district=shinan)
    act(staff_client, shinan_issue, "merge", {"into": target.tracking_number.lower()})
    assert fresh(shinan_issue).merged_into == target


def test_merge_refuses_an_issue_of_another_district(staff_client, shinan_issue, laoshan_issue):
    response = act(staff_client, shinan_issue, "merge", {"into": laoshan_issue.tracking_number})
    assert response.status_code == 400
    assert fresh(shinan_issue).state == State.SUBMITTED


def test_merge_refuses_a_rejected_target_with_the_services_message(
    staff_client, shinan, shinan_issue
):
    target = factories.issue_in_state("rejected", district=shinan)
    response = act(staff_client, shinan_issue, "merge", {"into": target.tracking_number})
    assert response.status_code == 302
    assert messages_of(response)
    assert fresh(shinan_issue).state == State.SUBMITTED


# ----- transfer, start, send back ----------------------------------------------------------


def test_transfer_to_a_department_of_the_district(staff_client, shinan, shinan_department):
    issue = factories.issue_in_state("registered", district=shinan)
    act(staff_client, issue, "transfer", {"department": shinan_department.pk})
    assert (fresh(issue).state, fresh(issue).department) == (State.TRANSFERRED, shinan_department)


def test_transfer_may_set_a_new_deadline(staff_client, shinan, shinan_department):
    issue = factories.issue_in_state("registered", district=shinan)
    act(
        staff_client,
        issue,
        "transfer",
        {"department": shinan_department.pk, "deadline": in_days(20)},
    )
    assert timezone.localtime(fresh(issue).deadline).date().isoformat() == in_days(20)


def test_transfer_refuses_a_department_of_another_district(
    staff_client, shinan, laoshan_department
):
    issue = factories.issue_in_state("registered", district=shinan)
    response = act(staff_client, issue, "transfer", {"department": laoshan_department.pk})
    assert response.status_code == 400
    assert fresh(issue).state == State.REGISTERED


def test_transfer_refuses_an_inactive_department(staff_client, shinan):
    closed = factories.DepartmentFactory(district=shinan, is_active=False)
    issue = factories.issue_in_state("registered", district=shinan)
    response = act(staff_client, issue, "transfer", {"department": closed.pk})
    assert response.status_code == 400


def test_start_work(staff_client, shinan):
    issue = factories.issue_in_state("registered", district=shinan)
    act(staff_client, issue, "start")
    assert fresh(issue).state == State.IN_PROGRESS


def test_staff_may_send_back_a_transferred_issue(staff_client, shinan, shinan_department):
    issue = factories.issue_in_state("transferred", district=shinan, department=shinan_department)
    act(staff_client, issue, "send_back", {"reason": "部门认为不属其职责"})
    assert (fresh(issue).state, fresh(issue).department) == (State.REGISTERED, None)


# ----- answer, close, reopen, escalate -----------------------------------------------------


def test_answer_records_the_public_answer(staff_client, shinan):
    issue = factories.issue_in_state("in_progress", district=shinan)
    act(staff_client, issue, "answer", {"answer": "路灯已于本周修复。"})
    assert (fresh(issue).state, fresh(issue).answer) == (State.ANSWERED, "路灯已于本周修复。")


def test_answer_needs_text(staff_client, shinan):
    issue = factories.issue_in_state("in_progress", district=shinan)
    assert act(staff_client, issue, "answer", {"answer": ""}).status_code == 400


def png_upload(name: str = "result.png") -> SimpleUploadedFile:
    buffer = io.BytesIO()
    Image.new("RGB", (40, 30), "green").save(buffer, "PNG")
    return SimpleUploadedFile(name, buffer.getvalue(), content_type="image/png")


def test_answer_may_carry_photos_of_the_result(staff_client, shinan, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    issue = factories.issue_in_state("in_progress", district=shinan)
    act(staff_client, issue, "answer", {"answer": "已修复。", "photos": png_upload()})
    photo = IssuePhoto.objects.get(issue=issue)
    assert (photo.purpose, photo.width) == (IssuePhoto.Purpose.ANSWER, 40)


def test_answer_refuses_a_file_that_is_not_a_photo(staff_client, shinan, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    issue = factories.issue_in_state("in_progress", district=shinan)
    fake = SimpleUploadedFile("x.png", b"<script>alert(1)</script>", content_type="image/png")
    response = act(staff_client, issue, "answer", {"answer": "已修复。", "photos": fake})
    assert response.status_code == 400
    assert fresh(issue).state == State.IN_PROGRESS


def test_close_an_answered_issue(staff_client, shinan):
    issue = factories.issue_in_state("answered", district=shinan)
    act(staff_client, issue, "close")
    assert fresh(issue).state == State.CLOSED


def test_reopen_with_a_reason_and_deadline(staff_client, shinan):
    issue = factories.issue_in_state("answered", district=shinan)
    act(staff_client, issue, "reopen", {"reason": "群众反映问题仍在", "deadline": in_days(5)})
    assert fresh(issue).state == State.REOPENED


def test_escalate_raises_the_supervision_level(staff_client, shinan):
    issue = factories.issue_in_state("in_progress", district=shinan)
    act(staff_client, issue, "escalate", {"note": "逾期,督办"})
    assert fresh(issue).escalation_level == 1


def test_success_is_reported_with_the_tracking_number(staff_client, shinan):
    issue = factories.issue_in_state("in_progress", district=shinan)
    response = act(staff_client, issue, "escalate")
    assert any(issue.tracking_number in message for message in messages_of(response))


# ----- refusals ------------------------------------------------------------------------------


def test_wrong_state_is_a_message_and_changes_nothing(staff_client, shinan):
    issue = factories.issue_in_state("closed", district=shinan)
    response = act(staff_client, issue, "register", {"category": issue.category_id})
    assert response.status_code == 302
    assert messages_of(response)
    assert fresh(issue).state == State.CLOSED


def test_wrong_state_adds_no_event(staff_client, shinan):
    issue = factories.issue_in_state("answered", district=shinan)
    act(staff_client, issue, "start")
    assert not IssueEvent.objects.filter(issue=issue).exists()


def test_message_of_a_wrong_state_shows_on_the_issue_page(staff_client, shinan):
    issue = factories.issue_in_state("answered", district=shinan)
    response = act(staff_client, issue, "start", follow=True)
    assert response.context["messages"]
    assert b'role="alert"' in response.content


def test_deputy_not_responsible_for_the_issue_is_forbidden(
    client, shinan_deputy_user, shinan_issue
):
    client.force_login(shinan_deputy_user)
    response = act(client, shinan_issue, "register", {"category": shinan_issue.category_id})
    assert response.status_code == 403
    assert fresh(shinan_issue).state == State.SUBMITTED


def test_staff_of_another_district_get_404_on_post(client, laoshan_staff, shinan_issue):
    client.force_login(laoshan_staff)
    response = act(client, shinan_issue, "register", {"category": shinan_issue.category_id})
    assert response.status_code == 404
    assert fresh(shinan_issue).state == State.SUBMITTED


def test_unknown_action_is_404(staff_client, shinan_issue):
    assert act(staff_client, shinan_issue, "rate").status_code == 404


def test_action_urls_take_only_posts(staff_client, shinan_issue):
    url = reverse("workbench:issue-action", args=[shinan_issue.pk, "register"])
    assert staff_client.get(url).status_code == 405


def test_a_race_lost_in_the_service_is_a_message(staff_client, shinan, monkeypatch):
    def lost(*args, **kwargs):
        raise TransitionError("Someone else changed this issue at the same time.")

    monkeypatch.setitem(workbench_views.ACTION_SERVICES, "start", lost)
    issue = factories.issue_in_state("registered", district=shinan)
    response = act(staff_client, issue, "start")
    assert "Someone else changed this issue at the same time." in messages_of(response)


def test_permission_refused_in_the_service_is_403(staff_client, shinan, monkeypatch):
    def refused(*args, **kwargs):
        raise PermissionDenied

    monkeypatch.setitem(workbench_views.ACTION_SERVICES, "start", refused)
    issue = factories.issue_in_state("registered", district=shinan)
    assert act(staff_client, issue, "start").status_code == 403
