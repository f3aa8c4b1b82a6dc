"""The staff list in a browser: past the count limit it says "more than", pages on, filters.

The limit is lowered to 30 so that a few dozen issues reach it.
"""

import pytest
from playwright.sync_api import expect

from issues import selectors
from tests import factories

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def crowded(monkeypatch):
    monkeypatch.setattr(selectors.BoundedPaginator, "limit", 30)
    shinan = factories.DistrictFactory(name="市南区")
    factories.StaffFactory(username="shinan", district=shinan)
    for number in range(34):
        factories.issue_in_state("registered" if number < 4 else "submitted", district=shinan)


def sign_in(page, live_server) -> None:
    page.goto(f"{live_server.url}/work/login/")
    page.locator("input[name=username]").fill("shinan")
    page.locator("input[name=password]").fill("pass-1234-word")
    page.locator("main form button[type=submit]").click()
    expect(page.locator("input[name=password]")).to_have_count(0)


def test_a_crowded_list_says_more_than_and_pages_on(live_server, page, crowded, screenshot):
    sign_in(page, live_server)
    page.goto(f"{live_server.url}/work/issues/")

    expect(page.locator(".result-count")).to_contain_text("超过 30 件诉求：可翻阅前 30 件")
    expect(page.locator(".pagination")).to_contain_text("第 1 页，共超过 2 页")
    screenshot(page, "issue-list-capped")

    page.get_by_role("link", name="下一页").click()
    expect(page.locator(".pagination")).to_contain_text("第 2 页，共超过 2 页")
    expect(page.locator(".issue-table tbody tr")).to_have_count(5)  # the 26th to the 30th


def test_a_filter_from_the_kept_form_narrows_to_an_exact_count(
    live_server, phone_page, crowded, screenshot
):
    page = phone_page
    sign_in(page, live_server)
    for _ in range(2):  # the second time the filter form is the kept one
        page.goto(f"{live_server.url}/work/issues/")
        page.locator("details.filters summary").click()
        page.get_by_label("已挂号").check()
        page.get_by_role("button", name="筛选", exact=True).click()

        expect(page.locator(".result-count")).to_contain_text("共 4 件诉求")
        expect(page.get_by_label("已挂号")).to_be_checked()
    screenshot(page, "issue-list-filtered-phone")
