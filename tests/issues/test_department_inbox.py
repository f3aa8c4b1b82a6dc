"""A functional department's workbench: the issues transferred to it, answered or sent back."""

import pytest
from django.urls import reverse

from issues.models import Issue, IssueEvent, State
from tests import factories

pytestmark = pytest.mark.django_db


@pytest.fixture
def department_client(client, shinan_department_user):
    client.force_login(shinan_department_user)
    return client


@pytest.fixture
def transferred(shinan, shinan_department):
    return factories.issue_in_state("transferred", district=shinan, department=shinan_department)


def act(client, issue, action, **data):
    url = reverse("workbench:issue-action", args=[issue.pk, action])
    return client.post(url, {f"{action}-{key}": value for key, value in data.items()})


def test_home_lists_what_was_transferred_to_the_department(department_client, transferred):
    response = department_client.get(reverse("workbench:home"))
    assert [issue.pk for issue in response.context["issues"]] == [transferred.pk]


def test_home_is_titled_with_the_department(department_client, transferred):
    response = department_client.get(reverse("workbench:home"))
    assert "市南区城市管理局" in response.content.decode()


def test_department_opens_its_issue(department_client, transferred):
    url = reverse("workbench:issue-detail", args=[transferred.pk])
    assert department_client.get(url).status_code == 200


def test_department_is_offered_answer_and_send_back(department_client, transferred):
    url = reverse("workbench:issue-detail", args=[transferred.pk])
    actions = [action["name"] for action in department_client.get(url).context["actions"]]
    assert sorted(actions) == ["answer", "send_back"]


def test_another_departments_issue_is_404(department_client, shinan):
    other = factories.issue_in_state(
        "transferred", district=shinan, department=factories.DepartmentFactory(district=shinan)
    )
    url = reverse("workbench:issue-detail", args=[other.pk])
    assert department_client.get(url).status_code == 404


def test_posting_to_another_departments_issue_is_404(department_client, shinan):
    other = factories.issue_in_state(
        "transferred", district=shinan, department=factories.DepartmentFactory(district=shinan)
    )
    assert act(department_client, other, "answer", answer="已处理").status_code == 404
    assert Issue.objects.get(pk=other.pk).state == State.TRANSFERRED


def test_department_answers_its_issue(department_client, shinan_department_user, transferred):
    act(department_client, transferred, "answer", answer="已安排环卫工人清理。")
    assert Issue.objects.get(pk=transferred.pk).state == State.ANSWERED
    assert IssueEvent.objects.get(action="answer").actor == shinan_department_user


def test_department_sends_back_with_a_reason(department_client, transferred):
    act(department_client, transferred, "send_back", reason="属于住建部门职责")
    assert Issue.objects.get(pk=transferred.pk).state == State.REGISTERED


def test_after_sending_back_the_department_returns_to_its_list(department_client, transferred):
    response = act(department_client, transferred, "send_back", reason="属于住建部门职责")
    assert response["Location"] == reverse("workbench:home")


def test_department_may_not_escalate(department_client, transferred):
    assert act(department_client, transferred, "escalate", note="x").status_code == 403


def test_department_list_offers_no_station_or_deputy_filters(department_client, transferred):
    fields = department_client.get(reverse("workbench:home")).context["filterset"].form.fields
    assert not {"station", "deputy", "department", "district"} & set(fields)


def test_my_issues_of_a_department_are_those_waiting_for_it(
    department_client, shinan, shinan_department, transferred
):
    factories.issue_in_state("answered", district=shinan, department=shinan_department)
    response = department_client.get(reverse("workbench:mine"))
    assert [issue.pk for issue in response.context["issues"]] == [transferred.pk]
