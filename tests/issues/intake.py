"""Helpers for the citizen-side tests: intake POST data, image files, issues with answers."""

from __future__ import annotations

import io
import time
from datetime import timedelta
from unittest import mock

from django.core import signing
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from PIL import Image

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
