"""An unreadable filter value on the issue list, the ledger and their exports is the form's
error (in Chinese), never a 500; an id past the largest the database stores is a 404."""

import pytest

from tests import factories

pytestmark = pytest.mark.django_db

ISSUES = "/work/issues/"
LEDGER = "/work/stats/activities/"
NOT_UNDERSTOOD = "部分筛选条件无效"  # "Some filters were not understood and are ignored."
NO_SUCH_CHOICE = "选择一个有效的选项"  # Django's "Select a valid choice."


def field_errors(response, name: str) -> list[str]:
    return list(response.context["filterset"].form.errors.get(name, []))


def test_issue_list_with_a_non_numeric_station_shows_the_form_error(staff_client):
    response = staff_client.get(ISSUES, {"station": "abc"})
    assert response.status_code == 200
    assert NO_SUCH_CHOICE in field_errors(response, "station")[0]
    assert NOT_UNDERSTOOD in response.text


def test_issue_list_with_a_fractional_deputy_shows_the_form_error(staff_client):
    response = staff_client.get(ISSUES, {"deputy": "1.5"})
    assert response.status_code == 200
    assert NO_SUCH_CHOICE in field_errors(response, "deputy")[0]


def test_issue_list_with_a_station_id_past_the_largest_shows_the_form_error(staff_client):
    response = staff_client.get(ISSUES, {"station": "99999999999999999999"})
    assert response.status_code == 200
    assert NO_SUCH_CHOICE in field_errors(response, "station")[0]


def test_issue_list_with_a_digit_that_is_not_ascii_shows_the_form_error(staff_client):
    response = staff_client.get(ISSUES, {"station": "²"})
    assert response.status_code == 200
    assert field_errors(response, "station")


def test_issue_list_submitted_until_the_calendars_last_day_shows_the_form_error(staff_client):
    response = staff_client.get(ISSUES, {"submitted_to": "9999-12-31"})
    assert response.status_code == 200
    assert field_errors(response, "submitted_to") == ["请输入 2000 年至 2100 年之间的日期。"]


def test_issue_list_keeps_the_readable_filters_beside_an_unreadable_one(staff_client, shinan):
    station = factories.StationFactory(area=factories.SubdistrictFactory(parent=shinan))
    here = factories.issue_in_state("registered", district=shinan, station=station)
    factories.issue_in_state("registered", district=shinan)
    response = staff_client.get(ISSUES, {"station": str(station.pk), "submitted_to": "0000-00-00"})
    assert [row.tracking_number for row in response.context["issues"]] == [here.tracking_number]


def test_issue_export_with_an_unreadable_filter_goes_back_to_the_list(staff_client):
    response = staff_client.get(f"{ISSUES}export.xlsx", {"submitted_to": "9999-12-31"})
    assert response.status_code == 302
    assert response["Location"] == f"{ISSUES}?submitted_to=9999-12-31"


def test_activity_ledger_with_a_non_numeric_station_shows_the_form_error(staff_client):
    response = staff_client.get(LEDGER, {"station": "abc", "deputy": "1.5"})
    assert response.status_code == 200
    assert NO_SUCH_CHOICE in field_errors(response, "station")[0]
    assert NO_SUCH_CHOICE in field_errors(response, "deputy")[0]


def test_activity_ledger_with_a_far_date_shows_the_form_error(staff_client):
    response = staff_client.get(LEDGER, {"date_from": "0001-01-01"})
    assert response.status_code == 200
    assert field_errors(response, "date_from") == ["请输入 2000 年至 2100 年之间的日期。"]


def test_activity_export_with_an_unreadable_filter_goes_back_to_the_ledger(staff_client):
    response = staff_client.get(f"{LEDGER}export.xlsx", {"deputy": "1.5"})
    assert response.status_code == 302
    assert response["Location"] == f"{LEDGER}?deputy=1.5"


@pytest.mark.parametrize(
    "path",
    [
        "/work/issues/99999999999999999999/",
        "/work/issues/9223372036854775808/citizen/",
        "/work/issues/1/photos/99999999999999999999/",
        "/work/activities/99999999999999999999/photos/1/",
        "/work/assessment/deputies/99999999999999999999/2026/",
        "/districts/99999999999999999999/",
        "/work/inbox/99999999999999999999/read/",
    ],
)
def test_an_id_past_the_largest_the_database_stores_is_a_404(staff_client, path):
    assert staff_client.get(path).status_code == 404
