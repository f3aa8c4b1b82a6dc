"""A district's public list of stations is kept for every visitor and renewed when a row changes."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests import factories

pytestmark = pytest.mark.django_db


def visit(client, district) -> tuple[str, int]:
    with CaptureQueriesContext(connection) as captured:
        response = client.get(f"/districts/{district.pk}/")
    assert response.status_code == 200
    return response.text, len(captured)


def station_list(html: str) -> str:
    return html[html.index('<p class="lead">') : html.rindex("</details>") + 10]


@pytest.fixture
def stations(shinan):
    street = factories.SubdistrictFactory(parent=shinan, name="八大关街道")
    focus = factories.StationFocusFactory(name="城市管理")
    return [
        factories.StationFactory(area=factories.CommunityFactory(parent=street), focus=focus),
        factories.StationFactory(area=street),
    ]


def test_the_second_visit_reads_the_kept_list(client, shinan, stations):
    first, cold = visit(client, shinan)
    second, warm = visit(client, shinan)

    assert warm == 1  # the district itself; no station is read
    assert cold > warm
    assert station_list(second) == station_list(first)
    assert all(station.name in second for station in stations)


def test_the_list_is_the_same_for_every_visitor(client, shinan, shinan_staff, stations):
    anonymous, _count = visit(client, shinan)
    client.force_login(shinan_staff)
    signed_in, _count = visit(client, shinan)

    assert station_list(signed_in) == station_list(anonymous)
    assert "八大关街道" in station_list(signed_in)


def test_each_district_keeps_its_own_list(client, shinan, laoshan, stations, laoshan_station):
    visit(client, shinan)
    html, _count = visit(client, laoshan)

    assert laoshan_station.name in html
    assert not any(station.name in html for station in stations)


def test_a_new_renamed_or_closed_station_shows_at_once(client, shinan, stations):
    visit(client, shinan)
    added = factories.StationFactory(area=stations[1].area, name="新开的代表联络站")
    stations[0].name = "改名的代表之家"
    stations[0].save()
    stations[1].is_active = False
    stations[1].save()

    html, _count = visit(client, shinan)

    assert added.name in html and "改名的代表之家" in html
    assert stations[1].name not in html


def test_a_renamed_focus_shows_at_once(client, shinan, stations):
    visit(client, shinan)
    focus = stations[0].focus
    focus.name = "特色农业"
    focus.save()

    html, _count = visit(client, shinan)

    assert '<span class="badge badge-focus">特色农业</span>' in html


def test_a_renamed_subdistrict_shows_at_once(client, shinan, stations):
    visit(client, shinan)
    street = stations[1].area
    street.name = "湛山街道"
    street.save()

    html, _count = visit(client, shinan)

    assert "湛山街道" in html and "八大关街道" not in html


def test_the_kept_list_follows_the_language(client, shinan, stations):
    chinese, _count = visit(client, shinan)
    client.cookies["django_language"] = "en"
    english, _count = visit(client, shinan)

    assert "共 2 个家站点" in station_list(chinese)
    assert "2 active stations" in station_list(english)


@pytest.mark.usefixtures("cache_down")
def test_the_page_works_without_the_cache(client, shinan, stations):
    html, _count = visit(client, shinan)

    assert all(station.name in html for station in stations)


def test_stations_closed_in_one_update_leave_at_once(client, shinan, stations):
    from stations.models import Station

    visit(client, shinan)
    Station.objects.filter(pk=stations[0].pk).set_active(False)

    html, _count = visit(client, shinan)

    assert stations[0].name not in html and stations[1].name in html
