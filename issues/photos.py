"""Citizens' photos: checked by content, re-encoded without metadata, and served safely.

Each stored photo has a small rendition beside it (`rendition`), which the pages show; the
full photo opens on a tap. Both go out through the same checking views and headers.
"""

from __future__ import annotations

import io
import logging
from dataclasses import dataclass
from typing import IO

from django.conf import settings
from django.core import signing
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db.models import Model, QuerySet
from django.http import FileResponse, Http404, HttpRequest
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from PIL import Image, ImageOps, UnidentifiedImageError

from issues.models import Issue, IssuePhoto
from issues.services import ProcessedImage

logger = logging.getLogger(__name__)

# Decoders Pillow may try: the format is decided by the bytes, never by a name or a header.
ACCEPTED_FORMATS = ("JPEG", "PNG", "WEBP")
JPEG_QUALITY = 85
# The pages show photos as thumbnails of at most about 240 CSS pixels (a third of a phone's
# width, 7.5rem on the workbench): 480 pixels covers them on a 2x screen. At quality 75 a
# phone photo's rendition weighs 25-40 KB, against 400-900 KB for the 2048-pixel photo.
RENDITION_SIDE = 480
RENDITION_QUALITY = 75
RENDITION_TYPE = "image/jpeg"


def process_photo(upload: IO[bytes], *, size: int | None = None) -> ProcessedImage:
    """Check an uploaded photo and re-encode it: JPEG and WebP become JPEG, PNG stays PNG.

    Only pixels survive: EXIF (with GPS), ICC profiles, comments, text chunks and any bytes
    appended after the image are gone. Raises ValidationError with a message for the citizen.
    """
    size = size if size is not None else getattr(upload, "size", None)
    if size is not None and size > settings.ISSUE_PHOTO_MAX_BYTES:
        raise ValidationError(
            _("The photo is larger than %(mb)d MB. Please choose a smaller one."),
            code="too_large",
            params={"mb": settings.ISSUE_PHOTO_MAX_BYTES // (1024 * 1024)},
        )
    # Pillow refuses anything over twice this outright, before decoding; our own check below
    # refuses what lies between (Pillow only warns there).
    Image.MAX_IMAGE_PIXELS = settings.ISSUE_PHOTO_MAX_PIXELS
    try:
        upload.seek(0)
        with Image.open(upload, formats=ACCEPTED_FORMATS) as probe:
            _check_pixels(probe.size)
            probe.verify()
        # verify() leaves the image unusable: open again to decode.
        upload.seek(0)
        with Image.open(upload, formats=ACCEPTED_FORMATS) as image:
            _check_pixels(image.size)
            source_format = image.format
            image.load()
            return _reencode(image, source_format)
    except (Image.DecompressionBombError, Image.DecompressionBombWarning) as exc:
        raise _too_many_pixels() from exc
    except UnidentifiedImageError as exc:
        raise ValidationError(
            _("This file is not a JPEG, PNG or WebP photo."), code="not_an_image"
        ) from exc
    except (OSError, SyntaxError, ValueError, EOFError) as exc:
        raise ValidationError(
            _("This photo is damaged and cannot be read. Please choose another."),
            code="damaged",
        ) from exc


def _too_many_pixels() -> ValidationError:
    return ValidationError(
        _("The photo has too many pixels. Please send a smaller picture."), code="too_many_pixels"
    )


def _check_pixels(dimensions: tuple[int, int]) -> None:
    width, height = dimensions
    if width * height > settings.ISSUE_PHOTO_MAX_PIXELS:
        raise _too_many_pixels()


def _reencode(image: Image.Image, source_format: str) -> ProcessedImage:
    image = ImageOps.exif_transpose(image)  # phones store portraits sideways plus a tag
    image.thumbnail((settings.ISSUE_PHOTO_MAX_SIDE,) * 2, Image.Resampling.LANCZOS)
    if source_format == "PNG":
        has_alpha = image.mode in ("RGBA", "LA", "PA") or "transparency" in image.info
        image = image.convert("RGBA" if has_alpha else "RGB")
        output_format, content_type, options = "PNG", "image/png", {"optimize": True}
    else:
        image = _on_white(image)  # a transparent WebP's pixels on white, not black
        output_format, content_type = "JPEG", "image/jpeg"
        options = {"quality": JPEG_QUALITY, "optimize": True}
    # A new image from the raw pixels carries no `info`: nothing of the upload's metadata
    # (EXIF, ICC, comments, text chunks) can reach the encoder. Colours lose their ICC
    # profile, which for wide-gamut phone photos is a slight shift we accept.
    clean = Image.frombytes(image.mode, image.size, image.tobytes())
    buffer = io.BytesIO()
    clean.save(buffer, output_format, **options)
    return ProcessedImage(
        content=buffer.getvalue(),
        content_type=content_type,
        width=clean.width,
        height=clean.height,
        rendition=make_rendition(clean),
    )


def _on_white(image: Image.Image) -> Image.Image:
    """RGB pixels of `image`; transparent ones laid on white (JPEG has no transparency)."""
    if image.mode in ("RGBA", "LA", "PA", "P"):
        rgba = image.convert("RGBA")
        image = Image.new("RGB", rgba.size, "white")
        image.paste(rgba, mask=rgba.getchannel("A"))
    return image.convert("RGB")


def make_rendition(image: Image.Image) -> bytes:
    """The small JPEG the pages show of a decoded, upright photo; it carries no metadata."""
    small = image.copy()
    small.thumbnail((RENDITION_SIDE, RENDITION_SIDE), Image.Resampling.LANCZOS)
    small = _on_white(small)
    # As for the full photo: only the pixels reach the encoder.
    clean = Image.frombytes("RGB", small.size, small.tobytes())
    buffer = io.BytesIO()
    clean.save(buffer, "JPEG", quality=RENDITION_QUALITY, optimize=True, progressive=True)
    return buffer.getvalue()


def rendition_of(content: bytes) -> bytes:
    """The rendition of a photo already stored (our own re-encoded JPEG or PNG)."""
    Image.MAX_IMAGE_PIXELS = settings.ISSUE_PHOTO_MAX_PIXELS
    with Image.open(io.BytesIO(content), formats=ACCEPTED_FORMATS) as image:
        # A JPEG decodes straight at 1/2, 1/4 or 1/8 of its size, whichever still covers
        # the rendition: a 2048-pixel photo costs a few milliseconds instead of forty.
        image.draft("RGB", (RENDITION_SIDE, RENDITION_SIDE))
        image.load()
        return make_rendition(image)


def store_photo(photo, image: ProcessedImage) -> None:
    """Save `image` and its rendition into `photo` (an IssuePhoto or ActivityPhoto) under
    random names."""
    photo.content_type = image.content_type
    photo.width = image.width
    photo.height = image.height
    photo.image.save("upload", ContentFile(image.content), save=False)
    rendition = image.rendition or rendition_of(image.content)
    photo.rendition.save("small", ContentFile(rendition), save=False)
    photo.save()


def make_missing_renditions(photo_model: type[Model], *, batch: int = 200) -> tuple[int, int]:
    """Make the rendition of every photo of `photo_model` stored without one.

    Returns (made, failed). The photos' data migrations run it, with the historical model,
    so it uses nothing but the `image` and `rendition` fields. A photo whose file is missing
    or unreadable is logged by id and left as it is: its pages then show the full photo.
    Each photo is written on its own, so an interrupted run resumes where it stopped.
    """
    made = failed = 0
    last_pk = 0
    while True:
        photos = list(
            photo_model.objects.filter(rendition="", pk__gt=last_pk).order_by("pk")[:batch]
        )
        if not photos:
            return made, failed
        for photo in photos:
            last_pk = photo.pk
            try:
                with photo.image.open("rb") as stored:
                    rendition = rendition_of(stored.read())
            except (OSError, SyntaxError, ValueError, EOFError, Image.DecompressionBombError):
                logger.warning("%s %s: unreadable, no rendition", photo_model.__name__, photo.pk)
                failed += 1
                continue
            photo.rendition.save("small", ContentFile(rendition), save=False)
            photo_model.objects.filter(pk=photo.pk, rendition="").update(
                rendition=photo.rendition.name
            )
            made += 1


# ----- serving -------------------------------------------------------------------------------


def photo_response(photo: IssuePhoto, *, small: bool = False) -> FileResponse:
    """Stream a stored photo, or its rendition when `small` (the full photo while it has
    none), so that no browser can run or sniff it as anything else."""
    if small and photo.rendition:
        stored, content_type, name = photo.rendition, RENDITION_TYPE, "photo-small.jpg"
    else:
        stored, content_type, name = photo.image, photo.content_type, f"photo.{photo.extension}"
    response = FileResponse(stored.open("rb"), content_type=content_type)
    response["Content-Disposition"] = f'inline; filename="{name}"'
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    response["Cross-Origin-Resource-Policy"] = "same-origin"
    response["Cache-Control"] = "private"
    return response


def serve_issue_photo(
    request: HttpRequest, issues: QuerySet[Issue], photo_id: int, *, small: bool = False
) -> FileResponse:
    """The photo `photo_id` (its rendition when `small`) if it belongs to one of `issues`
    (the caller's scope), else 404.

    The workbench passes `Issue.objects.for_user(request.user)`.
    """
    photo = get_object_or_404(IssuePhoto.objects.filter(issue__in=issues), pk=photo_id)
    return photo_response(photo, small=small)


# The citizen's page links photos through signed ids rather than through the token, so the
# token appears in no URL but the status page's own (and so in no error log).
PHOTO_SIGNING_SALT = "issues.photos.citizen"
PHOTO_LINK_MAX_AGE = 24 * 3600


@dataclass(frozen=True)
class PhotoLinks:
    """Where a page finds a photo: its rendition to show, the full photo to open."""

    small: str
    full: str


def citizen_photo_links(photo: IssuePhoto) -> PhotoLinks:
    """Links, valid for a day, to a photo of an issue whose status page the citizen opened."""
    value = signing.dumps([photo.issue_id, photo.pk], salt=PHOTO_SIGNING_SALT, compress=True)
    return PhotoLinks(
        small=reverse("issue-photo-small", args=[value]), full=reverse("issue-photo", args=[value])
    )


def citizen_photo_url(photo: IssuePhoto) -> str:
    """The link to the full photo (`citizen_photo_links`)."""
    return citizen_photo_links(photo).full


def citizen_photo(signed: str) -> IssuePhoto:
    """The photo a `citizen_photo_url` link names; 404 if the link is forged or too old."""
    try:
        issue_id, photo_id = signing.loads(
            signed, salt=PHOTO_SIGNING_SALT, max_age=PHOTO_LINK_MAX_AGE
        )
    except (signing.BadSignature, ValueError, TypeError) as exc:
        raise Http404 from exc
    return get_object_or_404(
        IssuePhoto,
        pk=photo_id,
        issue_id=issue_id,
        purpose__in=(IssuePhoto.Purpose.INTAKE, IssuePhoto.Purpose.ANSWER),
    )
