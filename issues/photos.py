"""Citizens' photos: checked by content, re-encoded without metadata, and served safely."""

from __future__ import annotations

import io
from typing import IO

from django.conf import settings
from django.core import signing
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db.models import QuerySet
from django.http import FileResponse, Http404, HttpRequest
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from PIL import Image, ImageOps, UnidentifiedImageError

from issues.models import Issue, IssuePhoto
from issues.services import ProcessedImage

# Decoders Pillow may try: the format is decided by the bytes, never by a name or a header.
ACCEPTED_FORMATS = ("JPEG", "PNG", "WEBP")
JPEG_QUALITY = 85


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
        if image.mode in ("RGBA", "LA", "PA", "P"):
            # JPEG has no transparency: lay transparent WebP pixels on white, not black.
            rgba = image.convert("RGBA")
            image = Image.new("RGB", rgba.size, "white")
            image.paste(rgba, mask=rgba.getchannel("A"))
        image = image.convert("RGB")
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
    )


def store_photo(photo, image: ProcessedImage) -> None:
    """Save `image` into `photo` (an IssuePhoto or ActivityPhoto) under a random name."""
    photo.content_type = image.content_type
    photo.width = image.width
    photo.height = image.height
    photo.image.save("upload", ContentFile(image.content), save=False)
    photo.save()


# ----- serving -------------------------------------------------------------------------------


def photo_response(photo: IssuePhoto) -> FileResponse:
    """Stream a stored photo so that no browser can run or sniff it as anything else."""
    response = FileResponse(photo.image.open("rb"), content_type=photo.content_type)
    response["Content-Disposition"] = f'inline; filename="photo.{photo.extension}"'
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    response["Cross-Origin-Resource-Policy"] = "same-origin"
    response["Cache-Control"] = "private"
    return response


def serve_issue_photo(request: HttpRequest, issues: QuerySet[Issue], photo_id: int) -> FileResponse:
    """The photo `photo_id` if it belongs to one of `issues` (the caller's scope), else 404.

    The workbench passes `Issue.objects.for_user(request.user)`.
    """
    photo = get_object_or_404(IssuePhoto.objects.filter(issue__in=issues), pk=photo_id)
    return photo_response(photo)


# The citizen's page links photos through signed ids rather than through the token, so the
# token appears in no URL but the status page's own (and so in no error log).
PHOTO_SIGNING_SALT = "issues.photos.citizen"
PHOTO_LINK_MAX_AGE = 24 * 3600


def citizen_photo_url(photo: IssuePhoto) -> str:
    """A link, valid for a day, to a photo of an issue whose status page the citizen opened."""
    value = signing.dumps([photo.issue_id, photo.pk], salt=PHOTO_SIGNING_SALT, compress=True)
    return reverse("issue-photo", args=[value])


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
