"""Photos are streamed only through a check, with headers that stop a browser running them."""

from unittest import mock

import pytest
from django.core import signing
from django.test import RequestFactory

from issues import photos
from issues.models import Issue
from issues.services import issue_submit
from tests import factories
from tests.issues.intake import TEXT, processed_png

pytestmark = pytest.mark.django_db


@pytest.fixture
def issue(shinan_station):
    return issue_submit(
        district=shinan_station.area.district,
        source="station_qr",
        station=shinan_station,
        category=factories.CategoryFactory(),
        text=TEXT,
        photos=[processed_png()],
    )


def test_the_citizen_link_streams_the_stored_photo(client, issue):
    photo = issue.photos.get()
    response = client.get(photos.citizen_photo_url(photo))
    with photo.image.open("rb") as stored:
        assert b"".join(response.streaming_content) == stored.read()


def test_a_photo_is_served_so_that_no_browser_can_run_it(client, issue):
    response = client.get(photos.citizen_photo_url(issue.photos.get()))
    assert response["Content-Type"] == "image/png"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Content-Disposition"] == 'inline; filename="photo.png"'
    assert response["Content-Security-Policy"] == "default-src 'none'; sandbox"
    assert response["Cache-Control"] == "private"


def test_a_forged_photo_link_is_404(client, issue):
    photo = issue.photos.get()
    forged = signing.dumps([issue.pk, photo.pk], salt="another-salt")
    assert client.get(f"/t/photos/{forged}").status_code == 404


def test_a_photo_link_names_its_issue_too(client, issue):
    other = factories.IssueFactory(district=issue.district)
    value = signing.dumps([other.pk, issue.photos.get().pk], salt=photos.PHOTO_SIGNING_SALT)
    assert client.get(f"/t/photos/{value}").status_code == 404


def test_an_old_photo_link_expires(client, issue):
    photo = issue.photos.get()
    two_days_ago = signing.time.time() - 2 * 24 * 3600
    with mock.patch("django.core.signing.time.time", return_value=two_days_ago):
        url = photos.citizen_photo_url(photo)
    assert client.get(url).status_code == 404


def test_photos_are_not_served_from_a_media_url(client, issue):
    assert client.get("/media/" + issue.photos.get().image.name).status_code == 404


def test_serving_for_a_scope_refuses_photos_outside_it(issue):
    request = RequestFactory().get("/")
    outside = Issue.objects.exclude(pk=issue.pk)
    with pytest.raises(photos.Http404):
        photos.serve_issue_photo(request, outside, issue.photos.get().pk)


def test_serving_for_a_scope_streams_photos_inside_it(issue):
    request = RequestFactory().get("/")
    response = photos.serve_issue_photo(request, Issue.objects.all(), issue.photos.get().pk)
    assert response.status_code == 200 and response["Content-Type"] == "image/png"
