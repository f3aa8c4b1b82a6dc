"""Every figure opens the list behind it, and that list holds as many rows as the figure says."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from tests import factories

DASHBOARD = reverse("dashboard:index")


@pytest.fixture
def board(staff_client, shinan, shinan_station, shinan_deputy):
    past = timezone.now() - timedelta(days=1)
    department = factories.DepartmentFactory(district=shinan)
    roads = factories.CategoryFactory(name="道路交通")
    factories.issue_in_state("registered", district=shinan, station=shinan_station, deadline=past)
    factories.issue_in_state("in_progress", district=shinan, deadline=past, category=roads)
    factories.issue_in_state("registered", district=shinan, station=shinan_station)
    factories.issue_in_state("answered", district=shinan, source="hotline", department=department)
    factories.issue_in_state("closed", district=shinan, source="hotline", category=roads)
    factories.issue_in_state("rejected", district=shinan, deputy=shinan_deputy)
    factories.issue_in_state("submitted", district=shinan, is_flagged=True)
    factories.ActivityFactory(deputy=shinan_deputy, station=shinan_station, participants=12)
    factories.ActivityFactory(deputy=shinan_deputy, participants=8)
    return staff_client.get(DASHBOARD).context["board"]


def listed(client, url: str) -> int:
    response = client.get(url)
    assert response.status_code == 200, url
    return response.context["page"].paginator.count


def test_issue_total_opens_a_list_of_as_many_issues(staff_client, board):
    assert listed(staff_client, board.issues.total_url) == board.issues.total == 6


def test_state_counts_open_lists_of_that_state(staff_client, board):
    for bar in board.issues.states:
        assert listed(staff_client, bar.url) == bar.value, bar.label


def test_completed_issues_open_the_answered_and_closed_list(staff_client, board):
    assert listed(staff_client, board.issues.completed_url) == board.issues.completed == 2


def test_overdue_count_opens_the_overdue_list(staff_client, board):
    assert listed(staff_client, board.issues.overdue_url) == board.issues.overdue_count == 2


def test_categories_open_their_list(staff_client, board):
    for bar in board.issues.categories:
        assert listed(staff_client, bar.url) == bar.value, bar.label


def test_sources_open_their_list(staff_client, board):
    for row in board.issues.sources:
        assert listed(staff_client, row.url) == row.total, row.label


def test_subdistrict_rows_open_their_issue_list(staff_client, board):
    for row in board.children:
        assert listed(staff_client, row.issues_url) == row.issues, row.name
        assert listed(staff_client, row.overdue_url) == row.overdue, row.name


def test_activity_figures_open_a_ledger_with_the_same_totals(staff_client, board):
    ledger = staff_client.get(board.activities.url).context["ledger"]

    assert (ledger.count, ledger.participants) == (2, 20)
    assert (board.activities.count, board.activities.participants) == (2, 20)


def test_month_bars_open_the_ledger_of_that_month(staff_client, board):
    for bar in board.activities.months:
        assert staff_client.get(bar.url).context["ledger"].count == bar.value, bar.label


def test_drill_down_rows_open_the_dashboard_of_the_row(staff_client, board, shinan_station):
    row = board.children[0]

    child = staff_client.get(row.url).context["board"]

    assert (child.scope.subdistrict, child.issues.total) == (shinan_station.area, row.issues)


def test_compliance_figures_open_the_admin_station_list(staff_client, board, shinan):
    complete = board.compliance.rows[0].url

    assert complete.startswith(reverse("admin:stations_station_changelist"))
    assert "build=complete" in complete and f"district={shinan.pk}" in complete


def test_links_keep_the_period(staff_client, shinan):
    response = staff_client.get(DASHBOARD, {"period": "month", "month": "2025-02"})
    board = response.context["board"]

    assert "submitted_from=2025-02-01&submitted_to=2025-02-28" in board.issues.total_url
    assert "date_from=2025-02-01&date_to=2025-02-28" in board.activities.url
