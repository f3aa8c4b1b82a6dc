"""An intake form sent back with an error keeps the photos it accepted, for an hour, under a
signed key: the next try sends them without choosing them again."""

import re
import time
from datetime import timedelta
from unittest import mock

import pytest
from django.core import signing
from django.urls import reverse
from django.utils import timezone, translation

from issues import pending_photos
from issues.models import Issue, IssuePhoto, PendingPhoto
from issues.photos import process_photo
from reminders.services import sweep
from tests import factories
from tests.issues.intake import image_bytes, intake_data, upload

pytestmark = pytest.mark.django_db


@pytest.fixture
def category(db):
    return factories.CategoryFactory(name="市政设施")


def form_url(station) -> str:
    return reverse("station-intake", args=[station.code])


def photo(colour=(200, 30, 30), name="photo.png"):
    return upload(image_bytes("PNG", color=colour), name)


def send_without_category(client, station, category, photos=(), **data):
    """The form sent with its category missing (an error), and `photos` attached."""
    posted = intake_data(category, **data)
    posted["category"] = ""
    if photos:
        posted["photos"] = list(photos)
    return client.post(form_url(station), posted)


def kept_key(response) -> str:
    found = re.search(r'name="kept" value="([^"]*)"', response.text)
    return found[1] if found else ""


def stored(field) -> bool:
    return field.storage.exists(field.name)


@pytest.fixture
def sent_back(client, shinan_station, category):
    """A form sent back for its missing category, with two valid photos attached."""
    return send_without_category(
        client, shinan_station, category, [photo((200, 30, 30)), photo((30, 30, 200))]
    )


# ----- held -------------------------------------------------------------------------------


def test_a_form_sent_back_holds_its_two_photos(sent_back):
    assert sent_back.status_code == 200
    assert len(sent_back.context["kept"].photos) == 2
    assert PendingPhoto.objects.count() == 2


def test_held_photos_belong_to_no_issue_yet(sent_back):
    assert not Issue.objects.exists() and not IssuePhoto.objects.exists()


def test_the_form_carries_the_key_signed(sent_back):
    key = PendingPhoto.objects.values_list("key", flat=True).first()
    assert pending_photos.key_from(kept_key(sent_back)) == key
    assert key not in sent_back.text  # only signed


def test_the_form_shows_the_held_photos_under_their_heading(sent_back):
    with translation.override("zh-hans"):
        heading = translation.gettext("Photos kept")
    assert heading == "已保留的照片"
    assert f"<legend>{heading}</legend>" in sent_back.text
    assert sent_back.text.count('name="drop_kept"') == 2


def test_the_held_photos_thumbnails_are_served_to_the_form(client, sent_back):
    [first, _second] = sent_back.context["kept"].photos
    response = client.get(first.thumbnail_url)
    assert (response.status_code, response["Content-Type"]) == (200, "image/jpeg")
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Cache-Control"] == "no-store"


def test_a_held_photo_is_stored_processed_with_its_rendition(sent_back):
    held = PendingPhoto.objects.first()
    assert held.content_type == "image/png" and stored(held.image) and stored(held.rendition)


def test_a_refused_photo_is_not_held_but_the_valid_one_is(client, shinan_station, category):
    response = send_without_category(
        client, shinan_station, category, [photo(), upload(b"<html></html>", "evil.jpg")]
    )
    assert len(response.context["kept"].photos) == 1
    [error] = response.context["form"].errors.as_data()["photos"]
    assert error.params["number"] == 2


def test_a_form_sent_back_without_photos_holds_nothing(client, shinan_station, category):
    response = send_without_category(client, shinan_station, category)
    assert kept_key(response) == "" and not PendingPhoto.objects.exists()


# ----- sent again -------------------------------------------------------------------------


def test_sending_again_with_the_key_makes_them_the_issues_photos(
    client, shinan_station, category, sent_back
):
    held_files = list(PendingPhoto.objects.values_list("image", flat=True))
    response = client.post(
        form_url(shinan_station), intake_data(category, kept=kept_key(sent_back))
    )
    assert response.status_code == 302
    issue = Issue.objects.get()
    assert list(issue.photos.values_list("image", flat=True)) == held_files
    assert not PendingPhoto.objects.exists()


def test_the_issues_photos_from_the_held_ones_keep_their_renditions(
    client, shinan_station, category, sent_back
):
    client.post(form_url(shinan_station), intake_data(category, kept=kept_key(sent_back)))
    assert all(stored(p.image) and stored(p.rendition) for p in IssuePhoto.objects.all())


def test_a_photo_ticked_remove_is_left_out_and_deleted(
    client, shinan_station, category, sent_back, django_capture_on_commit_callbacks
):
    first, second = PendingPhoto.objects.all()
    data = intake_data(category, kept=kept_key(sent_back), drop_kept=[str(first.pk)])
    with django_capture_on_commit_callbacks(execute=True):
        client.post(form_url(shinan_station), data)
    assert list(Issue.objects.get().photos.values_list("image", flat=True)) == [second.image.name]
    assert not stored(first.image) and not stored(first.rendition)


def test_held_photos_and_new_ones_go_together(client, shinan_station, category, sent_back):
    data = intake_data(category, kept=kept_key(sent_back))
    data["photos"] = [photo((30, 200, 30))]
    client.post(form_url(shinan_station), data)
    assert Issue.objects.get().photos.count() == 3


def test_held_photos_count_towards_the_limit(client, shinan_station, category, sent_back):
    response = send_without_category(
        client, shinan_station, category, [photo(), photo()], kept=kept_key(sent_back)
    )
    assert [e.code for e in response.context["form"].errors.as_data()["photos"]] == [
        "too_many_photos"
    ]
    assert PendingPhoto.objects.count() == 2


def test_a_second_error_keeps_the_held_photos_and_adds_the_new_one(
    client, shinan_station, category, sent_back
):
    response = send_without_category(
        client, shinan_station, category, [photo()], kept=kept_key(sent_back)
    )
    assert len(response.context["kept"].photos) == 3
    assert pending_photos.key_from(kept_key(response)) == pending_photos.key_from(
        kept_key(sent_back)
    )


# ----- guarded ------------------------------------------------------------------------------


def test_a_forged_key_keeps_nothing(client, shinan_station, category, sent_back):
    key = PendingPhoto.objects.values_list("key", flat=True).first()
    forged = signing.dumps(key, salt="another-salt")
    client.post(form_url(shinan_station), intake_data(category, kept=forged))
    assert not Issue.objects.get().photos.exists()
    assert PendingPhoto.objects.count() == 2  # still the rightful key's, until they expire


def test_an_expired_key_keeps_nothing(client, shinan_station, category):
    an_hour_ago = time.time() - pending_photos.PENDING_SECONDS - 5
    with mock.patch("django.core.signing.time.time", return_value=an_hour_ago):
        sent_back = send_without_category(client, shinan_station, category, [photo()])
    client.post(form_url(shinan_station), intake_data(category, kept=kept_key(sent_back)))
    assert not Issue.objects.get().photos.exists()


def test_photos_held_longer_than_an_hour_are_not_sent(client, shinan_station, category, sent_back):
    PendingPhoto.objects.update(created_at=timezone.now() - timedelta(hours=1, seconds=5))
    client.post(form_url(shinan_station), intake_data(category, kept=kept_key(sent_back)))
    assert not Issue.objects.get().photos.exists()


def test_a_form_whose_held_photos_expired_says_so(client, shinan_station, category, sent_back):
    PendingPhoto.objects.update(created_at=timezone.now() - timedelta(hours=2))
    response = send_without_category(client, shinan_station, category, kept=kept_key(sent_back))
    assert response.context["form"].kept_lost and not response.context["kept"].photos


def test_another_keys_photo_cannot_be_removed(client, shinan_station, category, sent_back):
    other = pending_photos.keep(None, add=[process_photo(photo())]).photos[0]
    data = intake_data(category, kept=kept_key(sent_back), drop_kept=[str(other.pk)])
    client.post(form_url(shinan_station), data)
    assert list(PendingPhoto.objects.all()) == [other]


def test_a_key_holds_no_more_photos_than_a_form_may_send(settings):
    images = [process_photo(photo()) for _ in range(settings.ISSUE_PHOTOS_MAX + 1)]
    assert pending_photos.keep(None, add=images).photos == []


def test_a_key_at_its_cap_takes_no_more(settings):
    images = [process_photo(photo()) for _ in range(settings.ISSUE_PHOTOS_MAX)]
    kept = pending_photos.keep(None, add=images)
    again = pending_photos.keep(kept.key, add=[process_photo(photo())])
    assert len(again.photos) == settings.ISSUE_PHOTOS_MAX


def test_a_bots_form_holds_nothing(client, shinan_station, category):
    send_without_category(client, shinan_station, category, [photo()], homepage="http://spam")
    assert not PendingPhoto.objects.exists()


def test_a_rate_limited_post_holds_nothing(client, shinan_station, category, settings):
    settings.RATE_LIMITS = {**settings.RATE_LIMITS, "submit_ip": (1, 3600)}
    send_without_category(client, shinan_station, category, [photo()])
    response = send_without_category(client, shinan_station, category, [photo()])
    assert response.status_code == 429 and PendingPhoto.objects.count() == 1


def test_a_thumbnail_link_signed_for_another_key_is_404(client, sent_back):
    held = PendingPhoto.objects.first()
    forged = signing.dumps(held.pk, salt=f"{pending_photos.THUMBNAIL_SALT}:another-key")
    assert client.get(reverse("issue-kept-photo", args=[held.pk, forged])).status_code == 404


def test_a_thumbnail_link_of_another_photo_is_404(client, sent_back):
    first, second = PendingPhoto.objects.all()
    signed = pending_photos.thumbnail_url(first).rsplit("/", 1)[1]
    assert client.get(reverse("issue-kept-photo", args=[second.pk, signed])).status_code == 404


def test_a_held_photos_thumbnail_is_gone_once_the_issue_has_it(
    client, shinan_station, category, sent_back
):
    url = sent_back.context["kept"].photos[0].thumbnail_url
    client.post(form_url(shinan_station), intake_data(category, kept=kept_key(sent_back)))
    assert client.get(url).status_code == 404


# ----- cleaned ------------------------------------------------------------------------------


def test_the_sweep_deletes_photos_nobody_came_back_for(
    sent_back, django_capture_on_commit_callbacks
):
    held = list(PendingPhoto.objects.all())
    later = timezone.now() + timedelta(seconds=pending_photos.PENDING_SECONDS)
    with django_capture_on_commit_callbacks(execute=True):
        counts = sweep(now=later + pending_photos.SWEEP_GRACE + timedelta(seconds=1))
    assert counts["pending_photos"] == 2 and not PendingPhoto.objects.exists()
    assert not any(stored(p.image) or stored(p.rendition) for p in held)


def test_the_sweep_leaves_photos_a_form_may_still_send(sent_back):
    later = timezone.now() + timedelta(seconds=pending_photos.PENDING_SECONDS)
    assert sweep(now=later)["pending_photos"] == 0
    assert PendingPhoto.objects.count() == 2
