"""Admin list pages run a fixed number of queries, however many rows they show."""

import pytest
from django.urls import reverse

from portal.models import Area
from tests import factories


def _stations(district: Area, count: int) -> None:
    street = factories.SubdistrictFactory(parent=district)
    focus = factories.StationFocusFactory()
    for _ in range(count):
        community = factories.CommunityFactory(parent=street)
        station = factories.StationFactory(area=community, focus=focus, has_site=True)
        factories.StationAssignmentFactory(
            station=station, deputy=factories.DeputyFactory(district=district)
        )


def _deputies(district: Area, count: int) -> None:
    specialty = factories.SpecialtyFactory()
    role = factories.AmbassadorRoleFactory()
    for _ in range(count):
        deputy = factories.DeputyFactory(district=district)
        deputy.specialties.add(specialty)
        deputy.ambassador_roles.add(role)
        factories.MandateFactory(deputy=deputy, level="county")
        factories.MandateFactory(deputy=deputy, level="city")


def _groups(district: Area, count: int) -> None:
    for _ in range(count):
        leader = factories.DeputyFactory(district=district)
        group = factories.DeputyGroupFactory(
            area=factories.SubdistrictFactory(parent=district), leader=leader
        )
        group.members.set([leader, factories.DeputyFactory(district=district)])


def _station_and_deputy(district: Area) -> dict:
    return {
        "station": factories.StationFactory(
            area=factories.CommunityFactory(parent=factories.SubdistrictFactory(parent=district))
        ),
        "deputy": factories.DeputyFactory(district=district),
    }


def _shifts(district: Area, count: int) -> None:
    for _ in range(count):
        factories.DutyShiftFactory(**_station_and_deputy(district))


def _assignments(district: Area, count: int) -> None:
    for _ in range(count):
        factories.StationAssignmentFactory(**_station_and_deputy(district))


def _areas(district: Area, count: int) -> None:
    street = factories.SubdistrictFactory(parent=district)
    factories.CommunityFactory.create_batch(count, parent=street)


# admin → (how to make rows, the most queries its list page may run)
LISTS = {
    "stations_station": (_stations, 9),
    "representatives_deputy": (_deputies, 11),
    "representatives_deputygroup": (_groups, 8),
    "stations_dutyshift": (_shifts, 10),
    "representatives_stationassignment": (_assignments, 8),
    "portal_area": (_areas, 8),
}


@pytest.mark.parametrize("rows", [3, 30])
@pytest.mark.parametrize("admin", list(LISTS))
def test_list_page_queries_do_not_grow_with_rows(
    staff_client, shinan, laoshan, django_assert_max_num_queries, admin, rows
):
    make, bound = LISTS[admin]
    make(shinan, rows)
    make(laoshan, rows)
    with django_assert_max_num_queries(bound):
        response = staff_client.get(reverse(f"admin:{admin}_changelist"))
    assert response.status_code == 200
