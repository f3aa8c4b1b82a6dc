"""Real-browser fixtures: Debian's Chromium, driven by Playwright, against the live server."""

import os
from pathlib import Path

import pytest
from django.utils import translation

from tests import factories

# Playwright's sync API runs an event loop in the test thread; Django's ORM calls made
# from that thread (fixtures, assertions) are safe because they don't overlap with it.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM = Path(os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium"))
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
SCREENSHOTS = Path(__file__).resolve().parents[2] / "var" / "screenshots"


@pytest.fixture(scope="session")
def browser():
    if not CHROMIUM.exists():
        message = f"{CHROMIUM} is missing: apt-get install chromium fonts-noto-cjk"
        if os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message)
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def page(browser):
    context = browser.new_context(
        locale="zh-CN", timezone_id="Asia/Shanghai", viewport={"width": 1280, "height": 900}
    )
    page = context.new_page()
    page.set_default_timeout(15_000)
    yield page
    context.close()


@pytest.fixture
def phone_page(browser):
    context = browser.new_context(
        locale="zh-CN",
        timezone_id="Asia/Shanghai",
        viewport={"width": 375, "height": 812},
        device_scale_factor=2,
        is_mobile=True,
        has_touch=True,
    )
    page = context.new_page()
    page.set_default_timeout(15_000)
    yield page
    context.close()


@pytest.fixture
def cached_phone_page(browser):
    """A phone whose browser keeps pages for the back button, as phones do: Playwright's
    launch turns the back/forward cache off unless told not to."""
    keeping = browser.browser_type.launch(
        executable_path=str(CHROMIUM),
        args=CHROMIUM_ARGS,
        ignore_default_args=["--disable-back-forward-cache"],
    )
    context = keeping.new_context(
        locale="zh-CN", viewport={"width": 375, "height": 812}, is_mobile=True, has_touch=True
    )
    page = context.new_page()
    page.set_default_timeout(15_000)
    yield page
    keeping.close()


@pytest.fixture
def screenshot():
    """Save a full-page screenshot under var/screenshots/ for a person to look at."""
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)

    def take(page, name: str) -> Path:
        path = SCREENSHOTS / f"{name}.png"
        page.screenshot(path=str(path), full_page=True)
        return path

    return take


def zh(msgid: str) -> str:
    """What the Chinese page shows for `msgid` (the msgid itself until it is translated)."""
    with translation.override("zh-hans"):
        return translation.gettext(msgid)


@pytest.fixture
def station(settings):
    """A 市南 station whose QR form a citizen fills in at once (no minimum fill time), with two
    categories to choose from."""
    settings.ISSUE_MIN_FILL_SECONDS = 0
    shinan = factories.DistrictFactory(name="市南区", code="SN")
    street = factories.SubdistrictFactory(name="八大关街道", parent=shinan)
    factories.CategoryFactory(name="市政设施", sort_order=1)
    factories.CategoryFactory(name="环境卫生", sort_order=2)
    return factories.StationFactory(name="八大关街道代表之家", area=street)
