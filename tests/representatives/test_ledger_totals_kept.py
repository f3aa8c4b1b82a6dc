"""The activity ledger's totals are kept, and renewed the moment an activity they sum changes."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from representatives import services
from tests import factories

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("badge_counted_every_request")]

LEDGER = reverse("dashboard:activities")


def visit(client, **params):
    """The page's totals, and whether it summed them in the database."""
    with CaptureQueriesContext(connection) as captured:
        response = client.get(LEDGER, params)
    assert response.status_code == 200
    ledger = response.context["ledger"]
    summed = any('SUM("representatives_activity"' in query["sql"] for query in captured)
    return (ledger.count, ledger.participants, ledger.households), summed


@pytest.fixture
def activities(shinan_deputy):
    return [
        factories.ActivityFactory(deputy=shinan_deputy, participants=10, households=2),
        factories.ActivityFactory(deputy=shinan_deputy, participants=5, households=1),
    ]


def test_the_second_visit_reads_the_kept_totals(staff_client, activities):
    first, summed = visit(staff_client)
    second, summed_again = visit(staff_client, page="1")

    assert first == second == (2, 15, 3)
    assert summed and not summed_again


def test_a_new_activity_of_the_district_counts_at_once(staff_client, shinan_deputy, activities):
    visit(staff_client)
    factories.ActivityFactory(deputy=shinan_deputy, participants=7, households=0)

    assert visit(staff_client)[0] == (3, 22, 3)


def test_a_corrected_activity_counts_at_once(staff_client, shinan_staff, activities):
    visit(staff_client)
    services.activity_correct(activities[0].pk, actor=shinan_staff, participants=30)

    assert visit(staff_client)[0] == (2, 35, 3)


def test_a_deleted_activity_leaves_the_totals_at_once(staff_client, activities):
    visit(staff_client)
    activities[1].delete()

    assert visit(staff_client)[0] == (1, 10, 2)


def test_another_districts_activity_leaves_the_kept_totals_be(
    staff_client, laoshan_deputy, activities
):
    visit(staff_client)
    factories.ActivityFactory(deputy=laoshan_deputy)

    totals, summed = visit(staff_client)

    assert totals == (2, 15, 3)
    assert not summed


def test_city_wide_totals_follow_every_districts_activities(
    client, superuser, laoshan_deputy, activities
):
    client.force_login(superuser)
    assert visit(client)[0] == (2, 15, 3)
    factories.ActivityFactory(deputy=laoshan_deputy, participants=1, households=1)

    assert visit(client)[0] == (3, 16, 4)


def test_each_filter_has_its_own_totals(staff_client, shinan_deputy, activities):
    other = factories.DeputyFactory(district=shinan_deputy.district, name="王其他")
    factories.ActivityFactory(deputy=other, participants=4, households=4)

    assert visit(staff_client)[0] == (3, 19, 7)
    assert visit(staff_client, deputy_name="王其他")[0] == (1, 4, 4)
    assert visit(staff_client, deputy_name="王")[0] == (1, 4, 4)


def test_a_renamed_deputy_is_found_by_the_name_search_at_once(
    staff_client, shinan_deputy, activities
):
    assert visit(staff_client, deputy_name="赵新名")[0] == (0, 0, 0)
    shinan_deputy.name = "赵新名"
    shinan_deputy.save()

    assert visit(staff_client, deputy_name="赵新名")[0] == (2, 15, 3)


def test_each_user_gets_their_own_districts_totals(
    staff_client, client, laoshan_staff, laoshan_deputy, activities
):
    factories.ActivityFactory(deputy=laoshan_deputy, participants=3, households=3)
    visit(staff_client)
    client.force_login(laoshan_staff)

    assert visit(client)[0] == (1, 3, 3)


@pytest.mark.usefixtures("cache_down")
def test_the_totals_are_summed_without_the_cache(staff_client, shinan_deputy, activities):
    assert visit(staff_client)[0] == (2, 15, 3)
    factories.ActivityFactory(deputy=shinan_deputy, participants=1)

    assert visit(staff_client)[0] == (3, 16, 3)
