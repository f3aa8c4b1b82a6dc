"""The activity form's types, stations and categories, kept in the cache (portal.choices).

Each deputy sees their own stations first; a new registration moves its station up at the
next load; what is kept never widens what the form accepts.
"""

import re
import uuid

import pytest
from django.urls import reverse

from representatives.models import Activity
from tests import factories
from tests.representatives.test_activities import post_data

pytestmark = pytest.mark.django_db


def station_names(client) -> list[str]:
    page = client.get(reverse("deputy:activity-new")).content.decode()
    select = re.search(r'<select name="station".*?</select>', page, re.S).group()
    return re.findall(r'<option value="\d+"[^>]*>([^<]+)</option>', select)


@pytest.fixture
def second_station(shinan_station):
    return factories.StationFactory(name="一号站", area=shinan_station.area)


def test_each_deputy_sees_their_own_stations_first(
    client, shinan, shinan_deputy_user, shinan_station, second_station
):
    other = factories.DeputyFactory(district=shinan)
    other.user = factories.DeputyUserFactory(username="deputy_wang")
    other.save()
    factories.StationAssignmentFactory(deputy=other, station=second_station)

    client.force_login(shinan_deputy_user)
    assert station_names(client) == [shinan_station.name, second_station.name]
    assert station_names(client) == [shinan_station.name, second_station.name]  # kept
    client.force_login(other.user)
    assert station_names(client) == [second_station.name, shinan_station.name]


def test_a_new_registration_moves_its_station_up_at_once(
    deputy_client, shinan_deputy, shinan_station, second_station
):
    shinan_deputy.assignments.all().delete()
    assert station_names(deputy_client) == [second_station.name, shinan_station.name]
    factories.StationAssignmentFactory(deputy=shinan_deputy, station=shinan_station)
    assert station_names(deputy_client) == [shinan_station.name, second_station.name]


def test_kept_choices_do_not_let_another_districts_station_through(
    deputy_client, shinan_station, laoshan_station
):
    station_names(deputy_client)  # the options are kept now
    response = deputy_client.post(
        reverse("deputy:activity-new"), post_data(laoshan_station, uuid.uuid4())
    )
    assert response.status_code == 400
    assert not Activity.objects.exists()


def test_a_retired_activity_type_is_neither_offered_nor_accepted(deputy_client, shinan_station):
    retired = factories.ActivityTypeFactory(name="已停用的类型", is_active=False)
    page = deputy_client.get(reverse("deputy:activity-new")).content.decode()
    assert "已停用的类型" not in page
    data = post_data(shinan_station, uuid.uuid4())
    data["type"] = retired.pk
    assert deputy_client.post(reverse("deputy:activity-new"), data).status_code == 400
    assert not Activity.objects.exists()


def fellow_names(client) -> list[str]:
    page = client.get(reverse("deputy:activity-new"), {"fellows": "all"}).content.decode()
    return re.findall(r'name="fellow_deputies" value="\d+"[^>]*>\s*([^<]+?)\s*<', page)


def test_the_whole_districts_list_is_kept_and_a_new_deputy_shows_at_once(
    deputy_client, shinan, shinan_deputy, laoshan_deputy, django_assert_max_num_queries
):
    factories.DeputyFactory(district=shinan, name="甲代表")
    first = fellow_names(deputy_client)
    assert "甲代表" in first
    assert shinan_deputy.name not in first and laoshan_deputy.name not in first
    with django_assert_max_num_queries(20) as warm:
        assert fellow_names(deputy_client) == first
    # The list's own query (ids and names only) is not run again.
    fellows_query = '"representatives_deputy"."name" FROM'
    assert not any(fellows_query in q["sql"] for q in warm.captured_queries)
    factories.DeputyFactory(district=shinan, name="乙代表")
    assert "乙代表" in fellow_names(deputy_client)
