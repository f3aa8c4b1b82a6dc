"""Permanent QR codes for stations and deputies: downloads and posters in the scoped admin."""

from unittest import mock

import pytest
from django.test import RequestFactory
from django.urls import reverse

from stations import qr
from tests import factories

pytestmark = pytest.mark.django_db

PNG_MAGIC = b"\x89PNG\r\n\x1a\n"


def admin_url(obj, view: str) -> str:
    prefix = "stations_station" if obj._meta.model_name == "station" else "representatives_deputy"
    return reverse(f"admin:{prefix}_qr_{view}", args=[obj.pk])


def test_station_qr_url_is_the_short_code_url_on_the_request_host(shinan_station, settings):
    settings.ALLOWED_HOSTS = ["rd.qingdao.example"]
    request = RequestFactory().get("/", HTTP_HOST="rd.qingdao.example")
    assert qr.station_url(request, shinan_station) == (
        f"http://rd.qingdao.example/s/{shinan_station.code}"
    )


def test_deputy_qr_url_is_the_short_code_url(shinan_deputy):
    request = RequestFactory().get("/")
    assert qr.deputy_url(request, shinan_deputy) == f"http://testserver/r/{shinan_deputy.code}"


def test_station_qr_url_survives_renaming(shinan_station):
    request = RequestFactory().get("/")
    before = qr.station_url(request, shinan_station)
    shinan_station.name = "八大关新就业群体代表联络站"
    shinan_station.save()
    assert qr.station_url(request, shinan_station) == before


def test_png_download_encodes_the_station_url(staff_client, shinan_station):
    with mock.patch("stations.qr.segno.make", wraps=qr.segno.make) as make:
        response = staff_client.get(admin_url(shinan_station, "png"))
    assert make.call_args.args[0] == f"http://testserver/s/{shinan_station.code}"
    assert response.content.startswith(PNG_MAGIC)
    assert response["Content-Type"] == "image/png"


def test_png_download_is_the_code_of_the_url_and_nothing_else(staff_client, shinan_station):
    response = staff_client.get(admin_url(shinan_station, "png"))
    assert response.content == qr.qr_png(f"http://testserver/s/{shinan_station.code}")


def test_svg_download_is_an_svg_file(staff_client, shinan_station):
    response = staff_client.get(admin_url(shinan_station, "svg"))
    assert response["Content-Type"] == "image/svg+xml"
    assert response["Content-Disposition"] == (
        f'attachment; filename="station-{shinan_station.code}.svg"'
    )
    assert b"<svg" in response.content


def test_deputy_png_download_encodes_the_deputy_url(staff_client, shinan_deputy):
    with mock.patch("stations.qr.segno.make", wraps=qr.segno.make) as make:
        response = staff_client.get(admin_url(shinan_deputy, "png"))
    assert make.call_args.args[0] == f"http://testserver/r/{shinan_deputy.code}"
    assert response.content.startswith(PNG_MAGIC)


@pytest.mark.parametrize("size", ["a4", "a5"])
def test_poster_shows_name_purpose_and_the_url_in_text(staff_client, shinan_station, size):
    response = staff_client.get(admin_url(shinan_station, "poster") + f"?size={size}")
    assert shinan_station.name in response.text
    assert f"http://testserver/s/{shinan_station.code}" in response.text
    assert f"@page {{ size: {size.upper()} portrait" in response.text
    assert "<svg" in response.text


def test_deputy_poster_shows_the_deputy_without_phone(staff_client, shinan_deputy):
    factories.MandateFactory(deputy=shinan_deputy)
    response = staff_client.get(admin_url(shinan_deputy, "poster"))
    assert shinan_deputy.name in response.text and shinan_deputy.phone not in response.text
    assert f"/r/{shinan_deputy.code}" in response.text


@pytest.mark.parametrize("view", ["png", "svg", "poster"])
def test_district_staff_cannot_get_another_districts_station_qr(
    staff_client, laoshan_station, view
):
    assert staff_client.get(admin_url(laoshan_station, view)).status_code == 404


@pytest.mark.parametrize("view", ["png", "svg", "poster"])
def test_district_staff_cannot_get_another_districts_deputy_qr(staff_client, laoshan_deputy, view):
    assert staff_client.get(admin_url(laoshan_deputy, view)).status_code == 404


def test_qr_downloads_need_a_staff_login(client, shinan_station):
    response = client.get(admin_url(shinan_station, "png"))
    assert response.status_code == 302 and "/admin/login/" in response["Location"]


def test_a_deputy_login_cannot_get_qr_codes_of_other_stations(client, shinan_station):
    client.force_login(factories.DeputyUserFactory(is_staff=True))
    assert client.get(admin_url(shinan_station, "png")).status_code == 404


def test_qr_downloads_need_the_view_permission(client, shinan_station, shinan_deputy):
    # A deputy's own station is in their scope, but deputies hold no admin permissions.
    shinan_deputy.user = factories.DeputyUserFactory(is_staff=True)
    shinan_deputy.save()
    factories.StationAssignmentFactory(deputy=shinan_deputy, station=shinan_station)
    client.force_login(shinan_deputy.user)
    assert client.get(admin_url(shinan_station, "png")).status_code == 403


def test_station_change_page_links_to_the_qr_downloads_and_posters(staff_client, shinan_station):
    text = staff_client.get(reverse("admin:stations_station_change", args=[shinan_station.pk])).text
    for view in ("png", "svg", "poster"):
        assert admin_url(shinan_station, view) in text


def test_deputy_change_page_links_to_the_qr_downloads_and_posters(staff_client, shinan_deputy):
    url = reverse("admin:representatives_deputy_change", args=[shinan_deputy.pk])
    text = staff_client.get(url).text
    for view in ("png", "svg", "poster"):
        assert admin_url(shinan_deputy, view) in text
