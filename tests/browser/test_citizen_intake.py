"""A citizen on a phone scans a station's QR code, sends an issue with a photo, and tracks it."""

import pytest
from PIL import Image
from playwright.sync_api import expect

from issues.models import Issue
from tests import factories
from tests.issues.intake import answered

from .conftest import zh

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

TEXT = "八大关街道韶关路口的路灯坏了三个月，晚上出行很不安全，希望尽快修好。"
MIN_TAP = 44  # px: the smallest comfortable touch target


@pytest.fixture
def photo(tmp_path):
    path = tmp_path / "streetlight.png"
    Image.new("RGB", (320, 240), (40, 40, 90)).save(path)
    return path


def assert_tap_target(locator) -> None:
    box = locator.bounding_box()
    assert box is not None and box["height"] >= MIN_TAP, f"{locator} is {box}"


def test_citizen_sends_an_issue_with_a_photo_and_finds_it_again(
    live_server, phone_page, station, photo, screenshot
):
    page = phone_page
    page.goto(f"{live_server.url}/s/{station.code}")
    cta = page.get_by_role("link", name=zh("Send a suggestion / report a problem"))
    assert_tap_target(cta)
    screenshot(page, "intake-1-station-phone")
    cta.click()

    expect(page.get_by_role("heading", level=1)).to_have_text(
        zh("Send a suggestion or report a problem")
    )
    page.get_by_label(zh("Category")).select_option(label="市政设施")
    page.get_by_label(zh("Your suggestion or problem")).fill(TEXT)
    page.get_by_label(zh("Where (optional)")).fill("韶关路口")
    page.get_by_label(zh("Photos (optional)")).set_input_files(photo)
    page.get_by_label(zh("Your name (optional)")).fill("王小明")
    page.get_by_label(zh("Mobile phone (optional)")).fill("13712345678")
    screenshot(page, "intake-2-form-filled-phone")

    # Without consent to the notice the form comes back, with the error next to the box.
    page.get_by_role("button", name=zh("Send"), exact=True).click()
    consent = page.locator("#id_consent")
    expect(consent).to_have_attribute("aria-invalid", "true")
    expect(page.locator("#id_consent_error")).to_be_visible()
    expect(page.get_by_label(zh("Your suggestion or problem"))).to_have_value(TEXT)
    screenshot(page, "intake-3-consent-error-phone")

    # Browsers never refill a file input: the photo is kept on the server instead.
    expect(page.locator(".kept-grid img")).to_have_count(1)
    consent.check()
    page.get_by_role("button", name=zh("Send"), exact=True).click()

    expect(page.get_by_role("heading", level=1)).to_have_text(
        zh("Thank you, your issue has been received")
    )
    issue = Issue.objects.get()
    expect(page.locator(".receipt-number")).to_have_text(issue.tracking_number)
    expect(page.locator("#status-link")).to_have_text(f"{live_server.url}/t/{issue.token}")
    assert_tap_target(page.get_by_role("button", name=zh("Copy link")))
    assert issue.photos.count() == 1
    screenshot(page, "intake-4-receipt-phone")

    page.goto(f"{live_server.url}/t/")
    page.get_by_label(zh("Tracking number")).fill(issue.tracking_number.lower())
    page.get_by_label(zh("Last 4 digits of your mobile phone")).fill("5678")
    screenshot(page, "intake-5-lookup-phone")
    page.get_by_role("button", name=zh("Find my issue")).click()

    expect(page.get_by_role("heading", level=1)).to_contain_text(issue.tracking_number)
    expect(page.locator(".issue-text")).to_have_text(TEXT)
    expect(page.locator(".photo-grid img")).to_have_count(1)
    page.wait_for_function("document.querySelector('.photo-grid img').naturalWidth > 0")
    assert "13712345678" not in page.content() and "王小明" not in page.content()
    screenshot(page, "intake-6-status-phone")

    # Staff answer; the citizen is not satisfied, which reopens the issue.
    answered(issue, factories.StaffFactory(district=station.area.district))
    page.reload()
    expect(page.get_by_role("heading", name=zh("Rate the answer"))).to_be_visible()
    not_satisfied = page.get_by_label(zh("Not satisfied"), exact=True)
    assert_tap_target(page.locator("label.choice", has=not_satisfied))
    not_satisfied.check()
    page.get_by_label(zh("Comment (optional)")).fill("路灯修好两天又坏了")
    screenshot(page, "intake-7-rating-phone")
    page.get_by_role("button", name=zh("Send my rating")).click()

    expect(page.locator(".state-badge")).to_have_text(zh("Reopened, being handled again"))
    expect(page.locator(".timeline li").last).to_contain_text(
        zh("You were not satisfied: the issue is reopened")
    )
    screenshot(page, "intake-8-reopened-phone")


def test_a_deputys_qr_page_leads_to_the_form(live_server, phone_page, screenshot):
    shinan = factories.DistrictFactory(name="市南区")
    deputy = factories.DeputyFactory(name="张市南", district=shinan, phone="13800001111")
    factories.MandateFactory(deputy=deputy)
    station = factories.StationFactory(
        name="八大关街道代表之家", area=factories.SubdistrictFactory(parent=shinan)
    )
    factories.StationAssignmentFactory(deputy=deputy, station=station)
    phone_page.goto(f"{live_server.url}/r/{deputy.code}")
    expect(phone_page.get_by_role("heading", level=1)).to_have_text(
        zh("People's deputy %(name)s") % {"name": "张市南"}
    )
    assert "13800001111" not in phone_page.content()
    screenshot(phone_page, "intake-deputy-phone")
    cta = phone_page.get_by_role("link", name=zh("Send a suggestion / report a problem"))
    assert_tap_target(cta)
    cta.click()
    expect(phone_page.get_by_role("heading", level=1)).to_have_text(
        zh("Send a suggestion or report a problem")
    )
