"""The issue list shows each account only its own scope: district, department, deputy, or all."""

import pytest
from django.urls import reverse

from tests import factories

pytestmark = pytest.mark.django_db

LIST = "/work/issues/"


def listed(client, url: str = LIST, **params) -> set[str]:
    response = client.get(url, params)
    assert response.status_code == 200
    return {issue.tracking_number for issue in response.context["issues"]}


def test_list_url_is_stable():
    assert reverse("workbench:issue-list") == LIST


def test_shinan_staff_see_shinan_issues(staff_client, shinan_issue, laoshan_issue):
    assert listed(staff_client) == {"SN-2026-000001"}


def test_laoshan_staff_see_laoshan_issues(client, laoshan_staff, shinan_issue, laoshan_issue):
    client.force_login(laoshan_staff)
    assert listed(client) == {"LS-2026-000001"}


def test_superuser_sees_every_district(admin_client, shinan_issue, laoshan_issue):
    assert listed(admin_client) == {"SN-2026-000001", "LS-2026-000001"}


def test_count_is_the_scoped_count(staff_client, shinan_issue, laoshan_issue):
    assert staff_client.get(LIST).context["page"].paginator.count == 1


def test_department_sees_only_issues_transferred_to_it(
    client, shinan, shinan_department, shinan_department_user
):
    ours = factories.issue_in_state("transferred", district=shinan, department=shinan_department)
    other = factories.DepartmentFactory(district=shinan)
    factories.issue_in_state("transferred", district=shinan, department=other)
    factories.issue_in_state("registered", district=shinan)
    client.force_login(shinan_department_user)
    assert listed(client) == {ours.tracking_number}


def test_department_home_is_its_list(client, shinan, shinan_department, shinan_department_user):
    ours = factories.issue_in_state("transferred", district=shinan, department=shinan_department)
    client.force_login(shinan_department_user)
    assert listed(client, reverse("workbench:home")) == {ours.tracking_number}


def test_deputy_sees_issues_of_their_stations(
    client, shinan, shinan_station, shinan_deputy_user, shinan_issue
):
    factories.issue_in_state("submitted", district=shinan)  # a station of someone else
    client.force_login(shinan_deputy_user)
    assert listed(client) == {shinan_issue.tracking_number}


def test_deputy_sees_issues_assigned_to_them_elsewhere(client, shinan, shinan_deputy_user):
    assigned = factories.issue_in_state("registered", district=shinan, assignee=shinan_deputy_user)
    client.force_login(shinan_deputy_user)
    assert listed(client) == {assigned.tracking_number}


def test_deputy_sees_nothing_of_another_district(client, shinan_deputy_user, laoshan_issue):
    client.force_login(shinan_deputy_user)
    assert listed(client) == set()


def test_blocklisted_submissions_are_kept_out_of_the_queue(staff_client, shinan, shinan_issue):
    factories.issue_in_state("submitted", district=shinan, is_flagged=True)
    assert listed(staff_client) == {shinan_issue.tracking_number}


def test_blocklisted_submissions_can_be_shown(staff_client, shinan, shinan_issue):
    flagged = factories.issue_in_state("submitted", district=shinan, is_flagged=True)
    assert listed(staff_client, flagged="only") == {flagged.tracking_number}


def test_a_station_of_another_district_does_not_widen_the_list(
    staff_client, shinan_issue, laoshan_issue, laoshan_station
):
    assert laoshan_issue.tracking_number not in listed(staff_client, station=laoshan_station.pk)


def test_a_station_of_another_district_is_not_a_valid_choice(staff_client, laoshan_station):
    response = staff_client.get(LIST, {"station": laoshan_station.pk})
    assert "station" in response.context["filterset"].errors


def test_a_district_parameter_is_ignored_for_district_staff(
    staff_client, laoshan, shinan_issue, laoshan_issue
):
    assert listed(staff_client, district=laoshan.pk) == {shinan_issue.tracking_number}
