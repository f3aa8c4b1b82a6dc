"""On a phone: a form sent back keeps the photos already chosen, and the receipt survives a
reload."""

import pytest
from playwright.sync_api import expect

from issues.models import Issue, PendingPhoto
from tests.issues.intake import TEXT, camera_jpeg

from .conftest import zh

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def camera_photos(tmp_path):
    paths = []
    for seed in (1, 2):
        path = tmp_path / f"IMG_000{seed}.jpg"
        path.write_bytes(camera_jpeg(seed))
        paths.append(path)
    return paths


def test_a_form_sent_back_keeps_its_photos_and_the_receipt_reloads(
    live_server, phone_page, station, camera_photos, screenshot
):
    page = phone_page
    page.goto(f"{live_server.url}/s/{station.code}/submit/")
    page.get_by_label(zh("Category")).select_option(label="市政设施")
    page.get_by_label(zh("Your suggestion or problem")).fill(TEXT)
    page.get_by_label(zh("Photos (optional)")).set_input_files(camera_photos)
    page.get_by_label(zh("Mobile phone (optional)")).fill("13712345678")
    page.get_by_role("button", name=zh("Send"), exact=True).click()

    # A phone without consent to the notice: the form comes back, both photos kept.
    expect(page.locator("#id_consent")).to_have_attribute("aria-invalid", "true")
    kept = page.get_by_role("group", name=zh("Photos kept"))
    expect(kept.locator("img")).to_have_count(2)
    for image in kept.locator("img").all():
        image.scroll_into_view_if_needed()
        assert image.evaluate("img => img.complete && img.naturalWidth > 0")
    expect(page.get_by_label(zh("Remove photo %(number)s") % {"number": 1})).not_to_be_checked()
    kept.scroll_into_view_if_needed()
    screenshot(page, "photos-kept-on-form-phone")

    page.locator("#id_consent").check()
    page.get_by_role("button", name=zh("Send"), exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(
        zh("Thank you, your issue has been received")
    )
    issue = Issue.objects.get()
    assert issue.photos.count() == 2 and not PendingPhoto.objects.exists()

    # Reloaded (by the citizen, or by the phone reopening the tab): the link is still there.
    page.reload()
    expect(page.locator("#status-link")).to_have_text(f"{live_server.url}/t/{issue.token}")
    screenshot(page, "photos-receipt-reloaded-phone")
