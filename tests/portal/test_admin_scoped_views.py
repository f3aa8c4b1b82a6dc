"""Every scoped admin: own district's rows listed and opened; another district's are a 404.

The same checks for each admin, NetBox-style: stations and deputies have their own, fuller
modules; this one keeps areas, groups, the duty roster and registrations to the same rule.
"""

from collections.abc import Callable
from dataclasses import dataclass

import pytest
from django.db import models
from django.urls import reverse

from portal.models import Area
from tests import factories


@dataclass(frozen=True)
class Scoped:
    """One admin, how to make a row of it in a district, and a text that names the row."""

    admin: str
    make: Callable[[Area, str], models.Model]

    def url(self, view: str, obj: models.Model | None = None) -> str:
        args = [obj.pk] if obj is not None else []
        return reverse(f"admin:{self.admin}_{view}", args=args)

    def __str__(self) -> str:
        return self.admin


def _station(district: Area, name: str):
    return factories.StationFactory(name=name, area=factories.SubdistrictFactory(parent=district))


def _shift(district: Area, name: str):
    return factories.DutyShiftFactory(
        station=_station(district, name), deputy=factories.DeputyFactory(district=district)
    )


def _assignment(district: Area, name: str):
    return factories.StationAssignmentFactory(
        station=_station(district, name), deputy=factories.DeputyFactory(district=district)
    )


def _group(district: Area, name: str):
    return factories.DeputyGroupFactory(
        name=name, area=factories.SubdistrictFactory(parent=district)
    )


def _area(district: Area, name: str):
    return factories.SubdistrictFactory(name=name, parent=district)


SCOPED = [
    Scoped("portal_area", _area),
    Scoped("stations_station", _station),
    Scoped("stations_dutyshift", _shift),
    Scoped(
        "representatives_deputy", lambda d, name: factories.DeputyFactory(name=name, district=d)
    ),
    Scoped("representatives_deputygroup", _group),
    Scoped("representatives_stationassignment", _assignment),
]

OWN_NAME = "金湖路标记"
OTHER_NAME = "王哥庄标记"


@pytest.fixture(params=SCOPED, ids=str)
def scoped(request):
    return request.param


@pytest.fixture
def own_row(scoped, shinan):
    return scoped.make(shinan, OWN_NAME)


@pytest.fixture
def other_row(scoped, laoshan):
    return scoped.make(laoshan, OTHER_NAME)


def listed(client, scoped, **params) -> set[models.Model]:
    response = client.get(scoped.url("changelist"), params)
    return set(response.context["cl"].result_list)


def test_changelist_lists_own_district_rows_only(staff_client, scoped, own_row, other_row):
    rows = listed(staff_client, scoped)
    assert own_row in rows and other_row not in rows


def test_changelist_never_names_other_district_row(staff_client, scoped, own_row, other_row):
    assert OTHER_NAME not in staff_client.get(scoped.url("changelist")).text


def test_district_staff_can_open_own_row(staff_client, scoped, own_row):
    assert staff_client.get(scoped.url("change", own_row)).status_code == 200


@pytest.mark.parametrize("view", ["change", "delete", "history"])
@pytest.mark.parametrize("method", ["get", "post"])
def test_other_district_row_answers_404(staff_client, scoped, other_row, view, method):
    response = getattr(staff_client, method)(scoped.url(view, other_row))
    assert response.status_code == 404


def test_delete_post_leaves_other_district_row(staff_client, scoped, other_row):
    staff_client.post(scoped.url("delete", other_row), {"post": "yes"})
    assert type(other_row).objects.filter(pk=other_row.pk).exists()


def test_search_for_other_district_row_finds_nothing(staff_client, scoped, other_row):
    assert listed(staff_client, scoped, q=OTHER_NAME) == set()


def test_crafted_district_filter_shows_nothing_of_other_district(
    staff_client, scoped, laoshan, other_row
):
    assert listed(staff_client, scoped, district=laoshan.pk) == set()


def test_district_filter_offers_only_own_district(staff_client, scoped, own_row, other_row):
    cl = staff_client.get(scoped.url("changelist")).context["cl"]
    spec = next(s for s in cl.filter_specs if getattr(s, "parameter_name", None) == "district")
    assert [label for _, label in spec.lookup_choices] == ["市南区"]


def test_delete_selected_leaves_other_district_row(staff_client, scoped, other_row):
    staff_client.post(
        scoped.url("changelist"),
        {"action": "delete_selected", "_selected_action": [other_row.pk], "post": "yes"},
    )
    assert type(other_row).objects.filter(pk=other_row.pk).exists()


# District staff may not delete areas at all (see test_admin_area_scoping).
@pytest.mark.parametrize("scoped", SCOPED[1:], ids=str)
def test_delete_selected_deletes_own_row(staff_client, scoped, own_row):
    staff_client.post(
        scoped.url("changelist"),
        {"action": "delete_selected", "_selected_action": [own_row.pk], "post": "yes"},
    )
    assert not type(own_row).objects.filter(pk=own_row.pk).exists()


def test_superuser_lists_both_districts(admin_client, scoped, own_row, other_row):
    assert listed(admin_client, scoped) >= {own_row, other_row}
