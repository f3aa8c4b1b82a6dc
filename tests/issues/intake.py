"""Helpers for the citizen-side tests: intake POST data, image files, issues with answers."""

from __future__ import annotations

import io
import time
from datetime import timedelta
from unittest import mock

from django.core import signing
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from PIL import ExifTags, Image, ImageDraw

from issues import services
from issues.public_forms import STARTED_SALT
from issues.services import ProcessedImage

TEXT = "小区门口的路灯坏了三个月，晚上出行很不安全，希望尽快修好。"


def started(seconds_ago: float = 60) -> str:
    """A minimum-fill-time token as if the form had been opened `seconds_ago`."""
    then = time.time() - seconds_ago
    with mock.patch("django.core.signing.time.time", return_value=then):
        return signing.dumps(then, salt=STARTED_SALT)


def intake_data(category, **overrides) -> dict:
    """POST data of a valid anonymous intake form."""
    data = {
        "category": category.pk,
        "text": TEXT,
        "place": "",
        "citizen_name": "",
        "citizen_phone": "",
        "homepage": "",
        "started": started(),
    }
    data.update(overrides)
    return {key: value for key, value in data.items() if value is not None}


def image_bytes(
    fmt: str = "PNG", size=(64, 48), color=(200, 30, 30), *, alpha: bool = False, **save
) -> bytes:
    mode = "RGBA" if alpha else "RGB"
    buffer = io.BytesIO()
    Image.new(mode, size, color).save(buffer, fmt, **save)
    return buffer.getvalue()


def camera_jpeg(seed: int = 0, size=(4032, 3024)) -> bytes:
    """A phone camera's JPEG: 12 MP at quality 90 with the make, model and GPS in its EXIF.

    Its pictures carry detail at every scale (shapes, texture, sensor grain), as photos do: a
    flat colour would shrink to almost nothing and make any size budget meaningless.
    """
    width, height = size
    small = (width // 8, height // 8)
    red = Image.linear_gradient("L").resize(small).rotate(seed * 40 + 10)
    green = Image.radial_gradient("L").resize(small)
    blue = Image.effect_mandelbrot(small, (-2.0 + seed * 0.1, -1.2, 0.8, 1.2), 64)
    image = Image.merge("RGB", (red, green, blue))
    draw = ImageDraw.Draw(image)
    for i in range(60):
        x, y = (i * 97 + seed * 31) % small[0], (i * 57 + seed * 13) % small[1]
        colour = ((i * 37) % 255, (i * 91) % 255, (i * 53) % 255)
        draw.rectangle((x, y, x + 30 + i, y + 20 + i // 2), fill=colour)
    image = Image.blend(image, Image.effect_noise(small, 40).convert("RGB"), 0.3)
    image = image.resize(size, Image.Resampling.BICUBIC)
    image = Image.blend(image, Image.effect_noise(size, 10).convert("RGB"), 0.2)
    exif = Image.Exif()
    exif[ExifTags.Base.Make] = "ShanZhai Phone"
    exif[ExifTags.Base.Model] = "Camera 12"
    exif[ExifTags.Base.Orientation] = 1
    gps = exif.get_ifd(ExifTags.IFD.GPSInfo)
    gps[ExifTags.GPS.GPSLatitudeRef] = "N"
    gps[ExifTags.GPS.GPSLatitude] = (36.0, 3.0, 59.0)
    buffer = io.BytesIO()
    image.save(buffer, "JPEG", quality=90, exif=exif.tobytes())
    return buffer.getvalue()


def upload(content: bytes, name: str = "photo.png", content_type: str = "image/png"):
    return SimpleUploadedFile(name, content, content_type=content_type)


def processed_png() -> ProcessedImage:
    return ProcessedImage(content=image_bytes("PNG"), content_type="image/png", width=64, height=48)


def answered(issue, staff, answer: str = "路灯已于本周修复。", photos=()):
    """Take a submitted issue through registration to an answer, as staff would."""
    services.issue_register(
        issue.pk, actor=staff, deadline=timezone.now() + timedelta(days=5), note="内部：交给李工"
    )
    return services.issue_answer(issue.pk, actor=staff, answer=answer, photos=photos)
