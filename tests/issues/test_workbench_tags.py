"""The issue lists' cell tags write exactly what the per-row includes they replace wrote."""

import html
import re
from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
from django.template import Context, Template
from django.urls import reverse
from django.utils import timezone, translation

from issues.models import Issue, IssueEvent, State
from issues.selectors import IssueRow

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


@pytest.mark.parametrize("state", [*State.values, "retired"])
def test_state_label_is_what_the_events_display_was(state, language):
    """The timeline's state changes: `state_label` where `get_…_display` was."""
    event = IssueEvent(from_state=state, to_state=state)
    new = render("{% load workbench_tags %}{{ e.from_state|state_label }}", e=event)
    assert new == render("{{ e.get_from_state_display }}", e=event)
    assert new == render("{{ e.get_to_state_display }}", e=event)


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


# The staff list's row as issue_list.html wrote it before `issue_row`, verbatim but for the
# line breaks and indentation between its cells.
OLD_ROW = (
    "{% load i18n workbench_tags %}"
    '{% translate "Tracking number" as th_number %}{% translate "Category" as th_category %}'
    '{% translate "Station" as th_station %}{% translate "State" as th_state %}'
    '{% translate "Deadline" as th_deadline %}{% translate "Supervision" as th_supervision %}'
    '{% translate "Citizen" as th_citizen %}{% translate "Submitted" as th_submitted %}'
    '{% translate "blocklisted" as blocklisted %}{% translate "anonymous" as anonymous %}'
    '<tr{% if issue.is_overdue_now %} class="is-overdue"{% endif %}>'
    '<th scope="row" data-label="{{ th_number }}"><span class="cell">'
    '<a href="{% issue_url issue %}">{{ issue.tracking_number }}</a>{% if issue.is_flagged %}'
    ' <span class="flag-mark">{{ blocklisted }}</span>{% endif %}</span></th>'
    '<td data-label="{{ th_category }}"><span class="cell">{{ issue.category_name }}</span></td>'
    '<td data-label="{{ th_station }}"><span class="cell">{% if issue.station_id %}'
    '{{ issue.station_name }}{% else %}<span class="muted">{{ issue.district_name }}</span>'
    "{% endif %}</span></td>"
    '<td data-label="{{ th_state }}"><span class="cell">{% state_badge issue %}</span></td>'
    '<td data-label="{{ th_deadline }}"><span class="cell">'
    "{% deadline_cell issue issue.is_overdue_now %}</span></td>"
    '<td data-label="{{ th_supervision }}"{% if not issue.escalation_level %}'
    ' class="cell-empty"{% endif %}><span class="cell">{% if issue.escalation_level %}'
    '<span class="escalation">{% blocktranslate with level=issue.escalation_level %}level'
    " {{ level }}{% endblocktranslate %}</span>{% else %}"
    '<span class="muted">–</span>{% endif %}</span></td>'
    '<td data-label="{{ th_citizen }}"><span class="cell">{% if issue.citizen_phone %}'
    "{{ issue.citizen_phone|mask_phone }}{% else %}"
    '<span class="muted">{{ anonymous }}</span>{% endif %}</span></td>'
    '<td data-label="{{ th_submitted }}"><span class="cell">{% time_tag issue.submitted_at %}'
    "</span></td></tr>"
)


def row_issue(**fields) -> IssueRow:
    return IssueRow(
        pk=7,
        tracking_number="SN-2026-000007",
        text="路灯坏了",
        state=State.IN_PROGRESS,
        deadline=LATE_EVENING_UTC,
        escalation_level=0,
        citizen_phone="13812345678",
        submitted_at=LATE_EVENING_UTC,
        is_flagged=False,
        station_id=3,
        category_name="市容环境 <卫生>",
        station_name="八大关 & 街道代表之家",
        district_name="市南区",
        is_overdue_now=False,
    )._replace(**fields)


@pytest.mark.parametrize(
    "fields",
    [
        {},
        {"is_overdue_now": True, "escalation_level": 2},
        {"is_flagged": True, "citizen_phone": ""},
        {"station_id": None, "deadline": None, "state": State.SUBMITTED},
        {"tracking_number": "<b>&", "escalation_level": 1, "state": "retired"},
    ],
)
def test_issue_row_writes_what_the_row_template_wrote(fields, language):
    issue = row_issue(**fields)
    new = render("{% load workbench_tags %}{% issue_row issue %}", issue=issue)
    old = render(OLD_ROW, issue=issue)
    assert new == old
    assert "<b>&" not in new


def test_issue_row_masks_the_phone_and_links_the_detail():
    with translation.override("zh-hans"):
        row = render("{% load workbench_tags %}{% issue_row issue %}", issue=row_issue(pk=42))
    assert "138****5678" in row and "13812345678" not in row
    assert f'href="{reverse("workbench:issue-detail", args=[42])}"' in row
    assert 'data-label="受理编号"' in row


def test_issue_columns_are_the_rows_labels():
    with translation.override("en"):
        heads = render("{% load workbench_tags %}{% issue_columns as c %}{{ c|join:'|' }}")
    assert heads == "Tracking number|Category|Station|State|Deadline|Supervision|Citizen|Submitted"


# The phone cards as my_issues.html (full) and the deputy's home.html (compact) wrote them
# before `issue_card`, verbatim but for the line breaks and indentation between the tags
# (inside a grid and a flex box, which lay them out the same).
OLD_CARD = (
    "{% load i18n workbench_tags %}"
    '<li class="issue-card{% if issue.is_overdue_now %} is-overdue{% endif %}">'
    '<a href="{% issue_url issue %}"><span class="issue-card-top">'
    '<span class="issue-number">{{ issue.tracking_number }}</span>{% state_badge issue %}</span>'
    '<span class="issue-card-text">{{ issue.text|truncatechars:80 }}</span>'
    '<span class="issue-card-meta">{{ issue.category_name }}{% if issue.station_id %}'
    " · {{ issue.station_name }}{% endif %}</span>"
    '<span class="issue-card-deadline">{% translate "Deadline" %}: '
    "{% deadline_cell issue issue.is_overdue_now %}{% if issue.escalation_level %}"
    ' <span class="escalation">{% blocktranslate with level=issue.escalation_level %}level'
    " {{ level }}{% endblocktranslate %}</span>{% endif %}</span></a></li>"
)
OLD_COMPACT_CARD = (
    "{% load i18n workbench_tags %}"
    '<li class="issue-card{% if issue.is_overdue_now %} is-overdue{% endif %}">'
    '<a href="{% issue_url issue %}"><span class="issue-card-top">'
    '<span class="issue-number">{{ issue.tracking_number }}</span>{% state_badge issue %}</span>'
    '<span class="issue-card-text">{{ issue.text|truncatechars:60 }}</span>'
    '<span class="issue-card-deadline">{% translate "Deadline" %}: '
    "{% deadline_cell issue issue.is_overdue_now %}</span></a></li>"
)
CARD_TEXTS = {
    "short": "路灯坏了",
    "long": "小区门口的路灯已经坏了一个多月，晚上出行很不方便，" * 4,
    "markup": "<script>alert(1)</script> & " + "长" * 90,
}


@pytest.mark.parametrize(
    "fields",
    [
        {},
        {"is_overdue_now": True, "escalation_level": 2},
        {"station_id": None, "deadline": None, "state": State.SUBMITTED},
        {"tracking_number": "<b>&", "escalation_level": 1, "state": "retired"},
    ],
)
@pytest.mark.parametrize("text", CARD_TEXTS)
def test_issue_card_writes_what_the_card_templates_wrote(fields, text, language):
    issue = row_issue(text=CARD_TEXTS[text], **fields)
    full = render("{% load workbench_tags %}{% issue_card issue %}", issue=issue)
    compact = render("{% load workbench_tags %}{% issue_card issue compact=True %}", issue=issue)
    assert full == render(OLD_CARD, issue=issue)
    assert compact == render(OLD_COMPACT_CARD, issue=issue)
    assert "<script>" not in full and "<b>&" not in full


def test_issue_cards_cut_the_text_and_link_the_detail():
    issue = row_issue(pk=42, text="一" * 100, escalation_level=1)
    with translation.override("zh-hans"):
        full = render("{% load workbench_tags %}{% issue_card issue %}", issue=issue)
        compact = render("{% load workbench_tags %}{% issue_card issue True %}", issue=issue)
    # Cut to 80 (60) characters in all, Django's ellipsis included ("..." in Chinese).
    assert re.search('<span class="issue-card-text">(一{77}[.]{3})</span>', full)
    assert re.search('<span class="issue-card-text">(一{57}[.]{3})</span>', compact)
    assert f'href="{reverse("workbench:issue-detail", args=[42])}"' in full
    assert "八大关 &amp; 街道代表之家" in full and "街道代表之家" not in compact
    assert "escalation" in full and "escalation" not in compact


TRUNCATION_TEXTS = [
    "",
    "路灯坏了",
    "一" * 59,
    "一" * 60,
    "一" * 61,
    "一" * 80,
    "一" * 81,
    "小区门口的路灯已经坏了一个多月，晚上出行很不方便。" * 5,
    "ascii text " * 12,
    # Combining marks are not counted: e + U+0301 stays two code points after NFC only when
    # no precomposed form exists (q + U+0301); é (e + U+0301) becomes one.
    "q\u0301" * 70,
    "e\u0301" * 90,
    "一" * 58 + "q\u0301\u0302" + "二" * 30,
    "😀" * 90,
    "<b>&amp;</b> " * 20,
]


@pytest.mark.parametrize("text", TRUNCATION_TEXTS)
@pytest.mark.parametrize("length", [1, 2, 3, 60, 80])
def test_card_text_is_cut_as_truncatechars_cuts_it(text, length, language):
    from portal.markup import truncate_chars

    expected = render("{{ text|truncatechars:length }}", text=text, length=length)
    assert truncate_chars(text, length) == html.unescape(expected)


def test_issue_rows_writes_each_row_as_issue_row(language):
    issues = [row_issue(pk=1), row_issue(pk=2, escalation_level=2, state=State.SUBMITTED)]
    rows = render("{% load workbench_tags %}{% issue_rows issues %}", issues=issues)
    each = [render("{% load workbench_tags %}{% issue_row issue %}", issue=i) for i in issues]
    assert rows == "\n".join(each)


def test_the_cells_follow_the_time_zone_of_each_render():
    """The zone is looked up once a render, not once a process."""
    source = "{% load workbench_tags %}{% issue_rows issues %}"
    issues = [row_issue(pk=1)]
    with translation.override("en"):
        shanghai = render(source, issues=issues)
        with timezone.override(ZoneInfo("America/New_York")):
            new_york = render(source, issues=issues)
    assert ">2026-03-10 04:05</time>" in shanghai
    assert ">2026-03-09 16:05</time>" in new_york
    assert '<time datetime="2026-03-09T16:05:07.123456-04:00">2026-03-09</time>' in new_york
