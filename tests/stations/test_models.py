"""Station invariants: the 六有 build score (in Python and in the database) and public codes."""

import itertools

import pytest
from django.core.exceptions import ValidationError

from portal.codes import ALPHABET
from stations.models import BUILD_ITEMS, Station
from tests import factories


def errors_of(station: Station) -> dict[str, list]:
    try:
        station.clean()
    except ValidationError as error:
        return error.update_error_dict({})
    return {}


def test_build_score_counts_the_items_met(shinan_station):
    shinan_station.has_site = shinan_station.has_rules = True
    assert shinan_station.build_score == 2


def test_station_meeting_all_six_items_is_compliant(shinan_station):
    for item in BUILD_ITEMS:
        setattr(shinan_station, item, True)
    assert shinan_station.is_build_compliant


def test_station_missing_one_item_is_not_compliant(shinan_station):
    for item in BUILD_ITEMS[1:]:
        setattr(shinan_station, item, True)
    assert not shinan_station.is_build_compliant


def test_missing_build_items_name_what_is_missing(shinan_station):
    for item in BUILD_ITEMS[1:]:
        setattr(shinan_station, item, True)
    assert len(shinan_station.missing_build_items) == 1


@pytest.mark.parametrize("met", range(len(BUILD_ITEMS) + 1))
def test_database_build_score_agrees_with_python(shinan, met):
    street = factories.SubdistrictFactory(parent=shinan)
    for items in itertools.combinations(BUILD_ITEMS, met):
        factories.StationFactory(area=street, **dict.fromkeys(items, True))
    annotated = Station.objects.with_build_score()
    assert all(station.build_score_db == station.build_score for station in annotated)


def test_station_gets_a_public_code_when_saved(shinan_station):
    assert len(shinan_station.code) == 6 and set(shinan_station.code) <= set(ALPHABET)


def test_public_code_survives_renaming(shinan_station):
    code = shinan_station.code
    shinan_station.name = "改名后的联络站"
    shinan_station.save()
    assert Station.objects.get(pk=shinan_station.pk).code == code


def test_station_cannot_serve_a_whole_district(shinan):
    station = factories.StationFactory.build(area=shinan)
    assert "area" in errors_of(station)


def test_station_needs_both_coordinates_or_neither(shinan_station):
    shinan_station.latitude = 36.06
    assert "__all__" in errors_of(shinan_station)
