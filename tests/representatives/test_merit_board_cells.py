"""What each row of the merit board shows, on a wide screen, on a phone and to a screen reader."""

from datetime import date

import pytest
from django.conf import settings
from django.template.defaultfilters import floatformat
from django.urls import reverse
from django.utils import timezone

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
