"""Photos of an issue are streamed to users in scope only, and never as anything but an image."""

import pytest
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from issues.models import IssuePhoto
from tests import factories
from tests.issues.intake import image_bytes

pytestmark = pytest.mark.django_db


@pytest.fixture
def photo(shinan_issue, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    photo = IssuePhoto(issue=shinan_issue, content_type="image/png", width=1, height=1)
    photo.image.save("upload", ContentFile(b"\x89PNG fake bytes"), save=False)
    photo.save()
    return photo


def url(photo, issue=None) -> str:
    return reverse("workbench:issue-photo", args=[(issue or photo.issue).pk, photo.pk])


def test_staff_in_scope_get_the_photo(staff_client, photo):
    response = staff_client.get(url(photo))
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == b"\x89PNG fake bytes"


def test_photo_is_served_with_its_stored_type(staff_client, photo):
    assert staff_client.get(url(photo))["Content-Type"] == "image/png"


def test_photo_is_not_sniffed(staff_client, photo):
    assert staff_client.get(url(photo))["X-Content-Type-Options"] == "nosniff"


def test_photo_runs_in_a_sandbox(staff_client, photo):
    assert "sandbox" in staff_client.get(url(photo))["Content-Security-Policy"]


def test_photo_is_shown_inline(staff_client, photo):
    assert staff_client.get(url(photo))["Content-Disposition"].startswith("inline")


def test_staff_of_another_district_get_404(client, laoshan_staff, photo):
    client.force_login(laoshan_staff)
    assert client.get(url(photo)).status_code == 404


def test_photo_under_another_issues_url_is_404(staff_client, shinan, photo):
    other = factories.issue_in_state("submitted", district=shinan)
    assert staff_client.get(url(photo, other)).status_code == 404


def test_an_answer_sent_back_with_photos_says_they_must_be_chosen_again(staff_client, shinan_issue):
    shinan_issue.state = "in_progress"
    shinan_issue.save()
    url = reverse("workbench:issue-action", args=[shinan_issue.pk, "answer"])
    png = SimpleUploadedFile("p.png", image_bytes("PNG"), content_type="image/png")
    response = staff_client.post(url, {"answer-answer": "", "answer-photos": png})
    assert response.status_code == 400
    assert "出于安全考虑，浏览器不会保留已选择的照片，请重新选择。" in response.text


def test_detail_shows_the_photo_through_the_checked_view(staff_client, photo):
    page = staff_client.get(reverse("workbench:issue-detail", args=[photo.issue_id]))
    assert url(photo) in page.content.decode()
