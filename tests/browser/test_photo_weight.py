"""An issue page with three phone-camera photos stays light on a phone: it shows small
renditions and links each full photo."""

import pytest
from playwright.sync_api import expect

from issues.photos import process_photo
from issues.services import issue_submit
from tests import factories
from tests.issues.intake import TEXT, answered, camera_jpeg, upload

from .conftest import zh

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

BUDGET = 300 * 1024  # bytes: the page, its CSS, JS and icon, and every image it shows
PASSWORD = "pass-1234-word"


@pytest.fixture
def issue_with_camera_photos(db):
    shinan = factories.DistrictFactory(name="市南区", code="SN")
    street = factories.SubdistrictFactory(name="八大关街道", parent=shinan)
    station = factories.StationFactory(name="八大关街道代表之家", area=street)
    photos = [
        process_photo(upload(camera_jpeg(seed), "IMG_0001.jpg", "image/jpeg")) for seed in (1, 2, 3)
    ]
    issue = issue_submit(
        district=shinan,
        source="station_qr",
        station=station,
        category=factories.CategoryFactory(name="市政设施"),
        text=TEXT,
        place="韶关路口",
        photos=photos,
    )
    staff = factories.StaffFactory(username="shinan", district=shinan)
    return answered(issue, staff)


def bytes_loaded(page, url: str) -> tuple[int, list[tuple[str, int]]]:
    """Open `url` and count the bodies of every response it needed, its photos included.

    Photos load lazily: the page is scrolled to its end and each image awaited, so that the
    count holds everything a reader who scrolls down receives.
    """
    responses = []
    page.on("response", lambda response: responses.append(response))
    page.goto(url)
    page.evaluate("window.scrollTo(0, document.body.scrollHeight)")
    for image in page.locator("main img").all():
        image.scroll_into_view_if_needed()
        expect(image).to_have_js_property("complete", True)
        assert image.evaluate("img => img.naturalWidth") > 0
    page.wait_for_load_state("networkidle")
    sizes = [(response.url, len(response.body())) for response in responses]
    return sum(size for _url, size in sizes), sizes


def test_the_citizens_status_page_with_three_camera_photos_fits_the_budget(
    live_server, phone_page, issue_with_camera_photos, screenshot
):
    total, sizes = bytes_loaded(phone_page, f"{live_server.url}/t/{issue_with_camera_photos.token}")
    screenshot(phone_page, "photos-status-phone")
    print(f"\nstatus page: {total} bytes in {len(sizes)} responses")
    assert total < BUDGET, sizes


def test_the_workbench_issue_page_with_three_camera_photos_fits_the_budget(
    live_server, phone_page, issue_with_camera_photos, screenshot
):
    phone_page.goto(f"{live_server.url}/work/login/")
    phone_page.locator("input[name=username]").fill("shinan")
    phone_page.locator("input[name=password]").fill(PASSWORD)
    phone_page.locator("main form button[type=submit]").click()
    # The landing page loaded in full first: none of its responses is counted for the issue
    # page, nor left unread behind the next navigation.
    phone_page.wait_for_url("**/work/issues/")
    phone_page.wait_for_load_state("networkidle")

    url = f"{live_server.url}/work/issues/{issue_with_camera_photos.pk}/"
    total, sizes = bytes_loaded(phone_page, url)
    screenshot(phone_page, "photos-workbench-phone")
    print(f"\nworkbench issue page: {total} bytes in {len(sizes)} responses")
    assert total < BUDGET, sizes


def test_a_photo_opens_in_full_from_the_status_page(
    live_server, phone_page, issue_with_camera_photos
):
    phone_page.goto(f"{live_server.url}/t/{issue_with_camera_photos.token}")
    link = phone_page.get_by_role("link", name=zh("Your photo %(number)s") % {"number": 1})
    expect(link).to_contain_text(zh("(opens the full photo)"))
    link.click()
    assert phone_page.evaluate("document.images[0].naturalWidth") == 2048
