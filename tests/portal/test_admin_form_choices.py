"""Admin forms refuse another district's rows in every relation field, and accept one's own."""

from types import SimpleNamespace

import pytest
from django.apps import apps
from django.urls import reverse

from tests.admin_forms import form_data


@pytest.fixture
def rows(shinan, shinan_station, shinan_deputy, laoshan, laoshan_station, laoshan_deputy):
    return SimpleNamespace(
        shinan=shinan,
        station=shinan_station,
        deputy=shinan_deputy,
        laoshan=laoshan,
        other_station=laoshan_station,
        other_deputy=laoshan_deputy,
    )


# What a valid add form for each admin holds, all chosen from 市南.
VALID = {
    "stations_dutyshift": lambda r: {
        "station": r.station.pk,
        "deputy": r.deputy.pk,
        "date": "2025-05-01",
    },
    "representatives_stationassignment": lambda r: {
        "station": r.station.pk,
        "deputy": r.deputy.pk,
        "role": "resident",
    },
    "representatives_deputygroup": lambda r: {
        "name": "新代表组",
        "kind": "group",
        "area": r.station.area_id,
        "leader": r.deputy.pk,
        "members": [r.deputy.pk],
    },
    "portal_area": lambda r: {"name": "新街道", "level": "subdistrict", "parent": r.shinan.pk},
}

# One field at a time set to a 崂山 row.
OTHER_DISTRICT_CHOICES = [
    ("stations_dutyshift", "station", lambda r: r.other_station.pk),
    ("stations_dutyshift", "deputy", lambda r: r.other_deputy.pk),
    ("representatives_stationassignment", "station", lambda r: r.other_station.pk),
    ("representatives_stationassignment", "deputy", lambda r: r.other_deputy.pk),
    ("representatives_deputygroup", "area", lambda r: r.other_station.area_id),
    ("representatives_deputygroup", "leader", lambda r: r.other_deputy.pk),
    ("representatives_deputygroup", "members", lambda r: [r.deputy.pk, r.other_deputy.pk]),
    ("portal_area", "parent", lambda r: r.laoshan.pk),
]


def model_of(admin: str):
    return apps.get_model(*admin.split("_", 1))


def add(client, admin: str, data: dict):
    url = reverse(f"admin:{admin}_add")
    return client.post(url, form_data(client, url) | data)


@pytest.mark.parametrize("admin", list(VALID))
def test_own_district_choices_are_accepted(staff_client, rows, admin):
    before = model_of(admin).objects.count()
    add(staff_client, admin, VALID[admin](rows))
    assert model_of(admin).objects.count() == before + 1


@pytest.mark.parametrize(
    ("admin", "field", "other"),
    OTHER_DISTRICT_CHOICES,
    ids=[f"{admin}.{field}" for admin, field, _ in OTHER_DISTRICT_CHOICES],
)
def test_other_district_choice_is_rejected(staff_client, rows, admin, field, other):
    before = model_of(admin).objects.count()
    response = add(staff_client, admin, VALID[admin](rows) | {field: other(rows)})
    assert field in response.context["adminform"].form.errors
    assert model_of(admin).objects.count() == before
