"""Admin list filters the dashboard links to: 六有 score, subdistrict, station, deputy, check-in.

Each narrows to the user's scope: an id of another district's subdistrict, station or deputy
selects nothing, and is never a way to see that district's rows.
"""

from datetime import date

import pytest
from django.urls import reverse
from django.utils import timezone

from stations.models import BUILD_ITEMS
from tests import factories

STATIONS = reverse("admin:stations_station_changelist")
SHIFTS = reverse("admin:stations_dutyshift_changelist")


def listed(client, url: str, **params) -> set:
    response = client.get(url, params)
    assert response.status_code == 200
    return set(response.context["cl"].result_list)


def station_with_score(area, score: int):
    return factories.StationFactory(area=area, **{item: True for item in BUILD_ITEMS[:score]})


def sidebar(client, url: str, parameter: str, **params) -> list[str]:
    cl = client.get(url, params).context["cl"]
    spec = next(
        (s for s in cl.filter_specs if getattr(s, "parameter_name", None) == parameter), None
    )
    return [] if spec is None else [str(choice["display"]) for choice in spec.choices(cl)][1:]


# ----- stations ---------------------------------------------------------------------------


def test_build_filter_selects_stations_with_that_many_items(staff_client, shinan_station):
    street = shinan_station.area  # shinan_station meets none of the items
    five = station_with_score(street, 5)
    six = station_with_score(street, 6)

    assert listed(staff_client, STATIONS, build="5") == {five}
    assert listed(staff_client, STATIONS, build="6") == {six}
    assert listed(staff_client, STATIONS, build="0") == {shinan_station}


def test_build_filter_still_takes_complete_and_incomplete(staff_client, shinan_station):
    six = station_with_score(shinan_station.area, 6)

    assert listed(staff_client, STATIONS, build="complete") == {six}
    assert listed(staff_client, STATIONS, build="incomplete") == {shinan_station}


def test_unreadable_build_value_selects_nothing(staff_client, shinan_station):
    assert listed(staff_client, STATIONS, build="7") == set()


def test_subdistrict_filter_takes_stations_on_it_and_in_its_communities(
    staff_client, shinan, shinan_station
):
    street = shinan_station.area
    in_community = factories.StationFactory(area=factories.CommunityFactory(parent=street))
    factories.StationFactory(area=factories.SubdistrictFactory(parent=shinan))

    assert listed(staff_client, STATIONS, subdistrict=street.pk) == {shinan_station, in_community}


def test_other_district_subdistrict_gives_nothing_of_theirs(
    staff_client, shinan_station, laoshan_station
):
    assert listed(staff_client, STATIONS, subdistrict=laoshan_station.area.pk) == set()


def test_subdistrict_sidebar_offers_own_district_only(
    staff_client, shinan_station, laoshan_station
):
    offered = sidebar(staff_client, STATIONS, "subdistrict")

    assert offered == [shinan_station.area.name]


def test_station_filter_by_url_shows_only_the_chosen_station_in_the_sidebar(
    staff_client, shinan_station
):
    factories.StationFactory(area=shinan_station.area, name="另一站")

    assert listed(staff_client, STATIONS, station=shinan_station.pk) == {shinan_station}
    assert sidebar(staff_client, STATIONS, "station", station=shinan_station.pk) == [
        shinan_station.name
    ]


def test_station_sidebar_is_not_rendered_without_a_choice(staff_client, shinan_station):
    assert sidebar(staff_client, STATIONS, "station") == []


def test_other_district_station_id_gives_nothing(staff_client, shinan_station, laoshan_station):
    response = staff_client.get(STATIONS, {"station": laoshan_station.pk})

    assert set(response.context["cl"].result_list) == set()
    assert laoshan_station.name not in response.text


def test_deputy_filter_takes_the_stations_the_deputy_is_registered_at(
    staff_client, shinan_station, shinan_deputy
):
    factories.StationFactory(area=shinan_station.area)
    factories.StationAssignmentFactory(deputy=shinan_deputy, station=shinan_station)
    factories.StationAssignmentFactory(deputy=shinan_deputy, station=shinan_station, role="home")

    response = staff_client.get(STATIONS, {"deputy": shinan_deputy.pk})

    assert list(response.context["cl"].result_list) == [shinan_station]


# ----- duty roster ------------------------------------------------------------------------


@pytest.fixture
def shifts(shinan_station, shinan_deputy, laoshan_station, laoshan_deputy):
    other = factories.StationFactory(area=factories.CommunityFactory(parent=shinan_station.area))
    elsewhere = factories.StationFactory(
        area=factories.SubdistrictFactory(parent=shinan_station.area.district)
    )
    day = date(2026, 3, 2)
    return {
        "checked": factories.DutyShiftFactory(
            station=shinan_station, deputy=shinan_deputy, date=day, checked_in_at=timezone.now()
        ),
        "missed": factories.DutyShiftFactory(station=other, deputy=shinan_deputy, date=day),
        "elsewhere": factories.DutyShiftFactory(
            station=elsewhere, deputy=factories.DeputyFactory(district=shinan_deputy.district)
        ),
        "laoshan": factories.DutyShiftFactory(
            station=laoshan_station, deputy=laoshan_deputy, date=day
        ),
    }


def test_checked_in_filter(staff_client, shifts):
    assert listed(staff_client, SHIFTS, checked_in="yes") == {shifts["checked"]}
    assert listed(staff_client, SHIFTS, checked_in="no") == {shifts["missed"], shifts["elsewhere"]}


def test_duty_station_filter_by_url(staff_client, shifts, shinan_station):
    assert listed(staff_client, SHIFTS, station=shinan_station.pk) == {shifts["checked"]}


def test_duty_subdistrict_filter_takes_its_communities_too(staff_client, shifts, shinan_station):
    found = listed(staff_client, SHIFTS, subdistrict=shinan_station.area.pk)

    assert found == {shifts["checked"], shifts["missed"]}


def test_duty_deputy_filter_by_url(staff_client, shifts, shinan_deputy):
    assert listed(staff_client, SHIFTS, deputy=shinan_deputy.pk) == {
        shifts["checked"],
        shifts["missed"],
    }


def test_duty_filters_with_other_district_ids_give_nothing_of_theirs(
    staff_client, shifts, laoshan_station, laoshan_deputy
):
    assert listed(staff_client, SHIFTS, station=laoshan_station.pk) == set()
    assert listed(staff_client, SHIFTS, subdistrict=laoshan_station.area.pk) == set()
    assert listed(staff_client, SHIFTS, deputy=laoshan_deputy.pk) == set()


def test_superuser_subdistrict_sidebar_waits_for_a_district(
    admin_client, shinan, shinan_station, laoshan_station
):
    assert sidebar(admin_client, STATIONS, "subdistrict") == []
    assert sidebar(admin_client, STATIONS, "subdistrict", district=shinan.pk) == [
        shinan_station.area.name
    ]
