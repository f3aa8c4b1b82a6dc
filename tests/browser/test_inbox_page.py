"""The inbox on a phone: reminders from the sweep arrive, and one is marked read."""

from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from reminders import services
from tests import factories

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_staff_see_the_sweeps_reminders_in_their_inbox(live_server, phone_page, screenshot):
    page = phone_page
    shinan = factories.DistrictFactory(name="市南区")
    factories.StaffFactory(username="shinan", district=shinan)
    now = timezone.now()
    factories.IssueFactory(
        district=shinan,
        tracking_number="SN-2026-000004",
        state="registered",
        deadline=now + timedelta(hours=5),
    )
    factories.IssueFactory(
        district=shinan,
        tracking_number="SN-2026-000006",
        state="registered",
        deadline=now - timedelta(days=4),
    )
    services.sweep(now=now)

    page.goto(live_server.url + "/admin/")
    page.get_by_label("用户名").fill("shinan")
    page.get_by_label("密码").fill("pass-1234-word")
    page.get_by_role("button", name="登录").click()
    page.goto(live_server.url + "/work/inbox/")

    items = page.locator(".inbox-item")
    expect(items.first).to_be_visible()
    expect(page.locator(".inbox-list")).to_contain_text("SN-2026-000004")
    expect(page.locator(".inbox-list")).to_contain_text("SN-2026-000006")
    count = items.count()
    screenshot(page, "inbox-phone")

    items.first.locator("form.inbox-actions button:not([name=open])").click()

    expect(items).to_have_count(count - 1)
