"""Who may open the dashboard, and which district's numbers each user sees."""

import pytest
from django.urls import reverse

from tests import factories

DASHBOARD = reverse("dashboard:index")
LEDGER = reverse("dashboard:activities")


@pytest.fixture
def laoshan_client(client, laoshan_staff):
    client.force_login(laoshan_staff)
    return client


@pytest.fixture
def superuser_client(client, superuser):
    client.force_login(superuser)
    return client


@pytest.fixture
def issues_in_both(shinan_station, laoshan_station, shinan, laoshan):
    """Seven issues in 市南, two in 崂山: the totals tell the districts apart."""
    for _ in range(7):
        factories.issue_in_state("submitted", district=shinan, station=shinan_station)
    for _ in range(2):
        factories.issue_in_state("submitted", district=laoshan, station=laoshan_station)


# ----- access ---------------------------------------------------------------------------------


@pytest.mark.parametrize("url", [DASHBOARD, LEDGER])
def test_anonymous_visitor_is_sent_to_the_login_page(client, url):
    response = client.get(url)

    assert response.status_code == 302
    assert response.url.startswith(reverse("workbench:login"))


@pytest.mark.parametrize("url", [DASHBOARD, LEDGER])
def test_deputy_may_not_open_the_statistics(deputy_client, url):
    assert deputy_client.get(url).status_code == 403


@pytest.mark.parametrize("url", [DASHBOARD, LEDGER])
def test_department_may_not_open_the_statistics(client, shinan_department_user, url):
    client.force_login(shinan_department_user)

    assert client.get(url).status_code == 403


@pytest.mark.parametrize("url", [DASHBOARD, LEDGER])
def test_district_staff_open_the_statistics(staff_client, url):
    assert staff_client.get(url).status_code == 200


# ----- out-of-scope ids are 404 ------------------------------------------------------------


def test_district_staff_cannot_open_other_district_subdistrict(laoshan_client, shinan_station):
    response = laoshan_client.get(DASHBOARD, {"subdistrict": shinan_station.area_id})

    assert response.status_code == 404


def test_district_staff_cannot_open_other_district_station(laoshan_client, shinan_station):
    assert laoshan_client.get(DASHBOARD, {"station": shinan_station.pk}).status_code == 404


def test_district_staff_cannot_open_other_district_deputy(laoshan_client, shinan_deputy):
    assert laoshan_client.get(DASHBOARD, {"deputy": shinan_deputy.pk}).status_code == 404


def test_district_staff_cannot_name_another_district(laoshan_client, shinan):
    assert laoshan_client.get(DASHBOARD, {"district": shinan.pk}).status_code == 404


def test_a_community_is_not_a_subdistrict(staff_client, shinan_station):
    community = factories.CommunityFactory(parent=shinan_station.area)

    assert staff_client.get(DASHBOARD, {"subdistrict": community.pk}).status_code == 404


def test_station_outside_the_chosen_subdistrict_is_not_found(staff_client, shinan, shinan_station):
    other_street = factories.SubdistrictFactory(parent=shinan)

    response = staff_client.get(
        DASHBOARD, {"subdistrict": other_street.pk, "station": shinan_station.pk}
    )

    assert response.status_code == 404


def test_superuser_cannot_mix_a_district_with_another_districts_station(
    superuser_client, shinan, laoshan_station
):
    response = superuser_client.get(
        DASHBOARD, {"district": shinan.pk, "station": laoshan_station.pk}
    )

    assert response.status_code == 404


def test_an_id_that_is_not_a_number_is_not_found(staff_client):
    assert staff_client.get(DASHBOARD, {"station": "1 OR 1=1"}).status_code == 404


# ----- numbers ---------------------------------------------------------------------------------


def test_laoshan_staff_never_see_shinan_numbers(laoshan_client, issues_in_both):
    board = laoshan_client.get(DASHBOARD).context["board"]

    assert board.issues.total == 2


def test_district_staff_drill_down_to_their_own_station(
    staff_client, issues_in_both, shinan_station
):
    response = staff_client.get(DASHBOARD, {"station": shinan_station.pk})

    assert response.context["board"].issues.total == 7


def test_superuser_sees_every_district(superuser_client, issues_in_both):
    board = superuser_client.get(DASHBOARD).context["board"]

    assert (board.issues.total, board.child_kind) == (9, "district")


def test_superuser_picks_one_district(superuser_client, issues_in_both, laoshan):
    board = superuser_client.get(DASHBOARD, {"district": laoshan.pk}).context["board"]

    assert board.issues.total == 2


def test_breadcrumb_leads_from_the_district_down_to_the_station(staff_client, shinan_station):
    response = staff_client.get(DASHBOARD, {"station": shinan_station.pk})

    labels = [label for label, _url in response.context["board"].breadcrumbs]
    assert labels == ["市南区", "八大关街道", shinan_station.name]


def test_drill_down_table_lists_the_stations_deputies_only(
    staff_client, shinan_station, shinan_deputy
):
    factories.StationAssignmentFactory(deputy=shinan_deputy, station=shinan_station)
    factories.DeputyFactory(district=shinan_station.area.district, name="别站代表")

    response = staff_client.get(DASHBOARD, {"station": shinan_station.pk})

    assert [row.name for row in response.context["board"].children] == ["张市南"]


def test_ledger_of_laoshan_staff_shows_no_shinan_activity(
    laoshan_client, shinan_deputy, laoshan_deputy
):
    factories.ActivityFactory(deputy=shinan_deputy, summary="市南的活动")
    factories.ActivityFactory(deputy=laoshan_deputy, summary="崂山的活动")

    response = laoshan_client.get(LEDGER)

    assert [a.summary for a in response.context["ledger"].activities] == ["崂山的活动"]


def test_ledger_filter_with_another_districts_station_widens_nothing(
    laoshan_client, shinan_deputy, shinan_station
):
    factories.ActivityFactory(deputy=shinan_deputy, station=shinan_station)

    response = laoshan_client.get(LEDGER, {"station": shinan_station.pk})

    assert response.context["ledger"].count == 0


def test_district_staff_open_their_deputy_at_a_station(staff_client, shinan_station, shinan_deputy):
    factories.StationAssignmentFactory(deputy=shinan_deputy, station=shinan_station)
    factories.ActivityFactory(deputy=shinan_deputy, station=shinan_station)
    factories.ActivityFactory(deputy=shinan_deputy)  # elsewhere: not this station's work

    response = staff_client.get(
        DASHBOARD, {"station": shinan_station.pk, "deputy": shinan_deputy.pk}
    )

    board = response.context["board"]
    assert [label for label, _url in board.breadcrumbs][-1] == "张市南"
    assert board.activities.count == 1
