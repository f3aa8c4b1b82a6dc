"""The issue lists' cell tags write exactly what the per-row includes they replace wrote."""

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
from django.template import Context, Template
from django.urls import reverse
from django.utils import translation

from issues.models import Issue, State

# The markup of the former includes `_state.html` and `_deadline.html`, verbatim.
OLD_STATE = (
    '{% load i18n %}<span class="state state-{{ issue.state }}">'
    "{{ issue.get_state_display }}</span>"
)
OLD_DEADLINE = (
    "{% load i18n %}{% if issue.deadline %}<time datetime=\"{{ issue.deadline|date:'c' }}\">"
    '{{ issue.deadline|date:"Y-m-d" }}</time>{% if overdue %} <span class="overdue-mark">'
    '<span aria-hidden="true">⚠</span> {% translate "Overdue" %}</span>{% endif %}'
    '{% else %}<span class="muted">{% translate "not set" %}</span>{% endif %}'
)
OLD_SUBMITTED = (
    "<time datetime=\"{{ issue.submitted_at|date:'c' }}\">"
    '{{ issue.submitted_at|date:"Y-m-d H:i" }}</time>'
)

# Late evening in UTC is the next day in Shanghai: the date shown must be the local one.
LATE_EVENING_UTC = datetime(2026, 3, 9, 20, 5, 7, 123456, tzinfo=ZoneInfo("UTC"))


def render(source: str, **context) -> str:
    return Template(source).render(Context(context))


@pytest.fixture(params=["zh-hans", "en"])
def language(request):
    with translation.override(request.param):
        yield request.param


@pytest.mark.parametrize("state", [State.SUBMITTED, State.IN_PROGRESS, State.CLOSED, "retired"])
def test_state_badge_writes_what_the_state_include_wrote(state, language):
    issue = Issue(state=state)
    new = render("{% load workbench_tags %}{% state_badge issue %}", issue=issue)
    assert new == render(OLD_STATE, issue=issue)
    assert f"state-{state}" in new


@pytest.mark.parametrize("deadline", [None, LATE_EVENING_UTC])
@pytest.mark.parametrize("overdue", [False, True])
def test_deadline_cell_writes_what_the_deadline_include_wrote(deadline, overdue, language):
    issue = Issue(deadline=deadline)
    new = render(
        "{% load workbench_tags %}{% deadline_cell issue overdue %}", issue=issue, overdue=overdue
    )
    assert new == render(OLD_DEADLINE, issue=issue, overdue=overdue)


def test_deadline_cell_shows_the_local_date_and_marks_overdue_in_chinese():
    with translation.override("zh-hans"):
        cell = render(
            "{% load workbench_tags %}{% deadline_cell issue True %}",
            issue=Issue(deadline=LATE_EVENING_UTC),
        )
    assert '<time datetime="2026-03-10T04:05:07.123456+08:00">2026-03-10</time>' in cell
    assert '<span aria-hidden="true">⚠</span> 已超期</span>' in cell


def test_time_tag_writes_what_the_date_filters_wrote():
    issue = Issue(submitted_at=LATE_EVENING_UTC)
    new = render("{% load workbench_tags %}{% time_tag issue.submitted_at %}", issue=issue)
    assert new == render(OLD_SUBMITTED, issue=issue)
    assert new.endswith(">2026-03-10 04:05</time>")


@pytest.mark.parametrize("pk", [1, 42, 1234567])
def test_issue_url_is_the_reversed_detail_url(pk):
    rendered = render(
        "{% load workbench_tags %}{% issue_url a %} {% issue_url b %}",
        a=Issue(pk=pk),
        b=Issue(pk=pk + 1),
    )
    expected_a = reverse("workbench:issue-detail", args=[pk])
    expected_b = reverse("workbench:issue-detail", args=[pk + 1])
    assert rendered == f"{expected_a} {expected_b}"


def test_issue_url_follows_the_script_prefix():
    # Deployed under a sub-path, the links must carry it as {% url %} did.
    from django.urls import set_script_prefix

    set_script_prefix("/portal/")
    try:
        rendered = render("{% load workbench_tags %}{% issue_url issue %}", issue=Issue(pk=7))
        assert rendered == reverse("workbench:issue-detail", args=[7])
        assert rendered.startswith("/portal/")
    finally:
        set_script_prefix("/")
