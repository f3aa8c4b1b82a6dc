"""The assessment score: counts and points computed by the database, checked against hand sums."""

from datetime import date, datetime, timedelta

import pytest
from django.utils import timezone

from representatives import assessment
from representatives.models import AssessmentWeights
from tests import factories

TODAY = date(2026, 6, 30)
NOW = timezone.make_aware(datetime(2026, 6, 30, 12, 0))


def at(day: str) -> datetime:
    return timezone.make_aware(datetime.fromisoformat(f"{day}T10:00"))


def board_rows(district, year=2026):
    board = assessment.merit_board(district, year, today=TODAY, now=NOW)
    return board.rows(board.ranks)


def row_for(district, deputy, year=2026):
    return next(r for r in board_rows(district, year) if r.pk == deputy.pk)


@pytest.fixture
def target(shinan):
    return factories.AnnualTargetFactory(
        district=shinan, year=2026, receptions=4, activities=10, trainings=2, report_required=True
    )


@pytest.fixture
def types(db):
    return {
        "reception": factories.ActivityTypeFactory(name="接待选民"),
        "training": factories.ActivityTypeFactory(name="培训"),
        "visit": factories.ActivityTypeFactory(name="走访"),
        "report": factories.ActivityTypeFactory(name="述职"),
    }


@pytest.fixture
def busy_deputy(shinan, shinan_station, target, types):
    """A year worked out by hand: see test_busy_deputy_scores_the_hand_computed_sum."""
    deputy = factories.DeputyFactory(name="甲代表", district=shinan)
    deputy.user = factories.DeputyUserFactory()
    deputy.save()
    other = factories.DeputyFactory(name="乙代表", district=shinan)
    for day in ("2026-02-01", "2026-03-01", "2026-04-01"):
        factories.ActivityFactory(
            deputy=deputy, type=types["reception"], date=date.fromisoformat(day)
        )
    factories.ActivityFactory(deputy=deputy, type=types["training"], date=date(2026, 5, 1))
    visit = factories.ActivityFactory(deputy=deputy, type=types["visit"], date=date(2026, 5, 2))
    visit.fellow_deputies.add(deputy)  # logged and listed as a fellow: still one activity
    joint = factories.ActivityFactory(deputy=other, type=types["training"], date=date(2026, 5, 3))
    joint.fellow_deputies.add(deputy)
    factories.ActivityFactory(deputy=deputy, type=types["reception"], date=date(2025, 12, 31))

    responsible = {"district": shinan, "assignee": deputy.user}
    factories.issue_in_state(
        "answered", answered_at=at("2026-03-01"), deadline=at("2026-03-10"), **responsible
    )
    factories.issue_in_state(
        "closed", answered_at=at("2026-04-20"), deadline=at("2026-04-10"), **responsible
    )
    factories.issue_in_state("in_progress", deadline=at("2026-05-01"), **responsible)
    factories.issue_in_state("in_progress", deadline=at("2026-08-01"), **responsible)
    factories.issue_in_state(
        "closed", answered_at=at("2025-11-01"), deadline=at("2025-11-10"), **responsible
    )

    for month, checked in ((2, True), (3, True), (4, True), (5, False), (7, False)):
        factories.DutyShiftFactory(
            deputy=deputy,
            station=shinan_station,
            date=date(2026, month, 10),
            checked_in_at=at(f"2026-{month:02d}-10") if checked else None,
        )
    return deputy


def test_activities_count_logged_and_joined_ones_once_each(shinan, busy_deputy):
    row = row_for(shinan, busy_deputy)
    assert (row.n_activities, row.n_receptions, row.n_trainings, row.n_reports) == (6, 3, 2, 0)


def test_issues_due_are_answered_in_the_year_or_open_past_their_deadline(shinan, busy_deputy):
    row = row_for(shinan, busy_deputy)
    assert (row.n_issues_due, row.n_issues_on_time, row.n_issues_overdue_open) == (3, 1, 1)


def test_duty_attendance_counts_shifts_up_to_today(shinan, busy_deputy):
    row = row_for(shinan, busy_deputy)
    assert (row.n_shifts_planned, row.n_shifts_attended) == (4, 3)


def test_busy_deputy_scores_the_hand_computed_sum(shinan, busy_deputy):
    # 25×6/10 + 20×3/4 + 15×2/2 + 10×0 + 15×1/3 + 15×3/4 = 15 + 15 + 15 + 0 + 5 + 11.25
    row = row_for(shinan, busy_deputy)
    assert row.score == pytest.approx(61.25)


def test_points_of_the_parts_add_up_to_the_score(shinan, busy_deputy):
    board = assessment.merit_board(shinan, 2026, today=TODAY, now=NOW)
    row = next(r for r in board.rows(board.ranks) if r.pk == busy_deputy.pk)
    parts = assessment.breakdown(board.scoring, row)
    assert [round(p.points, 2) for p in parts] == [15.0, 15.0, 15.0, 0.0, 5.0, 11.25]


def test_parts_that_do_not_apply_are_left_out_and_the_rest_renormalised(shinan, target, types):
    # No issue fell due and no shift was planned: only 25 + 20 + 15 + 10 = 70 of weight apply.
    deputy = factories.DeputyFactory(district=shinan)
    factories.ActivityFactory(deputy=deputy, type=types["training"], date=date(2026, 3, 1))
    row = row_for(shinan, deputy)
    assert row.score == pytest.approx(100 * (25 * 0.1 + 15 * 0.5) / 70)


def test_a_share_is_capped_at_the_target(shinan, target, types):
    deputy = factories.DeputyFactory(district=shinan)
    for day in range(1, 16):
        factories.ActivityFactory(deputy=deputy, type=types["visit"], date=date(2026, 3, day))
    row = row_for(shinan, deputy)
    assert row.pts_activities == pytest.approx(100 * 25 / 70)


def test_without_a_target_only_the_rates_count(shinan, shinan_station, types):
    deputy = factories.DeputyFactory(district=shinan)
    factories.ActivityFactory(deputy=deputy, type=types["visit"], date=date(2026, 3, 1))
    factories.DutyShiftFactory(
        deputy=deputy, station=shinan_station, date=date(2026, 3, 1), checked_in_at=at("2026-03-01")
    )
    factories.DutyShiftFactory(deputy=deputy, station=shinan_station, date=date(2026, 3, 2))
    row = row_for(shinan, deputy)
    assert row.score == pytest.approx(50.0)


def test_edited_weights_change_the_score(shinan, busy_deputy):
    AssessmentWeights.objects.create(
        district=shinan,
        year=2026,
        activities=0,
        receptions=0,
        trainings=0,
        report=0,
        issues_on_time=0,
        duty_attendance=1,
    )
    assert row_for(shinan, busy_deputy).score == pytest.approx(75.0)


def test_a_year_without_weights_uses_the_latest_earlier_ones(shinan):
    AssessmentWeights.objects.create(district=shinan, year=2024, activities=40)
    AssessmentWeights.objects.create(district=shinan, year=2027, activities=5)
    assert assessment.weights_for(shinan.pk, 2026).activities == 40


def test_a_district_without_weights_uses_the_defaults(shinan):
    weights = assessment.weights_for(shinan.pk, 2026)
    assert (weights.pk, weights.total) == (None, 100)


def test_board_ranks_by_score_and_ties_share_a_rank(shinan, target, types):
    first = factories.DeputyFactory(name="丙", district=shinan)
    tied = [factories.DeputyFactory(name=n, district=shinan) for n in ("丁", "戊")]
    factories.ActivityFactory(deputy=first, type=types["visit"], date=date(2026, 3, 1))
    factories.ActivityFactory(deputy=first, type=types["visit"], date=date(2026, 3, 2))
    for deputy in tied:
        factories.ActivityFactory(deputy=deputy, type=types["visit"], date=date(2026, 3, 1))
    assert [(r.name, r.rank) for r in board_rows(shinan)] == [("丙", 1), ("丁", 2), ("戊", 2)]


def test_board_leaves_out_inactive_and_other_districts_deputies(shinan, laoshan, shinan_deputy):
    factories.DeputyFactory(district=shinan, is_active=False)
    factories.DeputyFactory(district=laoshan)
    board = assessment.merit_board(shinan, 2026, today=TODAY, now=NOW)
    assert [pk for pk, _ in board.ranks] == [shinan_deputy.pk]


def test_standing_gives_the_rank_on_the_whole_board(shinan, busy_deputy, types):
    # 乙代表 (one joint training, not logged as a fellow of it) ranks behind 甲代表.
    standing = assessment.deputy_standing(
        busy_deputy.__class__.objects.get(name="乙代表"), 2026, today=TODAY, now=NOW
    )
    assert standing.row.rank == 2


def test_ranking_scores_agree_with_the_detailed_rows(shinan, busy_deputy):
    # The ranking query computes fewer columns than a page's rows: both must give one order.
    board = assessment.merit_board(shinan, 2026, today=TODAY, now=NOW)
    rows = board.rows(board.ranks)
    assert [r.score for r in rows] == sorted((r.score for r in rows), reverse=True)


def test_an_inactive_deputys_standing_has_no_rank(shinan, target):
    retired = factories.DeputyFactory(district=shinan, is_active=False)
    standing = assessment.deputy_standing(retired, 2026, today=TODAY, now=NOW)
    assert standing.row.rank is None


def test_issues_raised_through_a_deputy_count_only_for_the_responsible_person(
    shinan, shinan_deputy_user, shinan_deputy
):
    # The citizen reached 张市南, but the issue was registered with a department's person.
    factories.issue_in_state(
        "answered",
        district=shinan,
        deputy=shinan_deputy,
        assignee=factories.StaffFactory(district=shinan),
        answered_at=at("2026-03-01"),
        deadline=at("2026-03-10"),
    )
    assert row_for(shinan, shinan_deputy).n_issues_due == 0


def test_a_districts_ranking_is_one_query(shinan, target, types, django_assert_num_queries):
    for deputy in factories.DeputyFactory.create_batch(30, district=shinan):
        factories.ActivityFactory(deputy=deputy, type=types["visit"], date=date(2026, 3, 1))
    scoring = assessment.scoring_for(shinan, 2026, today=TODAY, now=NOW)
    with django_assert_num_queries(1):
        assert len(assessment.ranking(scoring)) == 30


def orm_figures(deputy, scoring) -> dict:
    scored = assessment.score_deputies(deputy.__class__.objects.filter(pk=deputy.pk), scoring)
    return scored.values(*scored.query.annotations).get()


def typed(figures: dict) -> dict:
    return {name: (type(value), value) for name, value in figures.items()}


def test_a_reports_figures_from_the_kept_statement_are_the_orms(shinan, busy_deputy, types):
    scoring = assessment.scoring_for(shinan, 2026, today=TODAY, now=NOW)
    deputies = list(busy_deputy.__class__.objects.filter(district=shinan))
    assert len(deputies) >= 2
    for deputy in deputies:  # the first compiles the statement, the others reuse it
        kept = assessment._deputy_figures(deputy.pk, scoring)
        assert typed(kept) == typed(orm_figures(deputy, scoring))
    assert assessment._deputy_figures(busy_deputy.pk, scoring)["score"] > 0


def test_edited_weights_compile_a_new_statement(shinan, busy_deputy):
    before = assessment.scoring_for(shinan, 2026, today=TODAY, now=NOW)
    assessment._deputy_figures(busy_deputy.pk, before)
    AssessmentWeights.objects.update_or_create(
        district=shinan, year=2026, defaults={"activities": 90, "receptions": 10}
    )
    after = assessment.scoring_for(shinan, 2026, today=TODAY, now=NOW)
    assert assessment._deputy_figures(busy_deputy.pk, after) == orm_figures(busy_deputy, after)
    assert assessment._deputy_figures(busy_deputy.pk, after) != orm_figures(busy_deputy, before)


def test_a_kept_statement_counts_overdue_issues_up_to_each_reports_moment(shinan, busy_deputy):
    # Same day, same key: an issue that fell due between two reports counts in the second.
    deadline = NOW + timedelta(hours=2)
    factories.issue_in_state(
        "in_progress", deadline=deadline, district=shinan, assignee=busy_deputy.user
    )
    morning = assessment.scoring_for(shinan, 2026, today=TODAY, now=NOW)
    evening = assessment.scoring_for(shinan, 2026, today=TODAY, now=NOW + timedelta(hours=3))
    assert assessment.scoring_key(morning) == assessment.scoring_key(evening)
    before = assessment._deputy_figures(busy_deputy.pk, morning)
    after = assessment._deputy_figures(busy_deputy.pk, evening)
    assert after == orm_figures(busy_deputy, evening)
    assert after["n_issues_due"] == before["n_issues_due"] + 1
