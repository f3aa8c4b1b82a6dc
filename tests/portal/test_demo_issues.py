"""The demo issues reproduce the report's figures and give every queue something to show."""

import io

import pytest
from django.core.management import call_command

from issues import services
from issues.models import Category, Issue, Source, State
from portal.models import Area, User

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo():
    call_command("load_demo", stdout=io.StringIO())


def test_laixi_monthly_talks_solved_ninety_problems(demo):
    solved = Issue.objects.filter(
        district__name="莱西市", source=Source.MONTHLY_TALK, state=State.CLOSED
    )
    assert solved.count() == 90


def test_jiaozhou_hotline_completion_rate_is_95_percent(demo):
    hotline = Issue.objects.filter(district__name="胶州市", source=Source.HOTLINE)
    assert (hotline.count(), hotline.filter(state=State.CLOSED).count()) == (40, 38)


def test_every_district_has_overdue_and_nearly_due_issues(demo):
    districts = Area.objects.districts()
    short = [
        d.name
        for d in districts
        if not Issue.objects.filter(district=d).overdue().exists()
        or not Issue.objects.filter(district=d).due_within(1).exists()
    ]
    assert short == []


def test_a_new_submission_continues_the_tracking_sequence(demo):
    district = Area.objects.get(name="市南区")
    issue = services.issue_submit(
        district=district,
        source=Source.HOTLINE,
        category=Category.objects.first(),
        text="新的诉求内容,测试编号连续。",
    )
    assert issue.tracking_number.startswith("SN-")


def test_department_login_sees_only_its_departments_issues(demo):
    user = User.objects.get(username="chengguan")
    visible = Issue.objects.for_user(user)
    assert visible.exists() and set(visible.values_list("department", flat=True)) == {
        user.department_id
    }
