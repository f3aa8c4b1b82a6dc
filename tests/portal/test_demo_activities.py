"""The demo activities reproduce 平度's figures and give the demo deputy a shift today."""

import io

import pytest
from django.core.management import call_command
from django.db.models import Sum
from django.utils import timezone

from representatives.models import Activity, AnnualTarget
from stations.models import DutyShift

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo():
    call_command("load_demo", stdout=io.StringIO())


def test_pingdu_professional_homes_held_70_activities_with_1300_participants(demo):
    homes = Activity.objects.filter(district__name="平度市", station__name__endswith="专业代表之家")
    assert homes.count() >= 70
    assert homes.aggregate(total=Sum("participants"))["total"] >= 1300


def test_fengtai_heritage_classroom_held_50_sessions(demo):
    assert Activity.objects.filter(station__name="非遗新课堂专业代表之家").count() >= 50


def test_demo_deputy_has_a_shift_today_and_activities(demo):
    today = timezone.localdate()
    assert DutyShift.objects.filter(deputy__user__username="deputy", date=today).exists()
    assert Activity.objects.filter(deputy__user__username="deputy").count() >= 3


def test_every_district_has_this_years_targets(demo):
    assert AnnualTarget.objects.filter(year=timezone.localdate().year).count() == 10


def test_laixi_held_15_monthly_talks_each_linked_to_the_6_problems_it_solved(demo):
    talks = Activity.objects.filter(district__name="莱西市", type__name="代表月月谈")
    assert talks.count() == 15
    for talk in talks:
        assert talk.raised_issues.filter(source="monthly_talk", state="closed").count() == 6


def test_shibei_ran_20_odd_trainings_and_about_100_deputies_reported_to_voters(demo):
    shibei = Activity.objects.filter(district__name="市北区")
    assert shibei.filter(type__counts_as="training").count() >= 20
    assert shibei.filter(type__counts_as="report").values("deputy").distinct().count() == 100


def test_trainings_list_their_attendees_as_fellow_deputies(demo):
    training = Activity.objects.filter(type__counts_as="training").first()
    assert training.fellow_deputies.count() >= 19


def test_every_district_has_a_year_of_activities(demo):
    per_district = Activity.objects.values("district").distinct().count()
    assert per_district == 10


def test_past_duty_shifts_are_mostly_but_not_all_checked_in(demo):
    past = DutyShift.objects.filter(date__lt=timezone.localdate())
    checked_in = past.filter(checked_in_at__isnull=False).count()
    assert 0.8 * past.count() < checked_in < past.count()


def test_pingdu_has_nine_specialised_homes(demo):
    from stations.models import Station

    homes = Station.objects.specialised_homes().filter(area__district__name="平度市")
    assert homes.count() == 9
    assert all(home.name.endswith("专业代表之家") for home in homes)
