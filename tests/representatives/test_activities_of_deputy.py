"""A deputy's activities: what they logged and what they joined as a fellow deputy, each once."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from representatives.assessment import deputy_year_details
from representatives.deputy_selectors import year_progress
from representatives.models import Activity
from tests import factories

pytestmark = pytest.mark.django_db


@pytest.fixture
def activities(shinan, shinan_deputy_user):
    """The deputy's own, one they joined, one they logged and joined too, and a colleague's."""
    deputy = shinan_deputy_user.deputy
    colleague = factories.DeputyFactory(district=shinan)
    own = factories.ActivityFactory(deputy=deputy)
    joined = factories.ActivityFactory(deputy=colleague)
    joined.fellow_deputies.add(deputy, factories.DeputyFactory(district=shinan))
    both = factories.ActivityFactory(deputy=deputy)
    both.fellow_deputies.add(deputy)
    others = factories.ActivityFactory(deputy=colleague)
    others.fellow_deputies.add(colleague)
    return {"own": own, "joined": joined, "both": both, "others": others}


def test_of_deputy_gives_logged_and_joined_each_once(activities, shinan_deputy_user):
    found = list(Activity.objects.of_deputy(shinan_deputy_user.deputy).values_list("pk", flat=True))
    expected = [activities[name].pk for name in ("own", "joined", "both")]
    assert sorted(found) == sorted(expected)


def test_a_deputy_user_sees_the_same_activities(activities, shinan_deputy_user):
    seen = Activity.objects.for_user(shinan_deputy_user)
    assert set(seen) == {activities["own"], activities["joined"], activities["both"]}
    assert seen.count() == 3


def test_another_deputy_sees_none_of_them(activities, laoshan_deputy_user):
    assert not Activity.objects.for_user(laoshan_deputy_user).exists()


def test_of_deputy_reads_through_a_union_not_an_or_over_the_join(shinan_deputy_user):
    # The OR across the fellow join made PostgreSQL read every activity of the year.
    with CaptureQueriesContext(connection) as queries:
        list(Activity.objects.of_deputy(shinan_deputy_user.deputy))
    (sql,) = [q["sql"] for q in queries.captured_queries]
    assert " UNION " in sql
    assert " OR " not in sql


def test_year_counts_each_activity_once(activities, shinan_deputy_user):
    deputy = shinan_deputy_user.deputy
    year = activities["own"].date.year
    assert year_progress(shinan_deputy_user, deputy, year).activities == 3
    details = deputy_year_details(deputy, year)
    assert sum(row["count"] for row in details.by_type) == 3
    assert details.participants == 3 * 10


def test_year_details_are_two_queries_and_reach_the_sum_of_each_types(
    activities, shinan_deputy_user, django_assert_num_queries
):
    deputy = shinan_deputy_user.deputy
    year = activities["own"].date.year
    other_type = factories.ActivityTypeFactory(name="视察调研")
    factories.ActivityFactory(deputy=deputy, type=other_type, date=activities["own"].date)

    with django_assert_num_queries(2):
        details = deputy_year_details(deputy, year)

    assert {row["type__name"] for row in details.by_type} >= {"视察调研"}
    assert details.participants == sum(row["participants"] for row in details.by_type) == 4 * 10
