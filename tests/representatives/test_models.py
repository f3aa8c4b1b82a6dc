"""Deputy-side invariants: mandate terms, registrations (双报到), groups and public codes."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError

from representatives.models import Deputy, DeputyGroup, Mandate, StationAssignment
from tests import factories

HOME = StationAssignment.Role.HOME
RESIDENT = StationAssignment.Role.RESIDENT


def errors_of(check) -> dict[str, list]:
    """The messages `check()` raises, by field ("__all__" for the whole object)."""
    try:
        check()
    except ValidationError as error:
        return error.update_error_dict({})
    return {}


# Mandates


def test_database_refuses_a_term_that_ends_before_it_starts(shinan_deputy):
    with pytest.raises(IntegrityError):
        factories.MandateFactory(
            deputy=shinan_deputy,
            term_start=datetime.date(2027, 1, 1),
            term_end=datetime.date(2022, 1, 1),
        )


def test_term_that_ends_before_it_starts_fails_validation(shinan_deputy):
    mandate = Mandate(
        deputy=shinan_deputy,
        level="county",
        term_start=datetime.date(2027, 1, 1),
        term_end=datetime.date(2022, 1, 1),
    )
    assert "__all__" in errors_of(mandate.full_clean)


def test_term_may_be_open_ended(shinan_deputy):
    mandate = factories.MandateFactory(
        deputy=shinan_deputy, term_start=datetime.date(2022, 1, 1), term_end=None
    )
    assert errors_of(mandate.full_clean) == {}


def test_deputy_holds_one_mandate_per_level(shinan_deputy):
    factories.MandateFactory(deputy=shinan_deputy, level="county")
    with pytest.raises(IntegrityError):
        factories.MandateFactory(deputy=shinan_deputy, level="county")


# Station registrations (双报到)


def test_database_refuses_a_second_home_community(shinan_deputy, shinan):
    first, second = factories.StationFactory.create_batch(
        2, area=factories.SubdistrictFactory(parent=shinan)
    )
    factories.StationAssignmentFactory(deputy=shinan_deputy, station=first, role=HOME)
    with pytest.raises(IntegrityError):
        factories.StationAssignmentFactory(deputy=shinan_deputy, station=second, role=HOME)


def test_second_home_community_fails_validation(shinan_deputy, shinan):
    first, second = factories.StationFactory.create_batch(
        2, area=factories.SubdistrictFactory(parent=shinan)
    )
    factories.StationAssignmentFactory(deputy=shinan_deputy, station=first, role=HOME)
    again = StationAssignment(deputy=shinan_deputy, station=second, role=HOME)
    assert "__all__" in errors_of(again.full_clean)


def test_deputy_may_be_resident_at_several_stations(shinan_deputy, shinan):
    stations = factories.StationFactory.create_batch(
        2, area=factories.SubdistrictFactory(parent=shinan)
    )
    for station in stations:
        factories.StationAssignmentFactory(deputy=shinan_deputy, station=station, role=RESIDENT)
    assert shinan_deputy.assignments.count() == 2


def test_registration_across_districts_fails_validation(shinan_deputy, laoshan_station):
    assignment = StationAssignment(deputy=shinan_deputy, station=laoshan_station, role=RESIDENT)
    assert "__all__" in errors_of(assignment.clean)


def test_registration_within_the_district_passes_validation(shinan_deputy, shinan_station):
    assignment = StationAssignment(deputy=shinan_deputy, station=shinan_station, role=RESIDENT)
    assert errors_of(assignment.clean) == {}


def test_registration_of_an_unsaved_deputy_is_still_checked(shinan, laoshan_station):
    """An admin inline validates its rows before the new deputy it belongs to is saved."""
    deputy = Deputy(name="新代表", district=shinan)
    assignment = StationAssignment(deputy=deputy, station=laoshan_station, role=RESIDENT)
    assert "__all__" in errors_of(assignment.clean)


def test_registration_without_a_station_leaves_the_error_to_the_field(shinan_deputy):
    assignment = StationAssignment(deputy=shinan_deputy, role=RESIDENT)
    assert errors_of(assignment.clean) == {}


# Duty roster


def test_duty_shift_across_districts_fails_validation(shinan_deputy, laoshan_station):
    shift = factories.DutyShiftFactory.build(deputy=shinan_deputy, station=laoshan_station)
    assert "__all__" in errors_of(shift.clean)


# Deputies' groups


@pytest.fixture
def street(shinan):
    return factories.SubdistrictFactory(parent=shinan)


def test_group_with_leader_among_its_members_is_valid(street, shinan):
    leader, member = factories.DeputyFactory.create_batch(2, district=shinan)
    group = DeputyGroup(name="组", area=street, leader=leader)
    assert errors_of(lambda: group.validate_members([leader, member])) == {}


def test_group_leader_must_be_a_member(street, shinan):
    leader, member = factories.DeputyFactory.create_batch(2, district=shinan)
    group = DeputyGroup(name="组", area=street, leader=leader)
    assert "members" in errors_of(lambda: group.validate_members([member]))


def test_group_members_must_come_from_its_district(street, shinan_deputy, laoshan_deputy):
    group = DeputyGroup(name="组", area=street)
    assert "members" in errors_of(lambda: group.validate_members([shinan_deputy, laoshan_deputy]))


def test_group_leader_must_come_from_its_district(street, laoshan_deputy):
    group = DeputyGroup(name="组", area=street, leader=laoshan_deputy)
    assert "leader" in errors_of(group.clean)


def test_group_belongs_to_a_subdistrict_not_a_district(shinan):
    group = DeputyGroup(name="组", area=shinan)
    assert "area" in errors_of(group.clean)


# Deputies


def test_deputy_district_must_be_a_district(street):
    deputy = Deputy(name="王", district=street)
    assert "district" in errors_of(deputy.clean)


def test_deputy_gets_a_public_code_when_saved(shinan_deputy):
    assert len(shinan_deputy.code) == 6


def test_deputy_public_code_survives_renaming(shinan_deputy):
    code = shinan_deputy.code
    shinan_deputy.name = "张新名"
    shinan_deputy.save()
    assert Deputy.objects.get(pk=shinan_deputy.pk).code == code


def test_deputies_get_different_public_codes(shinan):
    deputies = factories.DeputyFactory.create_batch(20, district=shinan)
    assert len({deputy.code for deputy in deputies}) == 20
