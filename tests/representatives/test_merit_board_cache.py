"""The merit board's ranking is kept for a few minutes; new weights or targets rank at once."""

from datetime import date

import pytest
from django.db.models import Model
from django.urls import reverse
from django.utils import timezone

from representatives.assessment import BoardRow
from representatives.models import AssessmentWeights, StationAssignment
from tests import factories

BOARD = reverse("assessment:board")


def board_table(response) -> str:
    html = response.text
    start = html.index('<table class="board-table">')
    return html[start : html.index("</table>", start)]


def board_names(client, **params) -> list[str]:
    return [r["deputy"].name for r in client.get(BOARD, params).context["rows"]]


@pytest.fixture
def two_deputies(shinan):
    year = timezone.localdate().year
    factories.AnnualTargetFactory(district=shinan, year=year, activities=4, receptions=4)
    reception = factories.ActivityTypeFactory(name="接待选民", counts_as="reception")
    visit = factories.ActivityTypeFactory(name="走访")
    visitor = factories.DeputyFactory(name="走访多", district=shinan)
    receiver = factories.DeputyFactory(name="接待多", district=shinan)
    for day in range(1, 4):
        factories.ActivityFactory(deputy=visitor, type=visit, date=date(year, 1, day))
    factories.ActivityFactory(deputy=receiver, type=reception, date=date(year, 1, 1))
    return visitor, receiver, reception, year


def test_new_activities_show_after_a_refresh(staff_client, two_deputies):
    _visitor, receiver, reception, year = two_deputies
    assert board_names(staff_client) == ["走访多", "接待多"]
    for day in range(2, 6):
        factories.ActivityFactory(deputy=receiver, type=reception, date=date(year, 2, day))
    assert board_names(staff_client) == ["走访多", "接待多"]
    assert board_names(staff_client, refresh="1") == ["接待多", "走访多"]


def test_changed_weights_rank_at_once(staff_client, shinan, two_deputies):
    _visitor, _receiver, _reception, year = two_deputies
    assert board_names(staff_client) == ["走访多", "接待多"]
    AssessmentWeights.objects.create(
        district=shinan,
        year=year,
        activities=1,
        receptions=100,
        issues_on_time=0,
        duty_attendance=0,
        trainings=0,
        report=0,
    )
    assert board_names(staff_client) == ["接待多", "走访多"]


def test_the_board_says_when_it_was_ranked(staff_client, two_deputies):
    assert "数据截至" in staff_client.get(BOARD).content.decode()


def test_a_kept_page_holds_plain_values_and_shows_the_same_rows(
    staff_client, shinan_deputy, shinan_station, django_assert_max_num_queries
):
    factories.DeputyGroupFactory(name="八大关代表组", area=shinan_station.area).members.add(
        shinan_deputy
    )
    factories.StationAssignmentFactory(deputy=shinan_deputy, station=shinan_station)
    home = factories.StationFactory(name="湛山社区", area=shinan_station.area)
    factories.StationAssignmentFactory(
        deputy=shinan_deputy, station=home, role=StationAssignment.Role.HOME
    )
    first = staff_client.get(BOARD)
    # The user, their district, the year's target and weights, the year choices: the
    # ranking and the page's deputies, with their groups and stations, come from the cache.
    with django_assert_max_num_queries(5):
        kept = staff_client.get(BOARD)
    assert board_table(kept).count("八大关代表组 · 新就业群体专业化代表联络站") == 1
    assert "湛山社区" not in kept.text  # a home community is not shown on the board
    assert board_table(kept) == board_table(first)
    (row,) = [r["deputy"] for r in kept.context["rows"]]
    assert isinstance(row, BoardRow)
    assert all(
        isinstance(value, (int, float, str, list)) and not isinstance(value, Model)
        for value in vars(row).values()
    )
    assert row.groups == ["八大关代表组"] and row.stations == ["新就业群体专业化代表联络站"]


def report_score(client, deputy, year, **params) -> tuple[float, int]:
    response = client.get(reverse("assessment:report", args=[deputy.pk, year]), params)
    assert "Figures as of" in response.text or "数据截至" in response.text
    row = response.context["row"]
    return round(row.score, 1), row.n_activities


def test_the_report_keeps_its_figures_until_a_refresh(staff_client, two_deputies):
    _visitor, receiver, reception, year = two_deputies
    before = report_score(staff_client, receiver, year)
    for day in range(2, 6):
        factories.ActivityFactory(deputy=receiver, type=reception, date=date(year, 2, day))
    assert report_score(staff_client, receiver, year) == before
    refreshed = report_score(staff_client, receiver, year, refresh="1")
    assert refreshed[1] == before[1] + 4
    assert refreshed[0] > before[0]


def test_a_kept_report_skips_the_scoring_query(
    staff_client, two_deputies, django_assert_max_num_queries
):
    _visitor, receiver, _reception, year = two_deputies
    url = reverse("assessment:report", args=[receiver.pk, year])
    staff_client.get(url)
    with django_assert_max_num_queries(3) as captured:
        staff_client.get(url)
    assert not any("n_issues_on_time" in q["sql"] for q in captured.captured_queries)


def test_each_deputys_report_is_kept_apart(staff_client, two_deputies):
    visitor, receiver, _reception, year = two_deputies
    assert report_score(staff_client, visitor, year)[1] == 3
    assert report_score(staff_client, receiver, year)[1] == 1
