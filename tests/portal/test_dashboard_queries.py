"""Query budgets: the dashboard and the ledger cost the same whatever the number of rows."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tests import factories

DASHBOARD = reverse("dashboard:index")
LEDGER = reverse("dashboard:activities")


@pytest.fixture(autouse=True)
def compute_on_every_request(settings, badge_counted_every_request):
    """These budgets are for computing the figures, not for reading them from the cache."""
    settings.FIGURES_CACHE_SECONDS = 0


def queries(client, url, params=None) -> int:
    with CaptureQueriesContext(connection) as context:
        response = client.get(url, params or {})
    assert response.status_code == 200
    return len(context.captured_queries)


def populate(district, *, subdistricts: int, stations_each: int, deputies_each: int) -> None:
    """Subdistricts, each with stations (one in a community), deputies, issues and activities."""
    for _ in range(subdistricts):
        street = factories.SubdistrictFactory(parent=district)
        community = factories.CommunityFactory(parent=street)
        for index in range(stations_each):
            station = factories.StationFactory(area=community if index % 2 else street)
            for _ in range(deputies_each):
                deputy = factories.DeputyFactory(district=district)
                factories.StationAssignmentFactory(deputy=deputy, station=station)
                factories.ActivityFactory(deputy=deputy, station=station)
                factories.issue_in_state(
                    "registered", district=district, station=station, deputy=deputy
                )


@pytest.fixture
def small_then_large(staff_client, shinan):
    """Query counts of one page at the small data set, then at a larger one."""

    def measure(params_for):
        populate(shinan, subdistricts=1, stations_each=1, deputies_each=1)
        small = queries(staff_client, DASHBOARD, params_for())
        populate(shinan, subdistricts=4, stations_each=3, deputies_each=3)
        large = queries(staff_client, DASHBOARD, params_for())
        return small, large

    return measure


def test_district_dashboard_queries_do_not_grow_with_subdistricts(small_then_large):
    small, large = small_then_large(dict)

    assert small == large


def test_subdistrict_dashboard_queries_do_not_grow_with_stations(small_then_large, shinan):
    from portal.models import Area

    def first_street():
        return {"subdistrict": Area.objects.filter(parent=shinan).order_by("pk").first().pk}

    small, large = small_then_large(first_street)

    assert small == large


def test_station_dashboard_queries_do_not_grow_with_deputies(staff_client, shinan_station):
    district = shinan_station.area.district
    params = {"station": shinan_station.pk}
    deputy = factories.DeputyFactory(district=district)
    factories.StationAssignmentFactory(deputy=deputy, station=shinan_station)
    small = queries(staff_client, DASHBOARD, params)
    for _ in range(15):
        deputy = factories.DeputyFactory(district=district)
        factories.StationAssignmentFactory(deputy=deputy, station=shinan_station)
        factories.ActivityFactory(deputy=deputy, station=shinan_station)
        factories.issue_in_state("registered", district=district, station=shinan_station)

    assert queries(staff_client, DASHBOARD, params) == small


def test_dashboard_stays_within_its_query_budget(
    staff_client, shinan, django_assert_max_num_queries
):
    populate(shinan, subdistricts=3, stations_each=2, deputies_each=2)

    with django_assert_max_num_queries(25):
        assert staff_client.get(DASHBOARD).status_code == 200


def test_superuser_city_dashboard_queries_do_not_grow_with_districts(client, superuser):
    client.force_login(superuser)
    populate(factories.DistrictFactory(), subdistricts=1, stations_each=1, deputies_each=1)
    small = queries(client, DASHBOARD)
    for _ in range(4):
        populate(factories.DistrictFactory(), subdistricts=1, stations_each=1, deputies_each=1)

    assert queries(client, DASHBOARD) == small


def test_ledger_queries_are_the_same_for_5_and_50_rows(
    staff_client, shinan_station, shinan_deputy, settings
):
    # Options read every time: whether the first or the second request fills the kept
    # filter options (portal/choices.py) is not what this test is about.
    settings.CHOICES_CACHE_SECONDS = 0
    for _ in range(5):
        factories.ActivityFactory(deputy=shinan_deputy, station=shinan_station)
    five = queries(staff_client, LEDGER)
    for _ in range(45):
        factories.ActivityFactory(
            deputy=factories.DeputyFactory(district=shinan_deputy.district), station=shinan_station
        )

    assert queries(staff_client, LEDGER) == five


def test_ledger_stays_within_its_query_budget(
    staff_client, shinan_deputy, django_assert_max_num_queries
):
    for _ in range(60):
        factories.ActivityFactory(deputy=shinan_deputy)

    with django_assert_max_num_queries(12):
        assert staff_client.get(LEDGER, {"page": 2}).status_code == 200
