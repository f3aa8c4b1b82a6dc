"""A deputy's phone (375 px): sign in by number, check in, log a reception, lose the network.

Also keeps the phone pages light: every page under 300 KB on first load, all from our host.
"""

import re
from urllib.parse import urlparse

import pytest
from django.utils import timezone
from PIL import Image
from playwright.sync_api import expect

from issues.models import Issue
from representatives.models import Activity
from tests import factories

from .conftest import zh

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PASSWORD = "pass-1234-word"
PHONE = "13800001111"
PAGE_BUDGET = 300 * 1024
OFFLINE_MESSAGE = (
    "Not sent: no connection. It will be sent again automatically when the connection returns."
)


@pytest.fixture
def world():
    shinan = factories.DistrictFactory(name="市南区", code="SN")
    street = factories.SubdistrictFactory(name="八大关街道", parent=shinan)
    station = factories.StationFactory(name="八大关街道代表之家", area=street)
    factories.CategoryFactory(name="城市管理", default_days=10)
    # Seeded by a migration, but an earlier transactional test flushes the tables.
    factories.ActivityTypeFactory(name="接待选民", counts_as="reception")
    factories.StaffFactory(username="shinan", district=shinan)
    deputy = factories.DeputyFactory(name="张代表", district=shinan, phone=PHONE)
    deputy.user = factories.DeputyUserFactory(username="zhang")
    deputy.save()
    factories.StationAssignmentFactory(deputy=deputy, station=station)
    # One usual fellow (registered at the same station), one the deputy has to look for.
    colleague = factories.DeputyFactory(name="李同站", district=shinan)
    factories.StationAssignmentFactory(deputy=colleague, station=station)
    factories.DeputyFactory(name="王海燕", district=shinan)
    factories.DutyShiftFactory(deputy=deputy, station=station, date=timezone.localdate())
    return station


def sign_in_by_phone(page, live_server) -> None:
    page.goto(f"{live_server.url}/work/login/")
    page.locator("input[name=username]").fill(PHONE)
    page.locator("input[name=password]").fill(PASSWORD)
    page.locator("main form button[type=submit]").click()
    expect(page.get_by_role("link", name=zh("Log an activity")).first).to_be_visible()


def fill_reception(page, station_name: str) -> None:
    page.locator("select[name=type]").select_option(label="接待选民")
    page.locator("select[name=station]").select_option(label=station_name)
    page.locator("input[name=participants]").fill("12")
    page.locator("textarea[name=summary]").fill("接待选民,听取意见。")
    page.locator("select[name=issue-0-category]").select_option(label="城市管理")
    page.locator("textarea[name=issue-0-text]").fill("八大关路口路灯不亮")


def test_deputy_checks_in_logs_a_reception_and_staff_see_the_issue(
    phone_page, browser, live_server, world, screenshot, tmp_path
):
    page = phone_page
    sign_in_by_phone(page, live_server)
    screenshot(page, "deputy-home")
    page.get_by_role("button", name=zh("Check in here")).click()
    expect(page.locator(".checked-in").first).to_be_visible()

    page.get_by_role("link", name=zh("Log an activity")).first.click()
    photo = tmp_path / "reception.jpg"
    Image.new("RGB", (400, 300), (120, 80, 60)).save(photo)
    fill_reception(page, world.name)
    page.locator("input[name=photos]").set_input_files(photo)
    screenshot(page, "deputy-activity-form")
    page.get_by_role("button", name=zh("Save activity")).click()
    page.wait_for_url(re.compile(r"/work/activities/\d+/$"))
    expect(page.get_by_text(zh("Activity logged."))).to_be_visible()
    screenshot(page, "deputy-activity-detail")
    activity = Activity.objects.get()
    assert activity.photos.count() == 1
    issue = Issue.objects.get()

    page.goto(f"{live_server.url}/work/mine/")
    expect(page.get_by_text(issue.tracking_number)).to_be_visible()

    context = browser.new_context(locale="zh-CN", viewport={"width": 1280, "height": 900})
    staff = context.new_page()
    staff.goto(f"{live_server.url}/work/login/")
    staff.locator("input[name=username]").fill("shinan")
    staff.locator("input[name=password]").fill(PASSWORD)
    staff.locator("main form button[type=submit]").click()
    staff.goto(f"{live_server.url}/work/issues/")
    expect(staff.get_by_text(issue.tracking_number)).to_be_visible()
    context.close()


def test_a_submission_lost_on_the_way_is_sent_again_and_stored_once(phone_page, live_server, world):
    page = phone_page
    sign_in_by_phone(page, live_server)
    page.goto(f"{live_server.url}/work/activities/new/")
    fill_reception(page, world.name)
    attempts = []

    def drop_first_post(route):
        if route.request.method == "POST" and not attempts:
            attempts.append(route.request)
            route.abort("internetdisconnected")
        else:
            route.continue_()

    page.route("**/work/activities/new/", drop_first_post)
    page.get_by_role("button", name=zh("Save activity")).click()
    expect(page.locator("#draft-status")).to_contain_text(zh(OFFLINE_MESSAGE))
    page.wait_for_url(re.compile(r"/work/activities/\d+/$"), timeout=20_000)
    assert (len(attempts), Activity.objects.count(), Issue.objects.count()) == (1, 1, 1)
    assert page.evaluate("localStorage.getItem('activity-draft')") is None


def test_the_draft_survives_a_reload(phone_page, live_server, world):
    page = phone_page
    sign_in_by_phone(page, live_server)
    page.goto(f"{live_server.url}/work/activities/new/")
    page.locator("textarea[name=summary]").fill("走访困难群众")
    page.reload()
    expect(page.locator("textarea[name=summary]")).to_have_value("走访困难群众")


def test_a_fellow_found_by_name_is_kept_in_the_draft_and_stored(
    phone_page, live_server, world, screenshot
):
    page = phone_page
    sign_in_by_phone(page, live_server)
    page.goto(f"{live_server.url}/work/activities/new/")
    fill_reception(page, world.name)
    page.get_by_text(zh("Fellow deputies")).click()
    fellows = page.locator(".fellow-field .checks")
    expect(fellows.get_by_label("李同站")).to_be_visible()
    expect(fellows.get_by_label("王海燕")).to_have_count(0)

    page.get_by_label(zh("Find another deputy by name")).fill("海燕")
    page.get_by_role("button", name=f"{zh('Add')} 王海燕").click()
    expect(fellows.get_by_label("王海燕")).to_be_checked()
    screenshot(page, "deputy-activity-fellow-search")

    page.reload()  # the draft brings the added deputy back, ticked
    page.get_by_text(zh("Fellow deputies")).click()
    expect(fellows.get_by_label("王海燕")).to_be_checked()
    page.get_by_role("button", name=zh("Save activity")).click()
    page.wait_for_url(re.compile(r"/work/activities/\d+/$"))
    assert [d.name for d in Activity.objects.get().fellow_deputies.all()] == ["王海燕"]


@pytest.mark.parametrize("path", ["/work/", "/work/activities/new/", "/work/qr/", "/work/year/"])
def test_phone_pages_are_light_and_local(phone_page, live_server, world, path, screenshot):
    page = phone_page
    sign_in_by_phone(page, live_server)
    # A fresh context's first load: nothing in the cache yet.
    fresh = page.context.browser.new_context(
        locale="zh-CN", viewport={"width": 375, "height": 812}, is_mobile=True
    )
    fresh.add_cookies(page.context.cookies())
    first = fresh.new_page()
    sizes: dict[str, int] = {}
    first.on(
        "requestfinished",
        lambda request: sizes.__setitem__(
            request.url,
            request.sizes()["responseBodySize"] + request.sizes()["responseHeadersSize"],
        ),
    )
    first.goto(f"{live_server.url}{path}")
    first.wait_for_load_state("networkidle")
    screenshot(first, "deputy" + path.strip("/").replace("/", "-").replace("work", "") or "home")
    total = sum(sizes.values())
    hosts = {urlparse(url).netloc for url in sizes if not url.startswith("data:")}
    fresh.close()
    print(f"{path}: {total} bytes in {len(sizes)} requests")
    assert total < PAGE_BUDGET
    assert hosts == {urlparse(live_server.url).netloc}
