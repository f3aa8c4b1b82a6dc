"""The citizen's status page (/t/<token>): the public timeline, and nothing internal or personal."""

import pytest
from django.urls import reverse

from issues import services
from issues.models import Issue, Rating, State
from issues.public_selectors import REOPENED_BY_RATING
from issues.services import issue_submit
from tests import factories
from tests.issues.intake import TEXT, answered, processed_png

pytestmark = pytest.mark.django_db


@pytest.fixture
def issue(shinan_station):
    return issue_submit(
        district=shinan_station.area.district,
        source="station_qr",
        station=shinan_station,
        category=factories.CategoryFactory(name="市政设施"),
        text=TEXT,
        place="韶关路口",
        citizen_name="王小明",
        citizen_phone="13712345678",
        photos=[processed_png()],
    )


def status_url(issue):
    return reverse("issue-status", args=[issue.token])


def test_status_page_shows_number_category_text_and_place(client, issue):
    text = client.get(status_url(issue)).text
    for shown in (issue.tracking_number, "市政设施", TEXT, "韶关路口"):
        assert shown in text


def test_status_page_shows_the_citizens_own_photos(client, issue):
    response = client.get(status_url(issue))
    [links] = response.context["intake_photos"]
    assert f'src="{links.small}"' in response.text
    assert client.get(links.small).status_code == 200


def test_status_page_never_shows_the_phone_or_the_name(client, issue):
    text = client.get(status_url(issue)).text
    assert "13712345678" not in text and "王小明" not in text


def test_status_page_never_shows_internal_notes(client, issue, shinan_staff):
    services.issue_register(issue.pk, actor=shinan_staff, note="内部：交给李工")
    services.issue_escalate(issue.pk, actor=shinan_staff, note="督办：张科长盯办")
    text = client.get(status_url(issue)).text
    assert "李工" not in text and "张科长" not in text


def test_status_page_never_names_the_people_or_department_handling_it(
    client, issue, shinan_staff, shinan_department
):
    shinan_staff.first_name, shinan_staff.last_name = "工作员", "赵"
    shinan_staff.save()
    services.issue_register(issue.pk, actor=shinan_staff, assignee=shinan_staff)
    services.issue_transfer(issue.pk, actor=shinan_staff, department=shinan_department)
    text = client.get(status_url(issue)).text
    for hidden in ("shinan_staff", "工作员", "市南区城市管理局"):
        assert hidden not in text


def test_status_page_shows_the_timeline_of_public_steps(client, issue, shinan_staff):
    services.issue_register(issue.pk, actor=shinan_staff)
    services.issue_escalate(issue.pk, actor=shinan_staff)  # not public
    response = client.get(status_url(issue))
    assert len(response.context["timeline"]) == 2


def test_status_page_shows_the_answer_and_its_photos(client, issue, shinan_staff):
    answered(issue, shinan_staff, answer="路灯已于本周修复。", photos=[processed_png()])
    response = client.get(status_url(issue))
    assert "路灯已于本周修复。" in response.text
    assert len(response.context["answer_photos"]) == 1


def test_status_page_shows_why_an_issue_was_not_accepted(client, issue, shinan_staff):
    services.issue_reject(issue.pk, actor=shinan_staff, reason="属于法院审理事项")
    assert "属于法院审理事项" in client.get(status_url(issue)).text


def test_status_page_is_never_cached_nor_sent_on_as_referrer(client, issue):
    response = client.get(status_url(issue))
    assert response["Cache-Control"] == "no-store"
    assert response["Referrer-Policy"] == "strict-origin"


def test_an_unknown_token_is_404(client, issue):
    assert client.get("/t/" + "A" * 22).status_code == 404


def test_text_written_as_html_is_shown_as_text(client, shinan_station):
    issue = factories.IssueFactory(
        district=shinan_station.area.district, text="<script>alert(1)</script>路灯坏了很久了"
    )
    text = client.get(status_url(issue)).text
    assert "<script>alert(1)</script>" not in text and "&lt;script&gt;" in text


# ----- rating (回访) --------------------------------------------------------------------------


def rate(client, issue, rating, comment=""):
    data = {"token": issue.token, "rating": rating, "comment": comment}
    return client.post(reverse("issue-rate"), data)


def test_rating_form_appears_only_once_answered(client, issue, shinan_staff):
    assert client.get(status_url(issue)).context["rating_form"] is None
    answered(issue, shinan_staff)
    assert client.get(status_url(issue)).context["rating_form"] is not None


def test_satisfied_closes_the_issue(client, issue, shinan_staff):
    answered(issue, shinan_staff)
    response = rate(client, issue, Rating.SATISFIED)
    assert response["Location"] == status_url(issue)
    issue.refresh_from_db()
    assert (issue.state, issue.rating) == (State.CLOSED, Rating.SATISFIED)


def test_not_satisfied_reopens_the_issue(client, issue, shinan_staff):
    answered(issue, shinan_staff)
    rate(client, issue, Rating.UNSATISFIED, "路灯修好两天又坏了")
    issue.refresh_from_db()
    assert (issue.state, issue.rating_comment) == (State.REOPENED, "路灯修好两天又坏了")


def test_the_timeline_shows_the_rating_and_the_reopening(client, issue, shinan_staff):
    answered(issue, shinan_staff)
    rate(client, issue, Rating.UNSATISFIED, "路灯修好两天又坏了")
    last = client.get(status_url(issue)).context["timeline"][-1]
    assert last.label == str(REOPENED_BY_RATING)
    assert "路灯修好两天又坏了" in last.note


def test_rating_twice_changes_nothing(client, issue, shinan_staff):
    answered(issue, shinan_staff)
    rate(client, issue, Rating.SATISFIED)
    response = rate(client, issue, Rating.UNSATISFIED)
    assert response.status_code == 302
    assert Issue.objects.get().state == State.CLOSED


def test_a_rating_without_a_choice_shows_the_form_again(client, issue, shinan_staff):
    answered(issue, shinan_staff)
    response = rate(client, issue, "")
    assert "rating" in response.context["rating_form"].errors
    assert Issue.objects.get().state == State.ANSWERED


def test_a_rating_with_control_characters_is_refused(client, issue, shinan_staff):
    answered(issue, shinan_staff)
    response = rate(client, issue, Rating.SATISFIED, "好\x1b[31m")
    assert "comment" in response.context["rating_form"].errors


def test_a_rating_with_an_unknown_token_is_404(client, issue, shinan_staff):
    answered(issue, shinan_staff)
    response = client.post(reverse("issue-rate"), {"token": "x" * 22, "rating": "satisfied"})
    assert response.status_code == 404


def test_status_page_query_count_does_not_grow_with_steps_and_photos(
    client, issue, shinan_staff, django_assert_max_num_queries
):
    answered(issue, shinan_staff, photos=[processed_png(), processed_png()])
    with django_assert_max_num_queries(3):
        client.get(status_url(issue))
