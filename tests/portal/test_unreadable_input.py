"""Ids, years, dates and NUL characters the database or the calendar cannot take are read as
nothing (a 404, the default, an empty selection or the unfiltered list), never a 500."""

import pytest
from django.contrib.admin.views.main import ERROR_FLAG
from django.test import Client
from django.urls import Resolver404, resolve, reverse

from portal.params import MAX_ID, parse_id, parse_year

# ----- the readers ---------------------------------------------------------------------------


@pytest.mark.parametrize("value", ["1", "42", "007", str(MAX_ID)])
def test_parse_id_reads_ascii_digits_up_to_the_largest_id(value):
    assert parse_id(value) == int(value)


@pytest.mark.parametrize(
    "value",
    [
        None,
        "",
        "0",
        "-1",
        "+1",
        " 7",
        "1.5",
        "7_0",
        "abc",
        "²",
        "٣",
        "１",
        str(MAX_ID + 1),
        "9" * 5000,
    ],
)
def test_parse_id_refuses_what_no_row_id_is(value):
    assert parse_id(value) is None


@pytest.mark.parametrize(("value", "year"), [("2000", 2000), ("2026", 2026), ("2100", 2100)])
def test_parse_year_reads_the_years_we_keep(value, year):
    assert parse_year(value) == year


@pytest.mark.parametrize("value", [None, "", "1999", "2101", "9999", "²⁰²⁶", "2026.0", "02026"])
def test_parse_year_refuses_other_years(value):
    assert parse_year(value) is None


def test_the_largest_id_the_database_stores_reaches_the_view():
    assert resolve(f"/work/issues/{MAX_ID}/").kwargs["pk"] == MAX_ID


def test_an_id_past_the_largest_matches_no_route():
    with pytest.raises(Resolver404):
        resolve(f"/work/issues/{MAX_ID + 1}/")


# ----- NUL characters ------------------------------------------------------------------------


def test_a_nul_character_in_a_query_parameter_is_ignored_with_a_message(staff_client):
    response = staff_client.get("/work/issues/", {"q": "路灯\x00", "state": "registered"})
    assert response.status_code == 200
    assert response.context["filterset"].data.getlist("state") == ["registered"]
    assert "q" not in response.context["filterset"].data
    assert "网址中有无法识别的内容，已忽略。" in response.text


def test_a_nul_character_in_the_admin_search_is_ignored(client, superuser):
    client.force_login(superuser)
    response = client.get(reverse("admin:representatives_deputy_changelist"), {"q": "\x00"})
    assert response.status_code == 200


def test_a_nul_character_in_the_path_is_a_404(client, shinan_station):
    assert client.get(f"/s/{shinan_station.code}%00").status_code == 404


# ----- the dashboard and the merit board -----------------------------------------------------


def test_dashboard_with_a_digit_that_is_not_ascii_is_a_404(staff_client):
    assert staff_client.get(reverse("dashboard:index"), {"station": "²"}).status_code == 404


def test_dashboard_with_a_year_that_is_not_ascii_falls_back_to_this_year(staff_client):
    response = staff_client.get(reverse("dashboard:index"), {"period": "year", "year": "²"})
    assert response.status_code == 200
    assert response.context["period"].kind == "year"
    assert len(response.context["messages"]) == 1


def test_merit_board_with_an_unreadable_year_shows_this_year(staff_client):
    from django.utils import timezone

    response = staff_client.get(reverse("assessment:board"), {"year": "²"})
    assert response.status_code == 200
    assert response.context["year"] == timezone.localdate().year


# ----- the admin -----------------------------------------------------------------------------


@pytest.fixture
def admin_user_client(superuser) -> Client:
    client = Client()
    client.force_login(superuser)
    return client


def test_admin_district_filter_with_an_id_past_the_largest_lists_nothing(
    admin_user_client, shinan_station
):
    response = admin_user_client.get(
        reverse("admin:stations_station_changelist"), {"district": "99999999999999999999"}
    )
    assert response.status_code == 200
    assert response.context["cl"].result_count == 0


def test_admin_list_with_a_key_of_no_list_filter_goes_back_to_the_unfiltered_list(
    admin_user_client, shinan_staff
):
    url = reverse("admin:portal_user_changelist")
    response = admin_user_client.get(url, {"district": "99999999999999999999"})
    assert response.status_code == 302
    assert response["Location"] == f"{url}?{ERROR_FLAG}=1"


def test_admin_list_still_takes_its_own_filters_parameters(admin_user_client, shinan_staff):
    url = reverse("admin:portal_user_changelist")
    response = admin_user_client.get(url, {"district__id__exact": str(shinan_staff.district_id)})
    assert response.status_code == 200
    assert [user.username for user in response.context["cl"].result_list] == ["shinan_staff"]


def test_admin_date_hierarchy_past_the_calendar_goes_back_to_the_unfiltered_list(
    admin_user_client,
):
    url = reverse("admin:notifications_notification_changelist")
    response = admin_user_client.get(url, {"created_at__year": "9999", "created_at__month": "12"})
    assert response.status_code == 302


def test_admin_add_form_prefilled_with_an_unreadable_station_shows_the_empty_form(
    admin_user_client, shinan_station
):
    url = reverse("admin:stations_dutyshift_add")
    response = admin_user_client.get(url, {"station": "abc", "deputy": "99999999999999999999"})
    assert response.status_code == 200
    assert response.context["adminform"].form.initial.get("station") is None


def test_admin_add_form_still_prefills_a_readable_station(admin_user_client, shinan_station):
    url = reverse("admin:stations_dutyshift_add")
    response = admin_user_client.get(url, {"station": str(shinan_station.pk)})
    assert response.context["adminform"].form.initial["station"] == str(shinan_station.pk)


def test_every_model_admin_lists_by_its_own_filters_only():
    from django.contrib import admin

    from portal.admin_site import OwnFiltersAdminMixin

    assert all(isinstance(a, OwnFiltersAdminMixin) for a in admin.site._registry.values())


def test_admin_date_filter_before_the_calendar_goes_back_to_the_unfiltered_list(
    admin_user_client,
):
    # Moved into UTC, midnight of 0001-01-01 in Qingdao is a day before the calendar's first.
    url = reverse("admin:django_celery_beat_periodictask_changelist")
    response = admin_user_client.get(url, {"start_time__gte": "0001-01-01"})
    assert response.status_code == 302
