"""Every figure opens the list behind it, and that list holds as many rows as the figure says."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from issues.models import IssueEvent
from stations.models import BUILD_ITEMS
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
    now = timezone.now()
    factories.issue_in_state(
        "answered",
        district=shinan,
        source="hotline",
        department=department,
        deadline=now,
        answered_at=now - timedelta(hours=2),
    )
    factories.issue_in_state(
        "closed",
        district=shinan,
        source="hotline",
        category=roads,
        deadline=now - timedelta(days=2),
        answered_at=now - timedelta(days=1),
        rating="satisfied",
    )
    taken_back = factories.issue_in_state(
        "reopened", district=shinan, answered_at=now - timedelta(days=3), rating="unsatisfied"
    )
    IssueEvent.objects.create(
        issue=taken_back, action="transfer", from_state="registered", to_state="transferred"
    )
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
    assert listed(staff_client, board.issues.total_url) == board.issues.total == 7


def test_state_counts_open_lists_of_that_state(staff_client, board):
    for bar in board.issues.states:
        assert listed(staff_client, bar.url) == bar.value, bar.label


def test_completed_issues_open_the_answered_and_closed_list(staff_client, board):
    assert listed(staff_client, board.issues.completed_url) == board.issues.completed == 2


def test_on_time_answers_open_the_on_time_list_and_late_ones_the_late_list(staff_client, board):
    issues = board.issues

    assert listed(staff_client, issues.on_time_url) == issues.on_time == 2
    assert listed(staff_client, issues.late_url) == issues.late == 1
    assert issues.on_time + issues.late == issues.answered_with_deadline


def test_satisfied_and_rated_counts_open_their_lists(staff_client, board):
    issues = board.issues

    assert listed(staff_client, issues.satisfied_url) == issues.satisfied == 1
    assert listed(staff_client, issues.rated_url) == issues.rated == 2


def test_transferred_per_source_opens_the_transferred_list_of_that_source(staff_client, board):
    transferred = {row.source: row.transferred for row in board.issues.sources}

    assert transferred == {"station_qr": 1, "hotline": 1}
    for row in board.issues.sources:
        assert listed(staff_client, row.transferred_url) == row.transferred, row.label


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
    assert "build=6" in complete and f"district={shinan.pk}" in complete


def test_links_keep_the_period(staff_client, shinan):
    response = staff_client.get(DASHBOARD, {"period": "month", "month": "2025-02"})
    board = response.context["board"]

    assert "submitted_from=2025-02-01&submitted_to=2025-02-28" in board.issues.total_url
    assert "date_from=2025-02-01&date_to=2025-02-28" in board.activities.url


# ----- stations: 六有, duty attendance, kinds of station, specialised homes -----------------


def admin_listed(client, url: str) -> int:
    response = client.get(url)
    assert response.status_code == 200, url
    return response.context["cl"].result_count


def ledger_totals(client, url: str) -> tuple[int, int]:
    ledger = client.get(url).context["ledger"]
    return ledger.count, ledger.participants


@pytest.fixture
def venues(shinan, shinan_station, shinan_deputy, laoshan_station, laoshan_deputy):
    """Two subdistricts: stations of several kinds and 六有 scores, shifts, activities."""
    street = shinan_station.area
    other_street = factories.SubdistrictFactory(parent=shinan)
    community = factories.CommunityFactory(parent=street)
    farming = factories.StationFocusFactory(name="特色农业")
    crafts = factories.StationFocusFactory(name="传统工艺")
    full = {item: True for item in BUILD_ITEMS}
    stations = [
        shinan_station,  # liaison, 0 items
        factories.StationFactory(area=community, kind="home", focus=farming, **full),
        factories.StationFactory(area=other_street, kind="home", focus=crafts, has_site=True),
        factories.StationFactory(area=street, kind="home", **full),
        factories.StationFactory(area=other_street, kind="contact_point", has_rules=True),
    ]
    factories.StationFactory(area=street, kind="home", focus=farming, is_active=False)
    today = timezone.localdate()
    for index, station in enumerate(stations):
        factories.ActivityFactory(deputy=shinan_deputy, station=station, participants=10 + index)
        factories.DutyShiftFactory(
            station=station,
            deputy=shinan_deputy,
            date=today,
            checked_in_at=timezone.now() if index % 2 else None,
        )
    factories.ActivityFactory(deputy=shinan_deputy, participants=7)  # at no station
    factories.ActivityFactory(deputy=laoshan_deputy, station=laoshan_station)
    factories.DutyShiftFactory(station=laoshan_station, deputy=laoshan_deputy, date=today)
    return {"street": street, "stations": stations}


SCOPES = ["district", "subdistrict", "station", "deputy"]


def scope_params(name: str, venues, shinan_deputy) -> dict:
    return {
        "district": {},
        "subdistrict": {"subdistrict": venues["street"].pk},
        "station": {"station": venues["stations"][1].pk},
        "deputy": {"deputy": shinan_deputy.pk},
    }[name]


@pytest.fixture(params=SCOPES)
def scoped_board(request, staff_client, venues, shinan_deputy):
    factories.StationAssignmentFactory(deputy=shinan_deputy, station=venues["stations"][3])
    params = scope_params(request.param, venues, shinan_deputy)
    return staff_client.get(DASHBOARD, params).context["board"]


def test_compliance_rows_open_a_station_list_of_that_score(staff_client, scoped_board):
    for row in scoped_board.compliance.rows:
        assert admin_listed(staff_client, row.url) == row.value, row.label
    assert admin_listed(staff_client, scoped_board.compliance.url) == scoped_board.compliance.total


def test_attendance_opens_the_planned_and_the_checked_in_shifts(staff_client, scoped_board):
    attendance = scoped_board.attendance

    assert admin_listed(staff_client, attendance.url) == attendance.planned
    assert admin_listed(staff_client, attendance.checked_in_url) == attendance.checked_in


def test_kind_rows_open_their_stations_and_their_activities(staff_client, scoped_board):
    for row in scoped_board.venues.kinds:
        assert admin_listed(staff_client, row.stations_url) == row.stations, row.label
        assert ledger_totals(staff_client, row.activities_url) == (
            row.activities,
            row.participants,
        ), row.label


def test_specialised_homes_open_their_stations_and_their_activities(staff_client, scoped_board):
    row = scoped_board.venues.specialised

    assert admin_listed(staff_client, row.stations_url) == row.stations
    assert ledger_totals(staff_client, row.activities_url) == (row.activities, row.participants)


def test_district_counts_specialised_homes_with_a_focus_only(staff_client, venues):
    board = staff_client.get(DASHBOARD).context["board"]
    homes = next(row for row in board.venues.kinds if row.kind == "home")

    assert (homes.stations, board.venues.specialised.stations) == (3, 2)
    assert (board.venues.specialised.activities, board.venues.specialised.participants) == (2, 23)
    assert (board.venues.elsewhere, board.venues.elsewhere_participants) == (1, 7)


def test_subdistrict_rows_open_their_stations(staff_client, venues):
    board = staff_client.get(DASHBOARD).context["board"]

    for row in board.children:
        assert admin_listed(staff_client, row.stations_url) == row.stations, row.name
