"""The dashboard's figures, computed by the database, against hand-built data in 市南 (2025)."""

from datetime import date, datetime, time, timedelta

import pytest
from django.utils import timezone

from issues.models import IssueEvent
from portal import dashboard
from portal.dashboard import Period, Scope
from tests import factories

YEAR_2025 = Period("year", date(2025, 1, 1), date(2025, 12, 31))
# "Now" for overdue figures: inside the period, so deadlines before it are past.
NOW = timezone.make_aware(datetime(2025, 6, 30, 12, 0))


def at(month: int, day: int, hour: int = 9) -> datetime:
    return timezone.make_aware(datetime(2025, month, day, hour, 0))


@pytest.fixture
def scope(shinan_staff, shinan):
    return Scope(user=shinan_staff, district=shinan)


def issue(state, district, **fields):
    fields.setdefault("submitted_at", at(3, 1))
    return factories.issue_in_state(state, district=district, **fields)


def figures(scope):
    return dashboard.issue_figures(scope, YEAR_2025, now=NOW)


def state_counts(result):
    return {bar.extra["state"]: bar.value for bar in result.states}


# ----- issues ---------------------------------------------------------------------------------


def test_issues_are_counted_by_state(scope, shinan):
    issue("submitted", shinan)
    issue("submitted", shinan)
    issue("closed", shinan)
    issue("rejected", shinan)

    counts = state_counts(figures(scope))

    assert (counts["submitted"], counts["closed"], counts["rejected"], counts["answered"]) == (
        2,
        1,
        1,
        0,
    )


def test_issues_submitted_outside_the_period_are_not_counted(scope, shinan):
    issue("submitted", shinan)
    issue("submitted", shinan, submitted_at=timezone.make_aware(datetime(2024, 12, 31, 23, 0)))
    issue("submitted", shinan, submitted_at=timezone.make_aware(datetime(2026, 1, 1, 0, 30)))

    assert figures(scope).total == 1


def test_blocklisted_submissions_are_left_out_as_the_issue_list_leaves_them_out(scope, shinan):
    issue("submitted", shinan)
    issue("submitted", shinan, is_flagged=True)

    assert figures(scope).total == 1


def test_completion_rate_is_answered_and_closed_over_all_but_rejected_and_merged(scope, shinan):
    issue("answered", shinan)
    issue("closed", shinan)
    issue("closed", shinan)
    issue("registered", shinan)
    issue("rejected", shinan)
    target = issue("closed", shinan, submitted_at=at(1, 1))
    issue("merged", shinan, merged_into=target)

    result = figures(scope)

    # accepted: answered, 3 closed, registered = 5; completed: answered + 3 closed = 4
    assert (result.completed, result.accepted, result.completion_rate) == (4, 5, 80.0)


def test_completion_rate_is_empty_when_nothing_was_accepted(scope, shinan):
    issue("rejected", shinan)

    assert figures(scope).completion_rate is None


def test_on_time_rate_counts_answers_before_the_deadline_among_answers_with_a_deadline(
    scope, shinan
):
    deadline = at(3, 10)
    issue("answered", shinan, deadline=deadline, answered_at=at(3, 5))
    issue("closed", shinan, deadline=deadline, answered_at=at(3, 9))
    issue("closed", shinan, deadline=deadline, answered_at=at(3, 12))
    issue("closed", shinan, deadline=None, answered_at=at(3, 30))  # no deadline: not counted
    issue("registered", shinan, deadline=deadline)  # not answered: not counted

    result = figures(scope)

    assert (result.on_time, result.answered_with_deadline, result.on_time_rate) == (2, 3, 66.7)


def test_median_time_to_register_is_the_middle_duration(scope, shinan):
    for hours in (1, 3, 10):
        issue("registered", shinan, registered_at=at(3, 1) + timedelta(hours=hours))
    issue("submitted", shinan)  # not registered: not counted

    register = figures(scope).medians[0]

    assert (register.duration, register.count) == (timedelta(hours=3), 3)


def test_median_of_an_even_number_of_durations_is_the_mean_of_the_middle_two(scope, shinan):
    for days in (1, 2, 4, 30):
        issue("closed", shinan, closed_at=at(3, 1) + timedelta(days=days))

    close = figures(scope).medians[2]

    assert close.duration == timedelta(days=3)


def test_median_time_to_answer_uses_the_answer_time(scope, shinan):
    issue("answered", shinan, answered_at=at(3, 3))
    issue("answered", shinan, answered_at=at(3, 5))
    issue("answered", shinan, answered_at=at(3, 11))

    assert figures(scope).medians[1].duration == timedelta(days=4)


def test_median_is_empty_without_any_issue_that_reached_the_step(scope, shinan):
    issue("submitted", shinan)

    assert [median.duration for median in figures(scope).medians] == [None, None, None]


def test_satisfaction_is_satisfied_among_rated_issues(scope, shinan):
    issue("closed", shinan, rating="satisfied")
    issue("closed", shinan, rating="satisfied")
    issue("closed", shinan, rating="basically")
    issue("closed", shinan, rating="unsatisfied")
    issue("closed", shinan)  # not rated

    result = figures(scope)

    assert (result.satisfied, result.rated, result.satisfaction_rate) == (2, 4, 50.0)


def test_overdue_counts_open_issues_past_their_deadline_only(scope, shinan):
    late = issue("registered", shinan, deadline=at(5, 1))
    issue("in_progress", shinan, deadline=at(6, 1), tracking_number="SN-LATE-2")
    issue("registered", shinan, deadline=at(8, 1))  # not yet due
    issue("closed", shinan, deadline=at(5, 1))  # done: never overdue

    result = figures(scope)

    assert result.overdue_count == 2
    assert result.overdue[0].pk == late.pk  # the most overdue first


def test_overdue_list_shows_at_most_ten_issues(scope, shinan):
    for _ in range(12):
        issue("registered", shinan, deadline=at(5, 1))

    result = figures(scope)

    assert (result.overdue_count, len(result.overdue)) == (12, 10)


def test_top_categories_are_ordered_by_count(scope, shinan):
    roads = factories.CategoryFactory(name="道路交通")
    housing = factories.CategoryFactory(name="物业管理")
    for _ in range(3):
        issue("submitted", shinan, category=roads)
    issue("submitted", shinan, category=housing)

    result = figures(scope)

    assert [(bar.label, bar.value) for bar in result.categories] == [
        ("道路交通", 3),
        ("物业管理", 1),
    ]


def test_a_source_counts_issues_ever_transferred_and_their_completion(scope, shinan):
    department = factories.DepartmentFactory(district=shinan)
    issue("closed", shinan, source="hotline", department=department)
    issue("answered", shinan, source="hotline", department=department)
    sent_back = issue("registered", shinan, source="hotline")  # transferred, then sent back
    IssueEvent.objects.create(
        issue=sent_back, action="transfer", from_state="registered", to_state="transferred"
    )
    issue("closed", shinan, source="hotline")  # never transferred
    issue("closed", shinan, source="monthly_talk")

    hotline = next(row for row in figures(scope).sources if row.source == "hotline")

    assert (hotline.total, hotline.transferred, hotline.transferred_completed) == (4, 3, 2)
    assert hotline.transferred_completion_rate == 66.7


def test_sources_without_issues_are_not_listed(scope, shinan):
    issue("closed", shinan, source="monthly_talk")

    assert [row.source for row in figures(scope).sources] == ["monthly_talk"]


# ----- activities ---------------------------------------------------------------------------


@pytest.fixture
def talk_type(db):
    return factories.ActivityTypeFactory(name="测试月月谈", counts_as="")


def test_activities_and_participants_are_counted_per_month(scope, shinan_deputy, talk_type):
    factories.ActivityFactory(deputy=shinan_deputy, date=date(2025, 1, 5), participants=10)
    factories.ActivityFactory(deputy=shinan_deputy, date=date(2025, 1, 20), participants=5)
    factories.ActivityFactory(deputy=shinan_deputy, date=date(2025, 3, 31), participants=7)
    factories.ActivityFactory(deputy=shinan_deputy, date=date(2024, 12, 31), participants=99)

    months = dashboard.activity_figures(scope, YEAR_2025).months

    assert len(months) == 12
    assert [(bar.value, bar.extra["participants"]) for bar in months[:3]] == [
        (2, 15),
        (0, 0),
        (1, 7),
    ]


def test_activity_totals_sum_participants_and_households(scope, shinan_deputy):
    factories.ActivityFactory(
        deputy=shinan_deputy, date=date(2025, 2, 1), participants=30, households=12
    )
    factories.ActivityFactory(
        deputy=shinan_deputy, date=date(2025, 2, 2), participants=20, households=3
    )

    result = dashboard.activity_figures(scope, YEAR_2025)

    assert (result.count, result.participants, result.households) == (2, 50, 15)


def test_activities_are_counted_by_type(scope, shinan_deputy, talk_type):
    reception = factories.ActivityTypeFactory(name="测试接待", counts_as="reception")
    for _ in range(3):
        factories.ActivityFactory(deputy=shinan_deputy, type=talk_type, date=date(2025, 4, 1))
    factories.ActivityFactory(deputy=shinan_deputy, type=reception, date=date(2025, 4, 2))

    types = dashboard.activity_figures(scope, YEAR_2025).types

    assert [(bar.label, bar.value) for bar in types] == [("测试月月谈", 3), ("测试接待", 1)]


def test_other_districts_activities_are_not_counted(scope, shinan_deputy, laoshan_deputy):
    factories.ActivityFactory(deputy=shinan_deputy, date=date(2025, 4, 1))
    factories.ActivityFactory(deputy=laoshan_deputy, date=date(2025, 4, 1))

    assert dashboard.activity_figures(scope, YEAR_2025).count == 1


# ----- stations: 六有, duty attendance ------------------------------------------------------

ALL_SIX = dict.fromkeys(
    ["has_site", "has_public_info", "has_rules", "has_plan", "has_ledger", "has_facilities"], True
)


def test_stations_are_grouped_by_how_many_build_items_they_meet(scope, shinan):
    street = factories.SubdistrictFactory(parent=shinan)
    factories.StationFactory(area=street, **ALL_SIX)
    factories.StationFactory(area=street, **{**ALL_SIX, "has_plan": False})
    factories.StationFactory(area=street, **{**ALL_SIX, "has_rules": False})
    factories.StationFactory(area=street)
    factories.StationFactory(area=street, is_active=False, **ALL_SIX)  # closed: not counted

    result = dashboard.compliance_figures(scope)

    counts = {bar.label: bar.value for bar in result.rows}
    assert (counts["6/6"], counts["5/6"], counts["4/6"], counts["0/6"], result.total) == (
        1,
        2,
        0,
        1,
        4,
    )


def test_attendance_counts_planned_shifts_up_to_today_and_those_checked_in(
    scope, shinan_station, shinan_deputy
):
    checked = timezone.make_aware(datetime.combine(date(2025, 3, 1), time(9)))
    for day, checked_in_at in [
        (date(2025, 3, 1), checked),
        (date(2025, 3, 8), checked),
        (date(2025, 3, 15), None),
        (date(2025, 7, 1), None),  # after "today": not yet planned
    ]:
        factories.DutyShiftFactory(
            station=shinan_station, deputy=shinan_deputy, date=day, checked_in_at=checked_in_at
        )

    result = dashboard.attendance_figures(scope, YEAR_2025, today=date(2025, 6, 30))

    assert (result.planned, result.checked_in, result.rate) == (3, 2, 66.7)


# ----- the drill-down table -----------------------------------------------------------------


def test_subdistrict_rows_count_issues_of_stations_in_their_communities(
    scope, shinan, shinan_deputy
):
    street = factories.SubdistrictFactory(parent=shinan, name="湛山街道")
    community = factories.CommunityFactory(parent=street)
    in_street = factories.StationFactory(area=street)
    in_community = factories.StationFactory(area=community)
    issue("closed", shinan, station=in_street)
    issue("registered", shinan, station=in_community)
    issue("registered", shinan)  # at no station: in the totals, in no row
    factories.ActivityFactory(
        deputy=shinan_deputy, station=in_community, date=date(2025, 5, 1), participants=8
    )

    kind, rows = dashboard.child_rows(scope, YEAR_2025, now=NOW)

    row = next(row for row in rows if row.name == "湛山街道")
    assert kind == "subdistrict"
    assert (row.stations, row.issues, row.completion_rate, row.activities, row.participants) == (
        2,
        2,
        50.0,
        1,
        8,
    )
