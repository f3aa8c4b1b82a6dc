"""Every photo gets a small rendition at upload; the pages show it and link the full photo."""

import io
import re

import pytest
from django.core.files.base import ContentFile
from django.urls import reverse
from django.utils import translation
from PIL import ExifTags, Image

from issues import photos
from issues.models import IssuePhoto
from issues.photos import process_photo
from issues.services import ProcessedImage, issue_submit
from representatives.models import ActivityPhoto
from tests import factories
from tests.issues.intake import TEXT, camera_jpeg, image_bytes, processed_png, upload

pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module")
def camera_photo() -> ProcessedImage:
    return process_photo(upload(camera_jpeg(), "IMG_0001.jpg", "image/jpeg"))


def opened(content: bytes) -> Image.Image:
    image = Image.open(io.BytesIO(content))
    image.load()
    return image


def served(response) -> bytes:
    return b"".join(response.streaming_content)


@pytest.fixture
def issue(shinan_station, camera_photo):
    return issue_submit(
        district=shinan_station.area.district,
        source="station_qr",
        station=shinan_station,
        category=factories.CategoryFactory(),
        text=TEXT,
        photos=[camera_photo],
    )


# ----- made at upload ----------------------------------------------------------------------


def test_a_camera_photos_rendition_is_480_pixels_wide(camera_photo):
    rendition = opened(camera_photo.rendition)
    assert (rendition.format, rendition.size) == ("JPEG", (480, 360))


def test_a_rendition_carries_no_metadata(camera_photo):
    rendition = opened(camera_photo.rendition)
    assert not rendition.getexif()
    assert {"exif", "icc_profile", "comment"}.isdisjoint(rendition.info)
    assert b"ShanZhai" not in camera_photo.rendition and b"Exif" not in camera_photo.rendition


def test_a_rendition_is_a_fraction_of_the_full_photo(camera_photo):
    assert len(camera_photo.rendition) * 8 < len(camera_photo.content)


def test_a_portrait_taken_sideways_gets_an_upright_rendition():
    exif = Image.Exif()
    exif[ExifTags.Base.Orientation] = 6  # stored sideways: rotate 90° clockwise to view
    content = image_bytes("JPEG", size=(1600, 1200), exif=exif.tobytes())
    processed = process_photo(upload(content, "IMG_0002.jpg", "image/jpeg"))
    assert opened(processed.rendition).size == (360, 480)


def test_a_small_photo_is_not_enlarged():
    processed = process_photo(upload(image_bytes("PNG", size=(64, 48))))
    assert opened(processed.rendition).size == (64, 48)


def test_a_transparent_pngs_rendition_is_a_jpeg_on_white():
    processed = process_photo(upload(image_bytes("PNG", color=(0, 0, 0, 0), alpha=True)))
    rendition = opened(processed.rendition)
    assert rendition.format == "JPEG" and rendition.getpixel((4, 4)) > (240, 240, 240)


def test_the_rendition_is_stored_beside_the_photo_under_a_random_name(issue):
    photo = issue.photos.get()
    assert re.fullmatch(r"issues/\d{4}/\d{2}/[0-9a-f]{32}\.jpg", photo.rendition.name)
    assert photo.rendition.name != photo.image.name
    with photo.rendition.open("rb") as stored:
        assert opened(stored.read()).size == (480, 360)


def test_a_photo_stored_without_a_rendition_gets_one(shinan_issue):
    photos.store_photo(IssuePhoto(issue=shinan_issue), processed_png())
    with IssuePhoto.objects.get().rendition.open("rb") as stored:
        assert opened(stored.read()).size == (64, 48)


# ----- shown on the pages, the full photo a tap away -----------------------------------------


def test_the_status_page_shows_the_rendition_and_links_the_full_photo(client, issue):
    response = client.get(reverse("issue-status", args=[issue.token]))
    [links] = response.context["intake_photos"]
    assert f'<a href="{links.full}" rel="noreferrer"><img src="{links.small}"' in response.text


def test_the_status_pages_photo_link_says_it_opens_the_full_photo(client, issue):
    response = client.get(reverse("issue-status", args=[issue.token]))
    link = re.search(r'<a href="/t/photos/[^"]+" rel="noreferrer">(.*?)</a>', response.text)
    with translation.override("zh-hans"):
        says = translation.gettext("(opens the full photo)")
    assert 'alt="' in link[1] and f'<span class="visually-hidden">{says}</span>' in link[1]


def test_the_citizens_rendition_link_serves_the_small_jpeg(client, issue):
    links = photos.citizen_photo_links(issue.photos.get())
    response = client.get(links.small)
    assert response["Content-Type"] == "image/jpeg"
    assert opened(served(response)).size == (480, 360)


def test_the_citizens_full_link_serves_the_full_photo(client, issue):
    links = photos.citizen_photo_links(issue.photos.get())
    assert opened(served(client.get(links.full))).size == (2048, 1536)


def test_a_rendition_is_served_with_the_photos_headers(client, issue):
    response = client.get(photos.citizen_photo_links(issue.photos.get()).small)
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Content-Security-Policy"] == "default-src 'none'; sandbox"
    assert response["Content-Disposition"] == 'inline; filename="photo-small.jpg"'
    assert response["Cache-Control"] == "private"


def test_a_forged_rendition_link_is_404(client, issue):
    photo = issue.photos.get()
    forged = photos.signing.dumps([issue.pk, photo.pk], salt="another-salt")
    assert client.get(f"/t/photos/{forged}/small").status_code == 404


def test_the_workbench_shows_the_rendition_and_links_the_full_photo(staff_client, issue):
    photo = issue.photos.get()
    page = staff_client.get(reverse("workbench:issue-detail", args=[issue.pk])).text
    full = reverse("workbench:issue-photo", args=[issue.pk, photo.pk])
    small = reverse("workbench:issue-photo-small", args=[issue.pk, photo.pk])
    assert f'<a href="{full}" target="_blank" rel="noopener"><img src="{small}"' in page


def test_the_workbench_rendition_is_served_in_scope(staff_client, issue):
    photo = issue.photos.get()
    response = staff_client.get(reverse("workbench:issue-photo-small", args=[issue.pk, photo.pk]))
    assert opened(served(response)).size == (480, 360)


def test_the_workbench_rendition_is_404_out_of_scope(client, laoshan_staff, issue):
    client.force_login(laoshan_staff)
    photo = issue.photos.get()
    url = reverse("workbench:issue-photo-small", args=[issue.pk, photo.pk])
    assert client.get(url).status_code == 404


@pytest.fixture
def activity_photo(shinan_deputy_user, shinan_deputy, camera_photo):
    activity = factories.ActivityFactory(deputy=shinan_deputy, created_by=shinan_deputy_user)
    photo = ActivityPhoto(activity=activity)
    photos.store_photo(photo, camera_photo)
    return photo


def test_the_activity_page_shows_the_rendition_and_links_the_full_photo(
    deputy_client, activity_photo
):
    activity_id = activity_photo.activity_id
    page = deputy_client.get(reverse("deputy:activity", args=[activity_id])).text
    full = reverse("deputy:photo", args=[activity_id, activity_photo.pk])
    small = reverse("deputy:photo-small", args=[activity_id, activity_photo.pk])
    assert f'<a href="{full}"><img src="{small}"' in page


def test_the_activity_rendition_is_served_small(deputy_client, activity_photo):
    url = reverse("deputy:photo-small", args=[activity_photo.activity_id, activity_photo.pk])
    assert opened(served(deputy_client.get(url))).size == (480, 360)


# ----- photos stored before renditions ----------------------------------------------------


def old_photo(issue, content: bytes) -> IssuePhoto:
    """A photo as stored before renditions existed: the file alone."""
    photo = IssuePhoto(issue=issue, content_type="image/jpeg", width=2048, height=1536)
    photo.image.save("upload", ContentFile(content), save=False)
    photo.save()
    return photo


def test_older_photos_get_their_renditions(shinan_issue, camera_photo):
    photo = old_photo(shinan_issue, camera_photo.content)
    assert photos.make_missing_renditions(IssuePhoto) == (1, 0)
    photo.refresh_from_db()
    with photo.rendition.open("rb") as stored:
        assert opened(stored.read()).size == (480, 360)


def test_making_renditions_again_changes_nothing(shinan_issue, camera_photo):
    old_photo(shinan_issue, camera_photo.content)
    photos.make_missing_renditions(IssuePhoto)
    assert photos.make_missing_renditions(IssuePhoto) == (0, 0)


def test_an_unreadable_older_photo_is_left_without_a_rendition(shinan_issue, camera_photo):
    old_photo(shinan_issue, b"\xff\xd8\xff not a whole jpeg")
    readable = old_photo(shinan_issue, camera_photo.content)
    assert photos.make_missing_renditions(IssuePhoto, batch=1) == (1, 1)
    assert list(IssuePhoto.objects.exclude(rendition="").values_list("pk", flat=True)) == [
        readable.pk
    ]


def test_a_photo_without_a_rendition_is_shown_in_full(staff_client, shinan_issue, camera_photo):
    photo = old_photo(shinan_issue, camera_photo.content)
    url = reverse("workbench:issue-photo-small", args=[shinan_issue.pk, photo.pk])
    assert opened(served(staff_client.get(url))).size == (2048, 1536)
