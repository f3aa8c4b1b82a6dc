"""The area tree: each area's district follows its parents, and the level rules hold."""

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError

from portal.models import Area
from tests import factories


def reloaded(area: Area) -> Area:
    return Area.objects.get(pk=area.pk)


def validation_errors(area: Area) -> dict[str, list[str]]:
    """The fields `area.clean()` complains about, with their messages."""
    try:
        area.clean()
    except ValidationError as error:
        return error.message_dict
    return {}


def test_district_is_its_own_district(shinan):
    assert reloaded(shinan).district_id == shinan.pk


def test_district_created_directly_is_its_own_district(db):
    district = Area.objects.create(name="黄岛区", level=Area.Level.DISTRICT)
    assert reloaded(district).district_id == district.pk


def test_subdistrict_lies_in_its_parent_district(shinan):
    street = factories.SubdistrictFactory(parent=shinan)
    assert reloaded(street).district_id == shinan.pk


def test_community_lies_in_its_grandparent_district(shinan):
    community = factories.CommunityFactory(parent=factories.SubdistrictFactory(parent=shinan))
    assert reloaded(community).district_id == shinan.pk


def test_subdistrict_moved_to_another_district_lies_there(shinan, laoshan):
    street = factories.SubdistrictFactory(parent=shinan)
    street.parent = laoshan
    street.save()
    assert reloaded(street).district_id == laoshan.pk


def test_subdistrict_moved_to_another_district_takes_its_communities(shinan, laoshan):
    street = factories.SubdistrictFactory(parent=shinan)
    communities = factories.CommunityFactory.create_batch(2, parent=street)
    street.parent = laoshan
    street.save()
    assert {reloaded(c).district_id for c in communities} == {laoshan.pk}


def test_community_moved_to_a_subdistrict_of_another_district_lies_there(shinan, laoshan):
    community = factories.CommunityFactory(parent=factories.SubdistrictFactory(parent=shinan))
    community.parent = factories.SubdistrictFactory(parent=laoshan)
    community.save()
    assert reloaded(community).district_id == laoshan.pk


def test_moving_a_subdistrict_moves_its_stations_out_of_the_old_scope(
    shinan, laoshan, shinan_staff
):
    from stations.models import Station

    street = factories.SubdistrictFactory(parent=shinan)
    station = factories.StationFactory(area=factories.CommunityFactory(parent=street))
    street.parent = laoshan
    street.save()
    assert not Station.objects.for_user(shinan_staff).filter(pk=station.pk).exists()


def test_district_with_a_parent_fails_validation(shinan):
    area = Area(name="新区", level=Area.Level.DISTRICT, parent=shinan)
    assert "parent" in validation_errors(area)


def test_subdistrict_without_parent_fails_validation(db):
    area = Area(name="孤街道", level=Area.Level.SUBDISTRICT)
    assert "parent" in validation_errors(area)


def test_subdistrict_under_a_subdistrict_fails_validation(shinan):
    street = factories.SubdistrictFactory(parent=shinan)
    area = Area(name="子街道", level=Area.Level.SUBDISTRICT, parent=street)
    assert "parent" in validation_errors(area)


def test_community_directly_under_a_district_fails_validation(shinan):
    area = Area(name="直属社区", level=Area.Level.COMMUNITY, parent=shinan)
    assert "parent" in validation_errors(area)


def test_community_under_a_subdistrict_passes_validation(shinan):
    street = factories.SubdistrictFactory(parent=shinan)
    assert validation_errors(Area(name="社区", level=Area.Level.COMMUNITY, parent=street)) == {}


def test_database_refuses_a_subdistrict_without_parent(db):
    with pytest.raises(IntegrityError):
        Area.objects.create(name="孤街道", level=Area.Level.SUBDISTRICT)


def test_database_refuses_a_district_with_a_parent(shinan):
    with pytest.raises(IntegrityError):
        Area.objects.create(name="新区", level=Area.Level.DISTRICT, parent=shinan)


def test_database_refuses_two_districts_of_the_same_name(shinan):
    with pytest.raises(IntegrityError):
        Area.objects.create(name="市南区", level=Area.Level.DISTRICT)
