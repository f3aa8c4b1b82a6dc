"""Who gets into which admin page: a missing permission is a 403, a missing login a redirect."""

import pytest
from django.urls import reverse

from tests import factories

SCOPED_CHANGELISTS = [
    "portal_area",
    "stations_station",
    "stations_dutyshift",
    "representatives_deputy",
    "representatives_deputygroup",
    "representatives_stationassignment",
]
SUPERUSER_ONLY = ["portal_user", "portal_personaldataaccess"]


def changelist(admin: str) -> str:
    return reverse(f"admin:{admin}_changelist")


@pytest.fixture
def no_role_client(client, db):
    """A staff account (admin login allowed) that holds no role and no permission."""
    client.force_login(factories.UserFactory(is_staff=True))
    return client


@pytest.mark.parametrize("admin", SCOPED_CHANGELISTS)
def test_staff_account_without_role_is_forbidden_every_changelist(no_role_client, admin):
    assert no_role_client.get(changelist(admin)).status_code == 403


@pytest.mark.parametrize("admin", SCOPED_CHANGELISTS)
def test_staff_account_without_role_is_forbidden_every_add_form(no_role_client, admin):
    assert no_role_client.get(reverse(f"admin:{admin}_add")).status_code == 403


def test_staff_account_without_role_sees_no_apps_on_the_admin_index(no_role_client):
    assert no_role_client.get(reverse("admin:index")).context["app_list"] == []


def test_staff_account_without_role_is_forbidden_the_autocomplete(no_role_client, shinan):
    response = no_role_client.get(
        "/admin/autocomplete/",
        {"app_label": "stations", "model_name": "station", "field_name": "area"},
    )
    assert response.status_code == 403


@pytest.mark.parametrize("admin", SCOPED_CHANGELISTS)
def test_district_staff_may_open_every_scoped_changelist(staff_client, admin):
    assert staff_client.get(changelist(admin)).status_code == 200


@pytest.mark.parametrize("admin", SUPERUSER_ONLY)
def test_district_staff_are_forbidden_account_and_access_log_pages(staff_client, admin):
    assert staff_client.get(changelist(admin)).status_code == 403


@pytest.mark.parametrize("admin", SUPERUSER_ONLY)
def test_superuser_may_open_account_and_access_log_pages(admin_client, admin):
    assert admin_client.get(changelist(admin)).status_code == 200


def test_district_staff_may_not_change_a_shared_specialty(staff_client):
    specialty = factories.SpecialtyFactory()
    url = reverse("admin:representatives_specialty_change", args=[specialty.pk])
    response = staff_client.post(url, {"name": "改名"})
    assert response.status_code == 403


def test_district_staff_may_not_delete_a_shared_station_focus(staff_client):
    focus = factories.StationFocusFactory()
    url = reverse("admin:stations_stationfocus_delete", args=[focus.pk])
    assert staff_client.post(url, {"post": "yes"}).status_code == 403


def test_deputy_account_is_sent_to_the_admin_login(client, db):
    client.force_login(factories.DeputyUserFactory())
    response = client.get(changelist("representatives_deputy"))
    assert response.status_code == 302 and "/admin/login/" in response.url


def test_anonymous_visitor_is_sent_to_the_admin_login(client, db):
    response = client.get(changelist("stations_station"))
    assert response.status_code == 302 and "/admin/login/" in response.url


def test_inactive_district_staff_are_sent_to_the_admin_login(client, shinan):
    client.force_login(factories.StaffFactory(district=shinan, is_active=False))
    response = client.get(changelist("stations_station"))
    assert response.status_code == 302
