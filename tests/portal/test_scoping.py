"""for_user: who sees which rows of every district-scoped model."""

from dataclasses import dataclass, field

import pytest
from django.contrib.auth.models import AnonymousUser
from django.db import models

from portal.models import Area
from representatives.models import Deputy, DeputyGroup, Mandate, StationAssignment
from stations.models import DutyShift, Station
from tests import factories

SCOPED_MODELS = [Area, Station, Deputy, Mandate, DeputyGroup, StationAssignment, DutyShift]


@dataclass
class District:
    """What one district holds, by model."""

    rows: dict[type[models.Model], set[models.Model]] = field(default_factory=dict)

    def add(self, *objs: models.Model) -> None:
        for obj in objs:
            self.rows.setdefault(type(obj), set()).add(obj)


def populate(district: Area) -> tuple[District, Deputy, District]:
    """A district with two deputies; returns its rows, the first deputy and that deputy's own."""
    held, own = District(), District()
    street = factories.SubdistrictFactory(parent=district)
    community = factories.CommunityFactory(parent=street)
    held.add(district, street, community)
    first, second = factories.DeputyFactory.create_batch(2, district=district)
    station, other_station = factories.StationFactory.create_batch(2, area=community)
    own_group = factories.DeputyGroupFactory(area=street, leader=first)
    own_group.members.set([first, second])
    other_group = factories.DeputyGroupFactory(area=street, leader=second)
    other_group.members.set([second])
    held.add(first, second, station, other_station, own_group, other_group)
    for deputy, at in [(first, station), (second, other_station)]:
        rows = [
            factories.MandateFactory(deputy=deputy),
            factories.StationAssignmentFactory(deputy=deputy, station=at),
            factories.DutyShiftFactory(deputy=deputy, station=at),
        ]
        held.add(*rows)
        if deputy is first:
            own.add(*rows)
    own.add(district, street, community, first, station, own_group)
    return held, first, own


@pytest.fixture
def world(shinan, laoshan):
    shinan_rows, shinan_deputy, deputy_own = populate(shinan)
    laoshan_rows, _, _ = populate(laoshan)
    deputy_user = factories.DeputyUserFactory()
    shinan_deputy.user = deputy_user
    shinan_deputy.save()
    return {
        "shinan": shinan_rows.rows,
        "laoshan": laoshan_rows.rows,
        "deputy_own": deputy_own.rows,
        "deputy_user": deputy_user,
    }


def visible(model: type[models.Model], user) -> set[models.Model]:
    return set(model.objects.for_user(user))


@pytest.mark.parametrize("model", SCOPED_MODELS, ids=lambda m: m.__name__)
def test_superuser_sees_every_district(world, superuser, model):
    assert visible(model, superuser) == world["shinan"][model] | world["laoshan"][model]


@pytest.mark.parametrize("model", SCOPED_MODELS, ids=lambda m: m.__name__)
def test_district_staff_see_exactly_their_district(world, shinan_staff, model):
    assert visible(model, shinan_staff) == world["shinan"][model]


@pytest.mark.parametrize("model", SCOPED_MODELS, ids=lambda m: m.__name__)
def test_other_district_staff_see_exactly_their_district(world, laoshan_staff, model):
    assert visible(model, laoshan_staff) == world["laoshan"][model]


@pytest.mark.parametrize("model", SCOPED_MODELS, ids=lambda m: m.__name__)
def test_deputy_sees_only_their_own_data(world, model):
    assert visible(model, world["deputy_user"]) == world["deputy_own"][model]


@pytest.mark.parametrize("model", SCOPED_MODELS, ids=lambda m: m.__name__)
def test_deputy_account_without_deputy_record_sees_nothing(world, model):
    assert visible(model, factories.DeputyUserFactory()) == set()


@pytest.mark.parametrize("model", SCOPED_MODELS, ids=lambda m: m.__name__)
def test_user_without_role_sees_nothing(world, model):
    assert visible(model, factories.UserFactory(is_staff=True)) == set()


@pytest.mark.parametrize("model", SCOPED_MODELS, ids=lambda m: m.__name__)
def test_anonymous_user_sees_nothing(world, model):
    assert visible(model, AnonymousUser()) == set()


@pytest.mark.parametrize("model", SCOPED_MODELS, ids=lambda m: m.__name__)
def test_inactive_district_staff_see_nothing(world, shinan, model):
    inactive = factories.StaffFactory(district=shinan, is_active=False)
    assert visible(model, inactive) == set()


@pytest.mark.parametrize("model", SCOPED_MODELS, ids=lambda m: m.__name__)
def test_inactive_superuser_sees_nothing(world, model):
    assert visible(model, factories.SuperuserFactory(is_active=False)) == set()


@pytest.mark.parametrize("model", SCOPED_MODELS, ids=lambda m: m.__name__)
def test_inactive_deputy_account_sees_nothing(world, model):
    deputy_user = world["deputy_user"]
    deputy_user.is_active = False
    deputy_user.save()
    assert visible(model, deputy_user) == set()


def test_district_staff_with_a_deputy_record_still_see_their_whole_district(world, shinan):
    """Staff who also hold a deputy record still see the whole district, not just themselves."""
    staff = factories.StaffFactory(district=shinan)
    factories.DeputyFactory(district=shinan, user=staff)
    assert visible(Deputy, staff) == world["shinan"][Deputy] | {staff.deputy}


def test_deputy_with_admin_access_still_sees_only_own_data(world):
    """is_staff does not widen a deputy's scope: the role decides."""
    deputy_user = world["deputy_user"]
    deputy_user.is_staff = True
    deputy_user.save()
    assert visible(Station, deputy_user) == world["deputy_own"][Station]
