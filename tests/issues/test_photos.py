"""Citizens' photos are checked by their content and stored re-encoded, without metadata."""

import io
import re

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from PIL import ExifTags, Image

from issues.models import IssuePhoto
from issues.photos import process_photo
from tests import factories
from tests.issues.intake import image_bytes, intake_data, upload

pytestmark = pytest.mark.django_db

HTML = b"<html><body><script>alert(document.cookie)</script></body></html>"


def code_of(content: bytes, name: str = "photo.jpg") -> str:
    with pytest.raises(ValidationError) as caught:
        process_photo(upload(content, name, "image/jpeg"))
    return caught.value.code


def jpeg_with_gps() -> bytes:
    exif = Image.Exif()
    exif[ExifTags.Base.Make] = "ShanZhai Phone"
    gps = exif.get_ifd(ExifTags.IFD.GPSInfo)
    gps[ExifTags.GPS.GPSLatitudeRef] = "N"
    gps[ExifTags.GPS.GPSLatitude] = (36.0, 3.0, 59.0)
    gps[ExifTags.GPS.GPSLongitudeRef] = "E"
    gps[ExifTags.GPS.GPSLongitude] = (120.0, 22.0, 58.0)
    return image_bytes("JPEG", exif=exif.tobytes(), comment=b"home of Wang", icc_profile=b"x" * 64)


def submit_photo(client, station, content: bytes, name: str = "photo.png"):
    category = factories.CategoryFactory()
    data = intake_data(category)
    data["photos"] = [upload(content, name)]
    return client.post(reverse("station-intake", args=[station.code]), data)


def stored_bytes() -> bytes:
    photo = IssuePhoto.objects.get()
    with photo.image.open("rb") as stored:
        return stored.read()


def test_png_with_html_appended_is_stored_as_a_clean_png(client, shinan_station):
    submit_photo(client, shinan_station, image_bytes("PNG") + HTML)
    content = stored_bytes()
    assert content.startswith(b"\x89PNG\r\n\x1a\n") and content.endswith(b"IEND\xaeB`\x82")
    assert b"<script" not in content and b"<html" not in content


def test_gps_and_other_metadata_are_stripped_from_a_jpeg(client, shinan_station):
    original = Image.open(io.BytesIO(jpeg_with_gps()))
    assert original.getexif().get_ifd(ExifTags.IFD.GPSInfo)  # the test file does carry GPS
    submit_photo(client, shinan_station, jpeg_with_gps(), "IMG_0001.jpg")
    content = stored_bytes()
    stored = Image.open(io.BytesIO(content))
    assert not stored.getexif()
    assert {"exif", "icc_profile", "comment"}.isdisjoint(stored.info)
    assert b"Exif" not in content and b"ShanZhai" not in content and b"Wang" not in content


def test_text_chunks_of_a_png_are_dropped():
    from PIL.PngImagePlugin import PngInfo

    info = PngInfo()
    info.add_text("Comment", "taken at home, Room 301")
    processed = process_photo(upload(image_bytes("PNG", pnginfo=info)))
    assert b"Room 301" not in processed.content
    assert not Image.open(io.BytesIO(processed.content)).text


def test_exif_orientation_is_applied_to_the_pixels():
    exif = Image.Exif()
    exif[ExifTags.Base.Orientation] = 6  # stored sideways: rotate 90° clockwise to view
    processed = process_photo(upload(image_bytes("JPEG", size=(60, 30), exif=exif.tobytes())))
    assert (processed.width, processed.height) == (30, 60)


def test_a_large_photo_is_scaled_down_to_the_longest_side(settings):
    settings.ISSUE_PHOTO_MAX_SIDE = 100
    processed = process_photo(upload(image_bytes("PNG", size=(400, 200))))
    assert (processed.width, processed.height) == (100, 50)


def test_jpeg_is_stored_as_jpeg():
    processed = process_photo(upload(image_bytes("JPEG")))
    assert processed.content_type == "image/jpeg" and processed.content[:3] == b"\xff\xd8\xff"


def test_webp_is_stored_as_jpeg_on_white():
    content = image_bytes("WEBP", color=(0, 0, 0, 0), alpha=True, lossless=True, size=(8, 8))
    processed = process_photo(upload(content))
    assert processed.content_type == "image/jpeg"
    assert Image.open(io.BytesIO(processed.content)).getpixel((4, 4)) > (240, 240, 240)


def test_png_keeps_its_transparency():
    processed = process_photo(upload(image_bytes("PNG", color=(0, 0, 0, 0), alpha=True)))
    stored = Image.open(io.BytesIO(processed.content))
    assert (processed.content_type, stored.mode) == ("image/png", "RGBA")


def test_a_file_over_the_byte_limit_is_refused(settings):
    settings.ISSUE_PHOTO_MAX_BYTES = 1000
    assert code_of(image_bytes("PNG") + b"\0" * 1000) == "too_large"


@pytest.mark.parametrize("size", [(40, 40), (100, 100)], ids=["just-over", "bomb"])
def test_an_image_over_the_pixel_limit_is_refused(settings, size):
    settings.ISSUE_PHOTO_MAX_PIXELS = 1000
    assert code_of(image_bytes("PNG", size=size)) == "too_many_pixels"


def test_a_web_page_named_like_a_jpeg_is_refused():
    assert code_of(HTML, "photo.jpg") == "not_an_image"


def test_an_image_format_we_do_not_take_is_refused():
    assert code_of(image_bytes("GIF"), "photo.jpg") == "not_an_image"


def test_a_truncated_jpeg_is_refused():
    content = image_bytes("JPEG", size=(200, 200))
    assert code_of(content[: len(content) // 2]) == "damaged"


def test_a_refused_photo_is_named_by_its_position(client, shinan_station):
    response = submit_photo(client, shinan_station, HTML, "evil.jpg")
    [error] = response.context["form"].errors.as_data()["photos"]
    assert (error.code, error.params["number"]) == ("photo", 1)
    assert not IssuePhoto.objects.exists()


def test_the_stored_name_is_random_and_ignores_the_uploaded_name(client, shinan_station):
    submit_photo(client, shinan_station, image_bytes("PNG"), "王家-韶关路3号.png")
    name = IssuePhoto.objects.get().image.name
    assert re.fullmatch(r"issues/\d{4}/\d{2}/[0-9a-f]{32}\.png", name)
