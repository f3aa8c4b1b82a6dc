"""The printable annual report (年度履职报告): scope, permissions and what it shows."""

from datetime import date

import pytest
from django.urls import reverse

from representatives.models import Level
from tests import factories

YEAR = 2026


def report_url(deputy, year=YEAR) -> str:
    return reverse("assessment:report", args=[deputy.pk, year])


@pytest.fixture
def types(db):
    return {
        "training": factories.ActivityTypeFactory(name="培训"),
        "visit": factories.ActivityTypeFactory(name="走访"),
    }


def test_district_staff_open_their_deputys_report(staff_client, shinan_deputy):
    assert staff_client.get(report_url(shinan_deputy)).status_code == 200


def test_district_staff_cannot_open_other_district_deputy_report(staff_client, laoshan_deputy):
    assert staff_client.get(report_url(laoshan_deputy)).status_code == 404


def test_superuser_opens_any_districts_report(admin_client, laoshan_deputy):
    assert admin_client.get(report_url(laoshan_deputy)).status_code == 200


def test_deputy_opens_their_own_report(deputy_client, shinan_deputy):
    assert deputy_client.get(report_url(shinan_deputy)).status_code == 200


def test_deputy_cannot_open_a_colleagues_report(deputy_client, shinan):
    colleague = factories.DeputyFactory(district=shinan)
    assert deputy_client.get(report_url(colleague)).status_code == 404


def test_department_user_cannot_open_a_report(client, shinan_department_user, shinan_deputy):
    client.force_login(shinan_department_user)
    assert client.get(report_url(shinan_deputy)).status_code == 403


def test_a_year_out_of_range_is_not_found(staff_client, shinan_deputy):
    assert staff_client.get(report_url(shinan_deputy, 1999)).status_code == 404


def test_report_never_shows_the_deputys_phone(staff_client, shinan_deputy):
    assert shinan_deputy.phone[-4:] not in staff_client.get(report_url(shinan_deputy)).text


def test_report_lists_levels_stations_and_groups(staff_client, shinan_deputy, shinan_station):
    factories.MandateFactory(deputy=shinan_deputy, level=Level.COUNTY)
    factories.StationAssignmentFactory(deputy=shinan_deputy, station=shinan_station)
    group = factories.DeputyGroupFactory(name="八大关代表组", area=shinan_station.area)
    group.members.add(shinan_deputy)
    text = staff_client.get(report_url(shinan_deputy)).text
    assert all(s in text for s in (shinan_station.name, "八大关代表组", "第一选区"))


def test_report_leaves_out_the_home_community(staff_client, shinan_deputy, shinan):
    home = factories.StationFactory(
        name="住家社区联络站", area=factories.SubdistrictFactory(parent=shinan)
    )
    factories.StationAssignmentFactory(deputy=shinan_deputy, station=home, role="home")
    assert "住家社区联络站" not in staff_client.get(report_url(shinan_deputy)).text


def test_report_shows_counts_by_type_and_trainings(staff_client, shinan_deputy, types):
    factories.ActivityFactory(
        deputy=shinan_deputy, type=types["training"], date=date(YEAR, 3, 5), place="区委党校"
    )
    factories.ActivityFactory(deputy=shinan_deputy, type=types["visit"], date=date(YEAR, 3, 6))
    context = staff_client.get(report_url(shinan_deputy)).context
    assert (
        [(t["type__name"], t["count"]) for t in context["details"].by_type],
        [t.venue for t in context["details"].trainings],
    ) == ([("培训", 1), ("走访", 1)], ["区委党校"])


def test_report_gives_the_rank_in_the_district(staff_client, shinan, shinan_deputy, types):
    factories.AnnualTargetFactory(district=shinan, year=YEAR)
    ahead = factories.DeputyFactory(district=shinan)
    factories.ActivityFactory(deputy=ahead, type=types["visit"], date=date(YEAR, 3, 6))
    row = staff_client.get(report_url(shinan_deputy)).context["row"]
    assert (row.rank, row.board_size) == (2, 2)


def test_report_has_a_print_button_and_stylesheet(staff_client, shinan_deputy):
    text = staff_client.get(report_url(shinan_deputy)).text
    assert "js/print.js" in text and "data-print" in text and "css/assessment.css" in text
