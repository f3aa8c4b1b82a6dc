"""A citizen on a phone opens the home page, picks a district and reaches a station page."""

import pytest
from playwright.sync_api import expect

from tests import factories

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def stations():
    shinan = factories.DistrictFactory(name="市南区", sort_order=1)
    factories.DistrictFactory(name="崂山区", sort_order=4)
    street = factories.SubdistrictFactory(name="八大关街道", parent=shinan)
    return factories.StationFactory(
        name="新就业群体专业化代表联络站", area=street, opening_hours="每周三 9:00-11:30"
    )


def test_citizen_reaches_a_station_from_the_home_page(
    live_server, phone_page, stations, screenshot
):
    phone_page.goto(live_server.url + "/")
    assert phone_page.locator("html").get_attribute("lang") == "zh-hans"
    districts = phone_page.locator(".district-list .card-title")
    assert districts.all_inner_texts() == ["市南区", "崂山区"]
    screenshot(phone_page, "home-phone")

    phone_page.get_by_role("link", name="市南区").click()
    phone_page.get_by_role("link", name="新就业群体专业化代表联络站").click()
    expect(phone_page.get_by_role("heading", level=1)).to_have_text("新就业群体专业化代表联络站")
    expect(phone_page.locator(".facts")).to_contain_text("每周三 9:00-11:30")
    screenshot(phone_page, "station-phone")


def test_language_switch_shows_the_page_in_english(live_server, page, stations):
    page.goto(live_server.url + "/")
    page.get_by_label("语言").select_option("en")
    page.get_by_role("button", name="切换").click()
    assert (
        page.get_by_role("heading", level=1).inner_text() == "Find your deputies' liaison station"
    )
