"""Public pages: districts, a district's stations and a station page, without login."""

import pytest
from django.urls import reverse

from stations.models import Station
from tests import factories

pytestmark = pytest.mark.django_db


def test_home_counts_only_active_stations(client, shinan_station):
    factories.StationFactory(area=shinan_station.area, is_active=False)
    response = client.get("/")
    district = next(d for d in response.context["districts"] if d.name == "市南区")
    assert district.station_count == 1


def test_home_page_query_count_does_not_grow_with_districts(client, django_assert_max_num_queries):
    for _ in range(12):
        factories.StationFactory()
    with django_assert_max_num_queries(2):
        client.get("/")


def test_district_page_lists_its_active_stations_only(client, shinan_station, laoshan_station):
    html = client.get(f"/districts/{shinan_station.area.district_id}/").text
    assert shinan_station.name in html and shinan_station.area.name in html
    assert laoshan_station.name not in html
    assert html.count('<li class="card">') == 1


def test_district_page_links_each_station_with_its_kind(client, shinan, shinan_station):
    other = factories.StationFactory(area=shinan_station.area, kind=Station.Kind.HOME)
    html = client.get(f"/districts/{shinan.pk}/").text
    for station in (shinan_station, other):
        assert f'<a href="{reverse("station-public", args=[station.code])}">' in html
        assert f'<span class="badge">{station.get_kind_display()}</span>' in html


@pytest.mark.parametrize("kind", Station.Kind.values)
def test_a_stations_kind_label_is_its_display(kind):
    assert Station(kind=kind).kind_label == Station(kind=kind).get_kind_display()


def test_district_page_hides_inactive_stations(client, shinan_station):
    shinan_station.is_active = False
    shinan_station.save()
    response = client.get(f"/districts/{shinan_station.area.district_id}/")
    assert shinan_station.name not in response.text


def test_district_page_query_count_does_not_grow_with_stations(
    client, shinan, django_assert_max_num_queries
):
    street = factories.SubdistrictFactory(parent=shinan)
    for _ in range(15):
        factories.StationFactory(area=factories.CommunityFactory(parent=street))
    with django_assert_max_num_queries(3):
        client.get(f"/districts/{shinan.pk}/")


def test_district_page_of_a_subdistrict_is_404(client, shinan_station):
    response = client.get(f"/districts/{shinan_station.area_id}/")
    assert response.status_code == 404


def test_station_page_by_public_code(client, shinan_station):
    response = client.get(f"/s/{shinan_station.code}")
    assert response.context["station"] == shinan_station


def test_station_code_is_case_insensitive(client, shinan_station):
    response = client.get(f"/s/{shinan_station.code.lower()}")
    assert response.status_code == 200


def test_station_url_survives_renaming(client, shinan_station):
    url = f"/s/{shinan_station.code}"
    shinan_station.name = "新名称代表联络站"
    shinan_station.save()
    assert "新名称代表联络站" in client.get(url).text


def test_inactive_station_page_is_404(client, shinan_station):
    shinan_station.is_active = False
    shinan_station.save()
    assert client.get(f"/s/{shinan_station.code}").status_code == 404


def test_unknown_station_code_is_404(client, db):
    assert client.get("/s/ZZZZZZ").status_code == 404


def test_station_page_names_resident_deputies_without_their_phone(client, shinan_station):
    deputy = factories.DeputyFactory(
        name="王驻站", district=shinan_station.area.district, phone="13712345678"
    )
    factories.StationAssignmentFactory(deputy=deputy, station=shinan_station)
    response = client.get(f"/s/{shinan_station.code}")
    assert "王驻站" in response.text and "13712345678" not in response.text
