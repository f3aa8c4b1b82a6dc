"""A district's target and weights are kept, and a saved one counts at once."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from representatives import assessment
from representatives.models import AssessmentWeights
from tests import factories

pytestmark = pytest.mark.django_db

YEAR = 2026


def read(function, *args):
    """`function(*args)` and the tables its queries read."""
    with CaptureQueriesContext(connection) as captured:
        result = function(*args)
    tables = {
        table
        for table in ("annualtarget", "assessmentweights")
        for query in captured
        if f'"representatives_{table}"' in query["sql"]
    }
    return result, tables


def test_the_second_reading_asks_the_database_for_neither(shinan):
    factories.AnnualTargetFactory(district=shinan, year=YEAR, receptions=6)
    AssessmentWeights.objects.create(district=shinan, year=YEAR, receptions=40)

    first, cold = read(assessment.scoring_for, shinan, YEAR)
    second, warm = read(assessment.scoring_for, shinan, YEAR)

    assert cold == {"annualtarget", "assessmentweights"} and warm == set()
    assert second.target.receptions == first.target.receptions == 6
    assert second.weights.receptions == 40


def test_a_district_without_a_target_or_weights_is_kept_too(shinan):
    read(assessment.scoring_for, shinan, YEAR)

    scoring, tables = read(assessment.scoring_for, shinan, YEAR)

    assert tables == set()
    assert scoring.target is None
    assert scoring.weights.pk is None  # the defaults


def test_a_new_target_and_edited_weights_count_at_once(shinan):
    weights = AssessmentWeights.objects.create(district=shinan, year=YEAR, receptions=40)
    assessment.scoring_for(shinan, YEAR)
    factories.AnnualTargetFactory(district=shinan, year=YEAR, receptions=9)
    weights.receptions = 15
    weights.save()

    scoring = assessment.scoring_for(shinan, YEAR)

    assert scoring.target.receptions == 9
    assert scoring.weights.receptions == 15


def test_each_district_and_year_keeps_its_own(shinan, laoshan):
    factories.AnnualTargetFactory(district=shinan, year=YEAR, receptions=6)
    factories.AnnualTargetFactory(district=laoshan, year=YEAR, receptions=3)
    factories.AnnualTargetFactory(district=shinan, year=YEAR - 1, receptions=1)
    assessment.annual_target(shinan.pk, YEAR)

    assert assessment.annual_target(laoshan.pk, YEAR).receptions == 3
    assert assessment.annual_target(shinan.pk, YEAR - 1).receptions == 1
    assert assessment.annual_target(shinan.pk, YEAR).receptions == 6


@pytest.mark.usefixtures("cache_down")
def test_without_the_cache_they_are_read_each_time(shinan):
    factories.AnnualTargetFactory(district=shinan, year=YEAR, receptions=6)

    _scoring, tables = read(assessment.scoring_for, shinan, YEAR)
    scoring, again = read(assessment.scoring_for, shinan, YEAR)

    assert tables == again == {"annualtarget", "assessmentweights"}
    assert scoring.target.receptions == 6
