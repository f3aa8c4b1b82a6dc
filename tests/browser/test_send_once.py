"""A double tap sends a form once: the button waits while sending, and the server's key holds.

The POST is held back with Playwright's `page.route` so that "while sending" lasts as long as
the test needs; then it is let through.
"""

import base64
import threading
import time

import pytest
from playwright.sync_api import expect

from issues import public_views, workbench_views
from issues.models import Issue, IssueEvent, State
from tests import factories

from .conftest import SCREENSHOTS, zh

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

TEXT = "八大关街道韶关路口的路灯坏了三个月，晚上出行很不安全，希望尽快修好。"
PASSWORD = "pass-1234-word"


class HeldPosts:
    """Holds back every POST to `url_glob` until `release()`; counts them."""

    def __init__(self, page, url_glob: str) -> None:
        self.page = page
        self.held = []
        self.count = 0
        page.route(url_glob, self._handle)

    def _handle(self, route) -> None:
        if route.request.method != "POST":
            route.continue_()
            return
        self.count += 1
        self.held.append(route)

    def release(self) -> None:
        for route in self.held:
            route.continue_()
        self.held = []


def picture(cdp, name: str) -> None:
    """A screenshot of what the phone shows now, even while a navigation is pending (when
    Playwright's own screenshot waits for it), under var/screenshots/."""
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    data = cdp.send("Page.captureScreenshot", {"format": "png"})["data"]
    (SCREENSHOTS / f"{name}.png").write_bytes(base64.b64decode(data))


# Playwright waits for a pending navigation before it evaluates anything or acts on an element,
# so the taps go to the screen's coordinates and the page takes its own notes while its send is
# under way: each submit event, sent or stopped, and how the button looks just after the first.
# sessionStorage carries the notes to the next page of the tab.
WATCH_THE_SEND = """
window.addEventListener("submit", function (event) {
  var form = event.target;
  var notes = JSON.parse(sessionStorage.getItem("notes") || "[]");
  notes.push(event.defaultPrevented ? "stopped" : "sent");
  sessionStorage.setItem("notes", JSON.stringify(notes));
  if (notes.length > 1) return;
  setTimeout(function () {
    var button = form.querySelector("button[type=submit]");
    var seen = JSON.parse(sessionStorage.getItem("notes"));
    seen.push(button.disabled ? "disabled" : "enabled", button.textContent.trim());
    sessionStorage.setItem("notes", JSON.stringify(seen));
  }, 20);
});
"""


def notes(page) -> list[str]:
    return page.evaluate("JSON.parse(sessionStorage.getItem('notes'))")


def centre(locator) -> tuple[float, float]:
    locator.scroll_into_view_if_needed()
    box = locator.bounding_box()
    return box["x"] + box["width"] / 2, box["y"] + box["height"] / 2


def hold(monkeypatch, owner, name: str) -> tuple[threading.Event, threading.Event]:
    """Make the live server wait in `owner.name` until the test sets the second event."""
    arrived, go_on = threading.Event(), threading.Event()
    call = getattr(owner, name) if not isinstance(owner, dict) else owner[name]

    def held(*args, **kwargs):
        arrived.set()
        go_on.wait(20)
        return call(*args, **kwargs)

    if isinstance(owner, dict):
        monkeypatch.setitem(owner, name, held)
    else:
        monkeypatch.setattr(owner, name, held)
    return arrived, go_on


def post_counter(page) -> list:
    posts = []
    page.on("request", lambda request: posts.append(request) if request.method == "POST" else 0)
    return posts


def fill_intake(page, live_server, station) -> None:
    page.goto(f"{live_server.url}/s/{station.code}/submit/")
    page.get_by_label(zh("Category")).select_option(label="市政设施")
    page.get_by_label(zh("Your suggestion or problem")).fill(TEXT)


def test_a_double_tap_on_send_makes_one_issue(live_server, phone_page, station, monkeypatch):
    page = phone_page
    page.add_init_script(WATCH_THE_SEND)
    fill_intake(page, live_server, station)
    posts = post_counter(page)
    arrived, go_on = hold(monkeypatch, public_views, "issue_submit")
    x, y = centre(page.locator("#intake-form button[type=submit]"))

    page.touchscreen.tap(x, y)
    page.touchscreen.tap(x, y)
    assert arrived.wait(10)
    time.sleep(0.3)
    picture(page.context.new_cdp_session(page), "send-once-1-citizen-sending-phone")
    go_on.set()

    expect(page.get_by_role("heading", level=1)).to_have_text(
        zh("Thank you, your issue has been received")
    )
    assert notes(page) == ["sent", "disabled", zh("Sending…")]
    assert (len(posts), Issue.objects.count()) == (1, 1)
    assert Issue.objects.get().tracking_number in page.locator(".receipt-number").inner_text()


def test_the_button_comes_back_when_the_page_is_shown_again(
    live_server, cached_phone_page, station
):
    page = cached_phone_page
    fill_intake(page, live_server, station)
    page.evaluate("window.keptInMemory = true")
    page.locator("#intake-form button[type=submit]").tap()
    expect(page.get_by_role("heading", level=1)).to_have_text(
        zh("Thank you, your issue has been received")
    )

    page.go_back(wait_until="commit")  # a page from the cache fires no "load"

    # The very page, from the back/forward cache, where its button was left disabled.
    assert page.evaluate("window.keptInMemory") is True
    expect(page.locator("#intake-form button[type=submit]")).to_be_enabled()
    expect(page.locator("#intake-form button[type=submit]")).to_have_text(zh("Send"))


def test_without_javascript_a_double_click_still_makes_one_issue(
    live_server, browser, station, monkeypatch
):
    # No script disables the button: both clicks POST, and the page's key keeps it to one.
    context = browser.new_context(locale="zh-CN", java_script_enabled=False)
    page = context.new_page()
    page.set_default_timeout(15_000)
    fill_intake(page, live_server, station)
    posts = post_counter(page)
    arrived, go_on = hold(monkeypatch, public_views, "issue_submit")
    x, y = centre(page.locator("#intake-form button[type=submit]"))

    page.mouse.click(x, y)
    assert arrived.wait(10)
    page.mouse.click(x, y)
    time.sleep(0.5)
    go_on.set()

    expect(page.get_by_role("heading", level=1)).to_have_text(
        zh("Thank you, your issue has been received")
    )
    sent = len(posts)
    context.close()
    assert (sent, Issue.objects.count()) == (2, 1)


def signed_in(browser, live_server, username):
    context = browser.new_context(
        locale="zh-CN", timezone_id="Asia/Shanghai", viewport={"width": 1280, "height": 900}
    )
    page = context.new_page()
    page.set_default_timeout(15_000)
    page.goto(f"{live_server.url}/work/login/")
    page.locator("input[name=username]").fill(username)
    page.locator("input[name=password]").fill(PASSWORD)
    page.locator("main form button[type=submit]").click()
    expect(page.locator("input[name=password]")).to_have_count(0)
    return page


def test_a_double_click_on_an_action_registers_once(live_server, browser, station, monkeypatch):
    factories.StaffFactory(username="shinan", district=station.area.parent)
    issue = factories.IssueFactory(district=station.area.parent, station=station)
    page = signed_in(browser, live_server, "shinan")
    page.add_init_script(WATCH_THE_SEND)
    page.goto(f"{live_server.url}/work/issues/{issue.pk}/")
    posts = post_counter(page)
    arrived, go_on = hold(monkeypatch, workbench_views.ACTION_SERVICES, "register")
    label = zh("register")
    panel = page.locator("details.action", has=page.locator("summary", has_text=label))
    panel.locator("summary").click()
    x, y = centre(panel.get_by_role("button", name=label))

    page.mouse.dblclick(x, y)
    assert arrived.wait(10)
    time.sleep(0.3)
    picture(page.context.new_cdp_session(page), "send-once-2-staff-sending")
    go_on.set()

    expect(page.locator(".message-success")).to_be_visible()
    assert notes(page) == ["sent", "disabled", zh("Sending…")]
    assert len(posts) == 1
    assert IssueEvent.objects.filter(issue=issue, action="register").count() == 1
    assert Issue.objects.get(pk=issue.pk).state == State.REGISTERED
    page.context.close()
