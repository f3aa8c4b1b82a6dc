"""The same form sent twice (a double tap, a retry, a second tab) is stored once.

Each form carries a one-time key made with its page; the step its first POST wrote keeps the
key, and a repeat is answered with that POST's result.
"""

import re
import uuid
from datetime import timedelta

import pytest
from django.contrib.messages import get_messages
from django.urls import reverse
from django.utils import timezone

from issues import services
from issues.models import Issue, IssueEvent, IssuePhoto, State
from issues.services import TransitionError
from tests import factories
from tests.issues.intake import image_bytes, intake_data, processed_png, started, upload

pytestmark = pytest.mark.django_db


@pytest.fixture
def category(db):
    return factories.CategoryFactory(name="市政设施")


def intake_url(station) -> str:
    return reverse("station-intake", args=[station.code])


def send(client, station, category, key, **overrides):
    """POST the intake form and follow to the receipt (or the form again)."""
    data = intake_data(category, submission_key=str(key), **overrides)
    return client.post(intake_url(station), data, follow=True)


def key_on_page(html: str, name: str = "submission_key") -> str:
    return re.search(rf'name="{name}" value="([^"]+)"', html).group(1)


# ----- the citizen's QR form -----------------------------------------------------------------


def test_the_form_sent_twice_makes_one_issue_and_shows_the_same_number(
    client, shinan_station, category
):
    key = uuid.uuid4()
    first = send(client, shinan_station, category, key)
    second = send(client, shinan_station, category, key)

    assert Issue.objects.count() == 1
    assert second.context["number"] == first.context["number"]


def test_a_repeat_leads_to_the_same_private_link(client, shinan_station, category):
    key = uuid.uuid4()
    send(client, shinan_station, category, key)
    second = send(client, shinan_station, category, key)

    assert f"/t/{Issue.objects.get().token}" in second.context["status_url"]


def test_a_repeat_uses_no_tracking_number(client, shinan_station, category):
    key = uuid.uuid4()
    send(client, shinan_station, category, key)
    send(client, shinan_station, category, key)
    send(client, shinan_station, category, uuid.uuid4())

    numbers = sorted(Issue.objects.values_list("tracking_number", flat=True))
    assert [number[-6:] for number in numbers] == ["000001", "000002"]


def test_a_repeat_with_photos_stores_them_once(client, shinan_station, category):
    key = uuid.uuid4()
    for _ in range(2):
        send(client, shinan_station, category, key, photos=[upload(image_bytes())])

    assert IssuePhoto.objects.count() == 1


def test_each_page_carries_a_new_key(client, shinan_station):
    first = key_on_page(client.get(intake_url(shinan_station)).text)
    second = key_on_page(client.get(intake_url(shinan_station)).text)

    assert uuid.UUID(first) != uuid.UUID(second)


def test_the_key_is_stored_with_the_submission(client, shinan_station, category):
    key = uuid.uuid4()
    send(client, shinan_station, category, key)

    assert IssueEvent.objects.get(action="submit").submission_key == key


def test_a_form_with_errors_comes_back_with_its_key(client, shinan_station, category):
    key = uuid.uuid4()
    response = send(client, shinan_station, category, key, text="太短")

    assert key_on_page(response.text) == str(key)


def test_an_expired_page_comes_back_with_a_new_key(client, shinan_station, category):
    key = uuid.uuid4()
    send(client, shinan_station, category, key)

    response = send(client, shinan_station, category, key, started=started(25 * 3600))

    assert response.context["form"].has_error("__all__", "expired")
    assert key_on_page(response.text) != str(key)


def test_a_page_without_a_key_is_still_accepted(client, shinan_station, category):
    # Pages rendered before forms carried a key send none: handled once, as they were.
    client.post(intake_url(shinan_station), intake_data(category))

    assert IssueEvent.objects.get(action="submit").submission_key is None


def test_a_malformed_key_is_an_error_and_the_form_gets_a_new_one(client, shinan_station, category):
    response = send(client, shinan_station, category, "not-a-uuid")

    assert Issue.objects.count() == 0
    assert response.context["form"].has_error("submission_key", "invalid")
    assert uuid.UUID(key_on_page(response.text))


def test_a_key_another_form_used_is_refused_with_a_new_key(
    client, shinan_station, category, shinan_issue, shinan_staff
):
    key = uuid.uuid4()
    services.issue_register(shinan_issue.pk, actor=shinan_staff, submission_key=key)

    response = send(client, shinan_station, category, key)

    assert Issue.objects.count() == 1
    assert response.context["form"].has_error("__all__", "key_reused")
    assert key_on_page(response.text) != str(key)


def test_a_filled_honeypot_with_a_key_still_stores_nothing(client, shinan_station, category):
    response = send(client, shinan_station, category, uuid.uuid4(), homepage="http://spam")

    assert (response.status_code, Issue.objects.count()) == (200, 0)
    assert response.context["number"]


# ----- the services ----------------------------------------------------------------------------


def submit(district, category, key, **fields):
    return services.issue_submit(
        district=district,
        source="station_qr",
        category=category,
        text="路灯坏了三个月。",
        submission_key=key,
        **fields,
    )


def test_submitting_with_a_used_key_returns_the_first_issue(shinan, category):
    key = uuid.uuid4()
    first = submit(shinan, category, key)

    assert submit(shinan, category, key).pk == first.pk


def test_a_repeated_escalation_raises_the_level_once(shinan_staff, shinan):
    # Escalation keeps the state, so only the key tells the repeat from a second escalation.
    issue = factories.issue_in_state(State.REGISTERED, district=shinan)
    key = uuid.uuid4()
    for _ in range(2):
        services.issue_escalate(issue.pk, actor=shinan_staff, submission_key=key)

    issue.refresh_from_db()
    assert (issue.escalation_level, issue.events.count()) == (1, 1)


def test_a_repeated_answer_attaches_its_photos_once(shinan_staff, shinan):
    issue = factories.issue_in_state(State.REGISTERED, district=shinan)
    key = uuid.uuid4()
    for _ in range(2):
        services.issue_answer(
            issue.pk,
            actor=shinan_staff,
            answer="已修复。",
            photos=[processed_png()],
            submission_key=key,
        )

    assert issue.photos.count() == 1


def test_a_repeated_answer_tells_the_citizen_once(shinan_staff, shinan, monkeypatch):
    queued = []
    monkeypatch.setattr(services, "enqueue_after_commit", lambda *args: queued.append(args))
    issue = factories.issue_in_state(State.REGISTERED, district=shinan)
    key = uuid.uuid4()
    for _ in range(2):
        services.issue_answer(issue.pk, actor=shinan_staff, answer="已修复。", submission_key=key)

    assert queued == [("reminders.tasks.issue_answered", issue.pk)]


def test_a_key_used_on_another_issue_is_refused(shinan_staff, shinan):
    first, second = (factories.issue_in_state(State.REGISTERED, district=shinan) for _ in "12")
    key = uuid.uuid4()
    services.issue_escalate(first.pk, actor=shinan_staff, submission_key=key)

    with pytest.raises(TransitionError) as refused:
        services.issue_escalate(second.pk, actor=shinan_staff, submission_key=key)
    assert refused.value.code == "key_reused"


def test_a_key_another_staff_member_used_is_refused(shinan_staff, shinan, shinan_issue):
    key = uuid.uuid4()
    services.issue_register(shinan_issue.pk, actor=shinan_staff, submission_key=key)
    colleague = factories.StaffFactory(district=shinan)

    with pytest.raises(TransitionError) as refused:
        services.issue_register(shinan_issue.pk, actor=colleague, submission_key=key)
    assert refused.value.code == "key_reused"


def test_transitions_without_a_key_are_not_taken_for_repeats(shinan_staff, shinan):
    # The reminder sweep escalates without a form: each call is a step of its own.
    issue = factories.issue_in_state(State.REGISTERED, district=shinan)
    for _ in range(2):
        services.issue_escalate(issue.pk, actor=shinan_staff)

    issue.refresh_from_db()
    assert issue.escalation_level == 2


# ----- the issue page's action forms -----------------------------------------------------------


def in_days(days: int) -> str:
    return (timezone.localdate() + timedelta(days=days)).isoformat()


def action_case(action: str, shinan, department, category):
    """(issue, form data) for `action` on an issue in a state that allows it."""
    states = {
        "register": State.SUBMITTED,
        "reject": State.SUBMITTED,
        "merge": State.SUBMITTED,
        "transfer": State.REGISTERED,
        "start": State.REGISTERED,
        "send_back": State.TRANSFERRED,
        "answer": State.REGISTERED,
        "close": State.ANSWERED,
        "reopen": State.CLOSED,
        "escalate": State.REGISTERED,
    }
    issue = factories.issue_in_state(
        states[action], district=shinan, category=category, department=department
    )
    original = factories.issue_in_state(State.REGISTERED, district=shinan)
    data = {
        "register": {"category": category.pk, "deadline": in_days(5)},
        "reject": {"reason": "不属于受理范围。"},
        "merge": {"into": original.tracking_number},
        "transfer": {"department": department.pk},
        "start": {"note": ""},
        "send_back": {"reason": "不属于本部门。"},
        "answer": {"answer": "路灯已修复。"},
        "close": {"note": ""},
        "reopen": {"reason": "群众反映仍未修好。", "deadline": in_days(5)},
        "escalate": {"note": "请加快办理。"},
    }[action]
    return issue, data


def act(client, issue, action: str, data: dict, key):
    url = reverse("workbench:issue-action", args=[issue.pk, action])
    payload = {f"{action}-{name}": value for name, value in data.items()}
    payload[f"{action}-submission_key"] = str(key)
    return client.post(url, payload)


@pytest.mark.parametrize("action", list(services.TRANSITIONS.keys() - {"rate"}))
def test_a_repeated_action_post_changes_nothing_and_shows_the_issue(
    action, staff_client, shinan, shinan_department, category
):
    issue, data = action_case(action, shinan, shinan_department, category)
    key = uuid.uuid4()
    first = act(staff_client, issue, action, data, key)
    after_first = Issue.objects.get(pk=issue.pk)

    second = act(staff_client, issue, action, data, key)

    assert (second.status_code, second["Location"]) == (302, first["Location"])
    assert Issue.objects.get(pk=issue.pk).updated_at == after_first.updated_at
    assert IssueEvent.objects.filter(issue=issue, action=action).count() == 1


def test_a_repeated_register_says_it_is_done_not_that_it_is_impossible(
    staff_client, shinan_issue, category
):
    key = uuid.uuid4()
    first = act(staff_client, shinan_issue, "register", {"category": category.pk}, key)

    second = act(staff_client, shinan_issue, "register", {"category": category.pk}, key)

    # The first answer's message is still unread (no page was shown in between): the last.
    said = [(m.level_tag, str(m)) for m in get_messages(second.wsgi_request)][-1]
    assert said == [(m.level_tag, str(m)) for m in get_messages(first.wsgi_request)][-1]


def test_a_departments_repeated_send_back_leads_home_not_to_a_404(
    client, shinan, shinan_department, shinan_department_user, category
):
    issue, data = action_case("send_back", shinan, shinan_department, category)
    client.force_login(shinan_department_user)
    key = uuid.uuid4()
    act(client, issue, "send_back", data, key)

    second = act(client, issue, "send_back", data, key)

    assert (second.status_code, second["Location"]) == (302, reverse("workbench:home"))


def test_another_users_post_with_a_used_key_is_refused_as_before(
    client, shinan, shinan_staff, shinan_issue, category
):
    key = uuid.uuid4()
    services.issue_register(shinan_issue.pk, actor=shinan_staff, submission_key=key)
    client.force_login(factories.StaffFactory(district=shinan))

    response = act(client, shinan_issue, "register", {"category": category.pk}, key)

    assert [m.level_tag for m in get_messages(response.wsgi_request)] == ["error"]


def test_each_issue_page_gives_its_action_forms_new_keys(staff_client, shinan_issue):
    url = reverse("workbench:issue-detail", args=[shinan_issue.pk])
    first = key_on_page(staff_client.get(url).text, "reject-submission_key")
    second = key_on_page(staff_client.get(url).text, "reject-submission_key")

    assert first != second


def test_a_malformed_action_key_reopens_the_form_with_a_new_key(staff_client, shinan_issue):
    response = act(staff_client, shinan_issue, "reject", {"reason": "重复。"}, "garbled")

    assert response.status_code == 400
    assert Issue.objects.get(pk=shinan_issue.pk).state == State.SUBMITTED
    assert uuid.UUID(key_on_page(response.text, "reject-submission_key"))


# ----- entering an issue on a citizen's behalf -------------------------------------------------

NEW = "/work/issues/new/"


def on_behalf(category, key) -> dict:
    return {
        "source": "hotline",
        "category": category.pk,
        "text": "夜间渣土车噪音扰民。",
        "place": "香港中路",
        "submission_key": str(key),
    }


def test_recording_the_same_form_twice_makes_one_issue_and_shows_it(staff_client, category):
    key = uuid.uuid4()
    first = staff_client.post(NEW, on_behalf(category, key))

    second = staff_client.post(NEW, on_behalf(category, key))

    assert Issue.objects.count() == 1
    assert (second.status_code, second["Location"]) == (302, first["Location"])


def test_the_entry_form_carries_a_new_key_on_each_page(staff_client):
    assert key_on_page(staff_client.get(NEW).text) != key_on_page(staff_client.get(NEW).text)


def test_the_deputys_qr_form_sent_twice_makes_one_issue(client, shinan_deputy, category):
    url = reverse("deputy-intake", args=[shinan_deputy.code])
    data = intake_data(category, submission_key=str(uuid.uuid4()))

    numbers = [client.post(url, data, follow=True).context["number"] for _ in range(2)]

    assert Issue.objects.count() == 1
    assert numbers == [Issue.objects.get().tracking_number] * 2
