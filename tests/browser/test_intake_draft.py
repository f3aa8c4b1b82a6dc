"""What a citizen typed survives a failed send on this phone, and is gone once received.

The send is made to fail with Playwright's `page.route`: an error page in place of the
server's answer, as when the database is down (503) or the answer is lost on the way.
"""

import json
import re

import pytest
from playwright.sync_api import expect

from issues.models import Issue
from tests import factories

from .conftest import zh

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

TEXT = "八大关街道韶关路口的路灯坏了三个月，晚上出行很不安全，希望尽快修好。"
NAME, PHONE = "王小明", "13712345678"
FAILED = "<!doctype html><title>503</title><h1>Not saved. Go back and try again.</h1>"


def form_url(live_server, station) -> str:
    return f"{live_server.url}/s/{station.code}/submit/"


def fill_everything(page) -> None:
    page.get_by_label(zh("Category")).select_option(label="环境卫生")
    page.get_by_label(zh("Your suggestion or problem")).fill(TEXT)
    page.get_by_label(zh("Where (optional)")).fill("韶关路口")
    page.get_by_label(zh("Your name (optional)")).fill(NAME)
    page.get_by_label(zh("Mobile phone (optional)")).fill(PHONE)
    page.locator("#id_consent").check()


def stored(page) -> str:
    """Everything this site keeps in the phone's localStorage, keys and values."""
    return page.evaluate("JSON.stringify(Object.entries(localStorage))")


def send(page) -> None:
    page.get_by_role("button", name=zh("Send"), exact=True).click()


def sent_key(request) -> str:
    return re.search(r'name="submission_key"\r\n\r\n([0-9a-f-]{36})', request.post_data).group(1)


def fail_the_send(page, *, after_the_server: bool = False) -> list:
    """Answer the form's POSTs with an error page; with `after_the_server`, once the server
    has handled them (the answer lost on the way). Returns the POSTs seen."""
    posts = []

    def handle(route) -> None:
        if route.request.method != "POST":
            route.continue_()
            return
        posts.append(route.request)
        if after_the_server:
            route.fetch(max_redirects=0)
        route.fulfill(status=503, content_type="text/html", body=FAILED)

    page.route(re.compile(r".*/submit/$"), handle)
    return posts


def test_the_text_survives_a_failed_send_and_goes_once_received(
    live_server, phone_page, station, screenshot
):
    page = phone_page
    page.goto(form_url(live_server, station))
    fill_everything(page)
    posts = fail_the_send(page)

    send(page)
    expect(page.locator("h1")).to_have_text("Not saved. Go back and try again.")
    page.unroute(re.compile(r".*/submit/$"))
    # Opened anew (the QR code scanned again): the browser's own memory of the form, which
    # the back button may bring, plays no part.
    page.goto(form_url(live_server, station))

    expect(page.get_by_label(zh("Your suggestion or problem"))).to_have_value(TEXT)
    expect(page.get_by_label(zh("Where (optional)"))).to_have_value("韶关路口")
    expect(page.get_by_label(zh("Category"))).to_have_value(
        page.get_by_label(zh("Category"))
        .locator("option", has_text="环境卫生")
        .get_attribute("value")
    )
    # Name and phone were never written to the phone's storage: it may be shared.
    expect(page.get_by_label(zh("Your name (optional)"))).to_have_value("")
    expect(page.get_by_label(zh("Mobile phone (optional)"))).to_have_value("")
    assert NAME not in stored(page) and PHONE not in stored(page)
    expect(page.locator("#draft-status")).to_contain_text(
        zh(
            "Your text was kept on this phone: it may not have been sent. Please send it "
            "again; if it had arrived, you get the same tracking number."
        )
    )
    assert page.locator("input[name=submission_key]").input_value() == sent_key(posts[0])
    screenshot(page, "intake-draft-1-restored-after-503-phone")

    send(page)

    expect(page.get_by_role("heading", level=1)).to_have_text(
        zh("Thank you, your issue has been received")
    )
    page.wait_for_load_state("domcontentloaded")  # after the page's deferred scripts ran
    assert json.loads(stored(page)) == []
    screenshot(page, "intake-draft-2-receipt-phone")
    page.goto(form_url(live_server, station))
    expect(page.get_by_label(zh("Your suggestion or problem"))).to_have_value("")
    expect(page.locator("#draft-status")).to_be_hidden()


def test_a_send_whose_answer_was_lost_gets_the_same_number_again(live_server, phone_page, station):
    page = phone_page
    page.goto(form_url(live_server, station))
    page.get_by_label(zh("Category")).select_option(label="市政设施")
    page.get_by_label(zh("Your suggestion or problem")).fill(TEXT)
    fail_the_send(page, after_the_server=True)

    send(page)
    expect(page.locator("h1")).to_have_text("Not saved. Go back and try again.")
    first = Issue.objects.get()
    page.unroute(re.compile(r".*/submit/$"))
    page.goto(form_url(live_server, station))  # a new page, with a new key, but the draft's
    send(page)

    expect(page.locator(".receipt-number")).to_have_text(first.tracking_number)
    assert Issue.objects.count() == 1


def test_each_station_keeps_its_own_draft(live_server, phone_page, station):
    other = factories.StationFactory(name="湛山街道代表联络站", area=station.area)
    page = phone_page
    page.goto(form_url(live_server, station))
    page.get_by_label(zh("Your suggestion or problem")).fill(TEXT)

    page.goto(form_url(live_server, other))

    expect(page.get_by_label(zh("Your suggestion or problem"))).to_have_value("")
    page.goto(form_url(live_server, station))
    expect(page.get_by_label(zh("Your suggestion or problem"))).to_have_value(TEXT)


def test_clearing_a_found_draft_empties_the_form_and_forgets_it(live_server, phone_page, station):
    page = phone_page
    page.goto(form_url(live_server, station))
    page.get_by_label(zh("Your suggestion or problem")).fill(TEXT)
    page.reload()

    page.get_by_role("button", name=zh("Clear it")).click()

    expect(page.get_by_label(zh("Your suggestion or problem"))).to_have_value("")
    assert json.loads(stored(page)) == []


def test_back_from_the_receipt_shows_an_empty_form_with_a_new_key(
    live_server, cached_phone_page, station
):
    page = cached_phone_page
    page.goto(form_url(live_server, station))
    fill_everything(page)
    key = page.locator("input[name=submission_key]").input_value()
    page.evaluate("window.keptInMemory = true")
    send(page)
    expect(page.get_by_role("heading", level=1)).to_have_text(
        zh("Thank you, your issue has been received")
    )
    page.wait_for_load_state("domcontentloaded")  # the receipt's script removed the draft

    page.go_back(wait_until="commit")  # a page from the cache fires no "load"

    assert page.evaluate("window.keptInMemory") is True  # the very page, from the cache
    for label in ("Your suggestion or problem", "Your name (optional)", "Mobile phone (optional)"):
        expect(page.get_by_label(zh(label))).to_have_value("")
    assert page.locator("input[name=submission_key]").input_value() != key
