"""Photos accepted with an intake form sent back with an error, held an hour for the next try.

Browsers cannot refill a file input, so a citizen whose form came back (no consent, say)
would have to choose the photos again. Instead the photos that passed the checks are stored
at once, processed as an issue's photos are, as PendingPhoto rows under a random key. The
form carries the key signed in a hidden field and shows them as thumbnails with a "remove"
box; the next valid submission with the key makes them the issue's photos (the same files).

Guards: the key is random and travels signed, so a forged or expired one finds nothing; a
key holds at most ISSUE_PHOTOS_MAX photos, counted with the new ones under a row lock; every
POST that adds some already counts against the per-address rate limit; a thumbnail's link is
signed with the photo's own key (which it does not reveal) and dies with the photo. The
reminder sweep deletes the photos nobody came back for, with their files.
"""

from __future__ import annotations

import secrets
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from django.conf import settings
from django.core import signing
from django.db import transaction
from django.db.models import QuerySet
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils import timezone

from issues.models import Issue, IssuePhoto, PendingPhoto
from issues.services import ProcessedImage

KEY_SALT = "issues.pending-photos.key"
THUMBNAIL_SALT = "issues.pending-photos.thumbnail"
PENDING_SECONDS = 3600
# The sweep waits this much longer than a form may use a photo, so that it never deletes one
# that a submission is turning into an issue's photo at that moment.
SWEEP_GRACE = timedelta(minutes=10)


@dataclass
class Kept:
    """The photos held under one key, for the form: its signed key and each thumbnail."""

    key: str = ""
    photos: list[PendingPhoto] = field(default_factory=list)

    @property
    def signed_key(self) -> str:
        return signing.dumps(self.key, salt=KEY_SALT) if self.photos else ""


def key_from(signed: str) -> str | None:
    """The key a form's hidden field carries; None if forged, expired or empty."""
    if not signed:
        return None
    try:
        key = signing.loads(signed, salt=KEY_SALT, max_age=PENDING_SECONDS)
    except signing.BadSignature:
        return None
    return key if isinstance(key, str) and 0 < len(key) <= 32 else None


def _usable(key: str, now: datetime | None = None) -> QuerySet[PendingPhoto]:
    since = (now or timezone.now()) - timedelta(seconds=PENDING_SECONDS)
    return PendingPhoto.objects.filter(key=key, created_at__gte=since).order_by("pk")


def held(key: str | None) -> Kept:
    """The photos held under `key` and still within their hour, each with its
    `thumbnail_url`."""
    if not key:
        return Kept()
    photos = list(_usable(key))
    for photo in photos:
        photo.thumbnail_url = thumbnail_url(photo)
    return Kept(key=key, photos=photos)


def keep(key: str | None, *, add: Sequence[ProcessedImage] = (), drop: Sequence[int] = ()) -> Kept:
    """Hold `add` under `key` (a new key if there is none) and let go of the photos `drop`
    names; returns what the key then holds.

    Past ISSUE_PHOTOS_MAX photos in all, none of `add` is held: the form refused them.
    """
    if not add and not drop:
        return held(key)
    key = key or secrets.token_urlsafe(16)
    with transaction.atomic():
        # Lock the key's photos: two requests with one key cannot both add up past the cap.
        existing = list(_usable(key).select_for_update())
        dropped = [photo for photo in existing if photo.pk in set(drop)]
        _delete(dropped)
        if len(existing) - len(dropped) + len(add) <= settings.ISSUE_PHOTOS_MAX:
            for image in add:
                _store(key, image)
    return held(key)


def _store(key: str, image: ProcessedImage) -> None:
    from issues.photos import store_photo

    store_photo(PendingPhoto(key=key), image)


def attach(issue: Issue, key: str, keep_ids: Sequence[int]) -> None:
    """Make the photos `keep_ids` held under `key` photos of `issue` (the files stay where
    they are) and let go of the key's others. Inside issue_submit's transaction."""
    pending = list(_usable(key).select_for_update())
    for photo in pending:
        if photo.pk in set(keep_ids):
            IssuePhoto.objects.create(
                issue=issue,
                purpose=IssuePhoto.Purpose.INTAKE,
                image=photo.image.name,
                rendition=photo.rendition.name,
                content_type=photo.content_type,
                width=photo.width,
                height=photo.height,
            )
    PendingPhoto.objects.filter(pk__in=[p.pk for p in pending]).delete()
    _delete_files_after_commit([p for p in pending if p.pk not in set(keep_ids)])


def _delete(photos: Sequence[PendingPhoto]) -> None:
    PendingPhoto.objects.filter(pk__in=[p.pk for p in photos]).delete()
    _delete_files_after_commit(photos)


def _delete_files_after_commit(photos: Sequence[PendingPhoto]) -> None:
    names = [f.name for photo in photos for f in (photo.image, photo.rendition) if f]
    if names:
        storage = PendingPhoto._meta.get_field("image").storage
        transaction.on_commit(lambda: [storage.delete(name) for name in names])


def discard_expired(*, now: datetime | None = None) -> int:
    """Delete the photos held longer than their hour (and the grace), with their files."""
    cutoff = (now or timezone.now()) - timedelta(seconds=PENDING_SECONDS) - SWEEP_GRACE
    discarded = 0
    for photo in PendingPhoto.objects.filter(created_at__lt=cutoff).order_by().iterator():
        # One at a time, by a conditional delete: a sweep running twice deletes each once.
        with transaction.atomic():
            deleted, _ = PendingPhoto.objects.filter(pk=photo.pk).delete()
            if deleted:
                _delete_files_after_commit([photo])
                discarded += 1
    return discarded


# ----- thumbnails on the form ------------------------------------------------------------


def thumbnail_url(photo: PendingPhoto) -> str:
    """A link to the photo's rendition, signed with its key: only the form shows it."""
    value = signing.dumps(photo.pk, salt=f"{THUMBNAIL_SALT}:{photo.key}")
    return reverse("issue-kept-photo", args=[photo.pk, value])


def thumbnail_photo(photo_id: int, signed: str) -> PendingPhoto:
    """The held photo a `thumbnail_url` names; 404 if forged, expired, claimed or let go."""
    since = timezone.now() - timedelta(seconds=PENDING_SECONDS)
    photo = get_object_or_404(PendingPhoto, pk=photo_id, created_at__gte=since)
    try:
        value = signing.loads(signed, salt=f"{THUMBNAIL_SALT}:{photo.key}", max_age=PENDING_SECONDS)
    except signing.BadSignature as exc:
        raise Http404 from exc
    if value != photo.pk:
        raise Http404
    return photo
