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
