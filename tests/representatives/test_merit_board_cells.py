"""What each row of the merit board shows, on a wide screen, on a phone and to a screen reader."""

from datetime import date

import pytest
from django.conf import settings
from django.template import Context, Template
from django.template.defaultfilters import floatformat
from django.urls import reverse
from django.utils import timezone, translation

from representatives.assessment import BoardRow, Component, PartResult
from representatives.templatetags.assessment_tags import whole_percent
from tests import factories

BOARD = reverse("assessment:board")


@pytest.fixture
def target(shinan):
    year = timezone.localdate().year
    return factories.AnnualTargetFactory(district=shinan, year=year, activities=4)


def log_visit(deputy) -> None:
    year = timezone.localdate().year
    visit = factories.ActivityTypeFactory(name="走访")
    factories.ActivityFactory(deputy=deputy, type=visit, date=date(year, 1, 2))


def test_a_part_shows_what_was_done_against_the_target_and_the_share(
    staff_client, target, shinan_deputy
):
    log_visit(shinan_deputy)
    html = staff_client.get(BOARD).text
    assert '1&#8239;/&#8239;4 <span class="part-percent">25%</span>' in html


def test_each_part_cell_is_labelled_for_the_phone_layout(staff_client, target, shinan_deputy):
    html = staff_client.get(BOARD).text
    assert '<td data-label="接待选民次数"><span class="cell">' in html


def test_a_part_that_does_not_apply_says_so_to_screen_readers(staff_client, shinan_deputy):
    html = staff_client.get(BOARD).text  # no target this year: the activities part is off
    assert (
        '<span class="muted" title="不适用">0<span class="visually-hidden"> (不适用)</span></span>'
        in html
    )


def test_the_labels_follow_the_users_language(staff_client, target, shinan_deputy):
    staff_client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    html = staff_client.get(BOARD).text
    assert '<td data-label="receptions of voters"><span class="cell">' in html


def test_the_top_ten_say_so_in_words(staff_client, target, shinan_deputy):
    log_visit(shinan_deputy)
    html = staff_client.get(BOARD).text
    assert '<span class="medal medal-1">金牌</span> <span class="top-badge">争先创优</span>' in html


def test_a_row_names_the_deputys_groups_and_resident_stations(
    staff_client, shinan_deputy, shinan_station
):
    for name in ("八大关代表组", "湛山代表组"):
        factories.DeputyGroupFactory(name=name, area=shinan_station.area).members.add(shinan_deputy)
    factories.StationAssignmentFactory(deputy=shinan_deputy, station=shinan_station)
    html = staff_client.get(BOARD).text
    assert "八大关代表组、湛山代表组 · 新就业群体专业化代表联络站" in html


def test_a_deputy_without_group_or_station_gets_a_dash(staff_client, shinan_deputy):
    html = staff_client.get(BOARD).text
    assert '<td data-label="代表组 / 站点"><span class="cell"><span class="muted">–</span>' in html


def test_a_name_with_markup_is_shown_as_text(staff_client, shinan):
    factories.DeputyFactory(name="<b>代表</b>", district=shinan)
    assert "&lt;b&gt;代表&lt;/b&gt;" in staff_client.get(BOARD).text


@pytest.mark.parametrize(
    "percent",
    [
        0.0,
        0.5,
        2.5,
        12.5,
        33.333333333333336,
        66.66666666666667,
        99.5,
        99.49999999999999,
        100.0,
        1e-07,
    ],
)
def test_shares_are_rounded_as_the_template_filter_rounds_them(percent):
    assert whole_percent(percent) == floatformat(percent, 0)


# A board row as board.html wrote it before `merit_row`, verbatim but for the line breaks and
# indentation between its cells.
OLD_ROW = (
    "{% load i18n assessment_tags %}"
    '{% translate "Rank" as rank_label %}{% translate "Deputy" as deputy_label %}'
    '{% translate "Group / station" as places_label %}{% translate "Score" as score_label %}'
    '{% translate "Top ten" as top_label %}'
    '<tr{% if r.is_top %} class="is-top"{% endif %}>'
    '<td data-label="{{ rank_label }}"><span class="cell"><span class="rank">{{ r.deputy.rank }}'
    '</span>{% if r.medal %} <span class="medal medal-{{ r.deputy.rank }}">{{ r.medal }}</span>'
    '{% endif %}{% if r.is_top %} <span class="top-badge">{{ top_label }}</span>{% endif %}'
    "</span></td>"
    '<th scope="row" data-label="{{ deputy_label }}"><span class="cell">'
    '<a href="{{ r.report_url }}">{{ r.deputy.name }}</a></span></th>'
    '<td data-label="{{ places_label }}"><span class="cell">{{ r.groups|join:"、" }}'
    '{% if r.groups and r.stations %} · {% endif %}{{ r.stations|join:"、" }}'
    '{% if not r.groups and not r.stations %}<span class="muted">–</span>{% endif %}</span></td>'
    "{% merit_part_cells r.parts %}"
    '<td data-label="{{ score_label }}" class="score-cell"><span class="cell">'
    '<strong class="score">{{ r.deputy.score|floatformat:1 }}</strong></span></td></tr>'
)


def board_row(rank: int, score: float, **fields) -> dict:
    visits = Component(key="activities", label="履职<活动>", count="n_activities", target=4)
    on_time = Component(
        key="issues_on_time", label="按时办结", count="n_on_time", denominator="n_due"
    )
    row = BoardRow(pk=7, name=fields.pop("name", "张市南"), rank=rank, score=score)
    parts = [
        PartResult(visits, 3, 4, True, 75.0, 20, 15.0),
        PartResult(on_time, 0, 0, False, 0.0, 20, 0.0),
    ]
    is_top = rank <= 10 and score > 0
    return {
        "deputy": row,
        "parts": parts,
        "medal": {1: "金牌", 2: "银牌", 3: "铜牌"}.get(rank, "") if is_top else "",
        "is_top": is_top,
        "report_url": "/work/assessment/7/2026/",
        "groups": ["八大关代表组", "湛山代表组"],
        "stations": ["新就业群体 & 代表联络站"],
        **fields,
    }


@pytest.mark.parametrize("language", ["zh-hans", "en"])
@pytest.mark.parametrize(
    "row",
    [
        board_row(1, 87.25),
        board_row(3, 100.0, groups=[]),
        board_row(7, 66.66666666666667, stations=[]),
        board_row(12, 0.0, groups=[], stations=[]),
        board_row(2, 0.0),  # a rank in the top ten with nothing done: no medal, no badge
        board_row(40, 12.45, name="<b>代表</b>", groups=["<i>组</i>"]),
    ],
)
def test_merit_row_writes_what_the_row_template_wrote(row, language):
    with translation.override(language):
        new = Template("{% load assessment_tags %}{% merit_row r %}").render(Context({"r": row}))
        old = Template(OLD_ROW).render(Context({"r": row}))
    assert new == old
    assert "<b>" not in new and "<i>" not in new
