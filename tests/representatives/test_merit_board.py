"""The merit board (争先创优榜): who may see it, whose deputies it ranks, and its query budget."""

from datetime import date

import pytest
from django.urls import reverse
from django.utils import timezone

from representatives.assessment_views import PAGE_SIZE
from representatives.models import AssessmentWeights
from tests import factories

BOARD = reverse("assessment:board")


def board_names(response) -> list[str]:
    return [r["deputy"].name for r in response.context["rows"]]


@pytest.fixture
def visit(db):
    return factories.ActivityTypeFactory(name="走访")


def log(deputy, type_, count: int) -> None:
    this_year = timezone.localdate().year
    for day in range(1, count + 1):
        factories.ActivityFactory(deputy=deputy, type=type_, date=date(this_year, 1, day))


def test_district_staff_see_their_district_ranked_by_score(staff_client, shinan, visit):
    factories.AnnualTargetFactory(district=shinan, year=timezone.localdate().year)
    low = factories.DeputyFactory(name="少做", district=shinan)
    high = factories.DeputyFactory(name="多做", district=shinan)
    log(low, visit, 1)
    log(high, visit, 3)
    assert board_names(staff_client.get(BOARD)) == ["多做", "少做"]


def test_board_never_lists_another_districts_deputy(staff_client, shinan_deputy, laoshan_deputy):
    response = staff_client.get(BOARD)
    assert laoshan_deputy.name not in response.text


def test_district_staff_cannot_switch_to_another_district(
    staff_client, laoshan, shinan_deputy, laoshan_deputy
):
    response = staff_client.get(BOARD, {"district": laoshan.pk})
    assert board_names(response) == [shinan_deputy.name]


def test_superuser_picks_a_district(admin_client, laoshan, shinan_deputy, laoshan_deputy):
    response = admin_client.get(BOARD, {"district": laoshan.pk})
    assert board_names(response) == [laoshan_deputy.name]


def test_deputy_cannot_open_the_board(deputy_client):
    assert deputy_client.get(BOARD).status_code == 403


def test_department_user_cannot_open_the_board(client, shinan_department_user):
    client.force_login(shinan_department_user)
    assert client.get(BOARD).status_code == 403


def test_anonymous_visitor_is_sent_to_sign_in(client, db):
    response = client.get(BOARD)
    assert response.status_code == 302 and reverse("workbench:login") in response["Location"]


def test_year_selector_shows_that_years_counts(staff_client, shinan, shinan_deputy, visit):
    factories.ActivityFactory(deputy=shinan_deputy, type=visit, date=date(2024, 5, 1))
    response = staff_client.get(BOARD, {"year": "2024"})
    assert response.context["rows"][0]["deputy"].n_activities == 1


def test_a_year_out_of_range_falls_back_to_this_year(staff_client, shinan_deputy):
    response = staff_client.get(BOARD, {"year": "1999"})
    assert response.context["year"] == timezone.localdate().year


@pytest.fixture
def twelve_ranked(shinan, visit):
    factories.AnnualTargetFactory(district=shinan, year=timezone.localdate().year, activities=20)
    for n in range(12):
        log(factories.DeputyFactory(name=f"代表{n:02d}", district=shinan), visit, 12 - n)


def test_the_top_ten_are_highlighted(staff_client, twelve_ranked):
    rows = staff_client.get(BOARD).context["rows"]
    assert [r["deputy"].rank for r in rows if r["is_top"]] == list(range(1, 11))


def test_the_first_three_get_medals(staff_client, twelve_ranked):
    rows = staff_client.get(BOARD).context["rows"]
    assert [bool(r["medal"]) for r in rows[:4]] == [True, True, True, False]


def test_a_deputy_with_nothing_done_is_not_highlighted(staff_client, shinan_deputy):
    rows = staff_client.get(BOARD).context["rows"]
    assert (rows[0]["is_top"], rows[0]["medal"]) == (False, "")


def test_each_deputy_links_to_their_annual_report(staff_client, shinan_deputy):
    year = timezone.localdate().year
    url = reverse("assessment:report", args=[shinan_deputy.pk, year])
    assert f'href="{url}"' in staff_client.get(BOARD).text


def test_board_shows_no_phone_numbers(staff_client, shinan_deputy):
    assert shinan_deputy.phone not in staff_client.get(BOARD).text


def test_board_queries_do_not_grow_with_deputies(
    staff_client, shinan, shinan_station, visit, django_assert_max_num_queries
):
    factories.AnnualTargetFactory(district=shinan, year=timezone.localdate().year)
    group = factories.DeputyGroupFactory(area=shinan_station.area)
    for n in range(30):
        deputy = factories.DeputyFactory(district=shinan)
        group.members.add(deputy)
        factories.StationAssignmentFactory(deputy=deputy, station=shinan_station)
        log(deputy, visit, n % 3)
    with django_assert_max_num_queries(14):
        response = staff_client.get(BOARD)
    assert len(response.context["rows"]) == min(30, PAGE_SIZE)


def test_board_is_paged(staff_client, shinan):
    factories.DeputyFactory.create_batch(PAGE_SIZE + 1, district=shinan)
    response = staff_client.get(BOARD, {"page": 2})
    assert len(response.context["rows"]) == 1


def test_the_year_choices_are_the_districts_years_with_targets_or_weights(
    staff_client, shinan, laoshan
):
    this_year = timezone.localdate().year
    factories.AnnualTargetFactory(district=shinan, year=2023)
    factories.AnnualTargetFactory(district=shinan, year=2022)
    AssessmentWeights.objects.create(district=shinan, year=2022)
    AssessmentWeights.objects.create(district=shinan, year=2021)
    factories.AnnualTargetFactory(district=laoshan, year=2019)
    AssessmentWeights.objects.create(district=laoshan, year=2018)
    response = staff_client.get(BOARD, {"year": "2020"})
    assert response.context["years"] == [this_year, 2023, 2022, 2021, 2020]
