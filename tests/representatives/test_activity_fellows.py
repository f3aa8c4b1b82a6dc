"""The activity form's fellow deputies: the usual ones listed, anyone else found by name.

A district has up to a thousand deputies; the form lists the deputies one works with (their
groups, their stations, their activities of the past year) and finds others by name, or
lists the whole district when asked (a district training). Any deputy of the district is
accepted; another district's never is, and the search never shows one.
"""

import re
import uuid
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from representatives import deputy_selectors as selectors
from representatives.models import Activity
from tests import factories
from tests.representatives.test_activities import post_data

pytestmark = pytest.mark.django_db


@pytest.fixture
def circle(shinan, shinan_deputy, shinan_station):
    """张市南's district: one deputy from each way of working together, and strangers."""
    make = lambda name, **kw: factories.DeputyFactory(name=name, district=shinan, **kw)  # noqa: E731
    people = {
        name: make(name)
        for name in ["组员", "同站", "我带的", "带我的", "去年的", "陌生人", "离任的"]
    }
    group = factories.DeputyGroupFactory(area=shinan_station.area)
    group.members.set([shinan_deputy, people["组员"]])
    shinan_deputy.assignments.get_or_create(station=shinan_station, role="resident")
    factories.StationAssignmentFactory(deputy=people["同站"], station=shinan_station)
    mine = factories.ActivityFactory(deputy=shinan_deputy)
    mine.fellow_deputies.set([people["我带的"]])
    theirs = factories.ActivityFactory(deputy=people["带我的"])
    theirs.fellow_deputies.set([shinan_deputy])
    old = factories.ActivityFactory(
        deputy=shinan_deputy, date=timezone.localdate() - timedelta(days=400)
    )
    old.fellow_deputies.set([people["去年的"]])
    people["离任的"].is_active = False
    people["离任的"].save()
    group.members.add(people["离任的"])
    return people


def names(fellows: list[tuple[int, str]]) -> list[str]:
    return [name for _pk, name in fellows]


def test_usual_fellows_are_groups_stations_and_the_years_activities(shinan_deputy, circle):
    assert names(selectors.usual_fellows(shinan_deputy)) == sorted(
        ["组员", "同站", "我带的", "带我的"]
    )


def test_usual_fellows_keep_what_is_already_chosen_and_ignore_junk(shinan_deputy, circle):
    chosen = [str(circle["陌生人"].pk), "abc", "", "-1"]
    assert "陌生人" in names(selectors.usual_fellows(shinan_deputy, chosen=chosen))


def test_usual_fellows_never_include_another_districts_deputy(
    shinan_deputy, shinan_station, circle, laoshan_deputy
):
    # A wrong registration (a 崂山 deputy at a 市南 station) and a chosen id from 崂山.
    factories.StationAssignmentFactory(deputy=laoshan_deputy, station=shinan_station)
    found = selectors.usual_fellows(shinan_deputy, chosen=[laoshan_deputy.pk])
    assert "李崂山" not in names(found)
    assert shinan_deputy.pk not in [pk for pk, _name in found]


def test_the_form_lists_the_usual_fellows_only(deputy_client, circle):
    page = deputy_client.get(reverse("deputy:activity-new")).content.decode()
    assert "组员" in page and "带我的" in page
    assert "陌生人" not in page and "去年的" not in page
    assert 'href="?fellows=all"' in page


def test_the_whole_district_is_listed_when_asked(deputy_client, circle, laoshan_deputy):
    page = deputy_client.get(reverse("deputy:activity-new") + "?fellows=all").content.decode()
    assert "陌生人" in page and "去年的" in page and "组员" in page
    assert "李崂山" not in page and "离任的" not in page


def boxes(page: str) -> list[str]:
    """The fellow-deputy boxes' values, in order."""
    return re.findall(r'<input type="checkbox" name="fellow_deputies" value="(\d+)"', page)


def test_the_whole_districts_boxes_are_kept_until_a_deputy_changes(deputy_client, circle):
    url = reverse("deputy:activity-new") + "?fellows=all"
    first = deputy_client.get(url).content.decode()
    assert boxes(deputy_client.get(url).content.decode()) == boxes(first)
    newcomer = factories.DeputyFactory(name="新来的", district=circle["组员"].district)
    page = deputy_client.get(url).content.decode()
    assert sorted(boxes(page)) == sorted([*boxes(first), str(newcomer.pk)])
    circle["陌生人"].is_active = False
    circle["陌生人"].save()
    assert "陌生人" not in deputy_client.get(url).content.decode()


def test_each_deputy_is_left_out_of_their_own_kept_list(client, shinan_deputy_user, circle):
    url = reverse("deputy:activity-new") + "?fellows=all"
    other = circle["组员"]
    other.user = factories.DeputyUserFactory(username="deputy_zuyuan")
    other.save()
    client.force_login(shinan_deputy_user)
    assert "张市南" not in client.get(url).content.decode()
    client.force_login(other.user)
    page = client.get(url).content.decode()
    assert "张市南" in page and str(other.pk) not in boxes(page)


def test_a_form_sent_back_from_the_whole_district_shows_its_ticks(
    deputy_client, shinan_station, circle
):
    url = reverse("deputy:activity-new") + "?fellows=all"
    stranger = circle["陌生人"]
    data = post_data(shinan_station, uuid.uuid4(), fellow_deputies=[stranger.pk], participants="")
    deputy_client.get(url)  # the untouched list is kept (post_data's rows written before)
    response = deputy_client.post(url, data)
    assert response.status_code == 400
    box = re.search(
        rf'<input type="checkbox" name="fellow_deputies" value="{stranger.pk}"[^>]*>',
        response.content.decode(),
    )
    assert box and " checked" in box.group()


def test_a_deputy_found_by_name_is_stored_as_a_fellow(deputy_client, shinan_station, circle):
    stranger = circle["陌生人"]
    data = post_data(shinan_station, uuid.uuid4(), fellow_deputies=[stranger.pk])
    response = deputy_client.post(reverse("deputy:activity-new"), data)
    assert response.status_code == 302
    assert list(Activity.objects.latest("pk").fellow_deputies.all()) == [stranger]


def test_a_chosen_fellow_stays_ticked_when_the_form_comes_back(
    deputy_client, shinan_station, circle
):
    stranger = circle["陌生人"]
    data = post_data(shinan_station, uuid.uuid4(), fellow_deputies=[stranger.pk], participants="")
    response = deputy_client.post(reverse("deputy:activity-new"), data)
    assert response.status_code == 400
    page = response.content.decode()
    box = re.search(
        rf'<input type="checkbox" name="fellow_deputies" value="{stranger.pk}"[^>]*>', page
    )
    assert box and " checked" in box.group()


def test_another_districts_deputy_is_refused(deputy_client, shinan_station, laoshan_deputy):
    data = post_data(shinan_station, uuid.uuid4(), fellow_deputies=[laoshan_deputy.pk])
    response = deputy_client.post(reverse("deputy:activity-new"), data)
    assert response.status_code == 400
    assert not Activity.objects.exists()
    assert "李崂山" not in response.content.decode()


def search(client, text: str):
    return client.get(reverse("deputy:fellow-search"), {"q": text})


def test_search_finds_the_districts_active_deputies_by_name(deputy_client, circle, laoshan_deputy):
    factories.DeputyFactory(name="陌生人乙", district=laoshan_deputy.district)
    response = search(deputy_client, " 陌生 ")
    assert response.status_code == 200
    assert response.json() == {
        "results": [{"id": circle["陌生人"].pk, "name": "陌生人", "station": ""}]
    }


def test_search_names_a_station_to_tell_namesakes_apart(
    deputy_client, shinan, shinan_station, circle
):
    results = search(deputy_client, "同站").json()["results"]
    assert results == [{"id": circle["同站"].pk, "name": "同站", "station": shinan_station.name}]


def test_search_leaves_out_oneself_and_former_deputies(deputy_client, circle):
    assert search(deputy_client, "张市南").json() == {"results": []}
    assert search(deputy_client, "离任").json() == {"results": []}
    assert search(deputy_client, "   ").json() == {"results": []}


def test_search_answers_at_most_twenty(
    deputy_client, shinan, session_reads, django_assert_num_queries
):
    factories.DeputyFactory.create_batch(25, district=shinan)
    # The session (when not read from Redis), the user, the deputy, the search.
    with django_assert_num_queries(session_reads + 3):
        results = search(deputy_client, "代表").json()["results"]
    assert len(results) == selectors.FELLOW_SEARCH_LIMIT
    assert [r["name"] for r in results] == sorted(r["name"] for r in results)


def test_search_asks_a_visitor_to_sign_in(client, circle):
    anonymous = search(client, "陌生")
    assert anonymous.status_code == 302 and "/work/login/" in anonymous["Location"]


def test_search_is_refused_to_staff(staff_client, circle):
    assert search(staff_client, "陌生").status_code == 403


@pytest.mark.parametrize(("listing", "warm"), [("", 2), ("?fellows=all", 1)])
def test_the_form_page_makes_a_fixed_number_of_queries(
    deputy_client, shinan, circle, listing, warm, session_reads, django_assert_num_queries
):
    factories.DeputyFactory.create_batch(30, district=shinan)
    url = reverse("deputy:activity-new") + listing
    # Once warm, the user (and the usual fellows, when those are listed); the first time
    # also the deputy, the inbox badge, the types, the stations and the categories (or the
    # whole district's list), which are then kept; each time the session, when it is not
    # read from Redis.
    with django_assert_num_queries(session_reads + 7):
        assert deputy_client.get(url).status_code == 200
    with django_assert_num_queries(session_reads + warm):
        assert deputy_client.get(url).status_code == 200
