"""District staff sign in to the admin in Chinese and see only their own district."""

import pytest
from playwright.sync_api import expect

from tests import factories

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_staff_signs_in_to_the_chinese_admin_and_sees_own_stations(live_server, page, screenshot):
    shinan = factories.DistrictFactory(name="市南区")
    laoshan = factories.DistrictFactory(name="崂山区")
    factories.StaffFactory(username="shinan", district=shinan)
    factories.StationFactory(
        name="新就业群体专业化代表联络站",
        area=factories.SubdistrictFactory(name="八大关街道", parent=shinan),
    )
    factories.StationFactory(
        name="沙子口代表联络站",
        area=factories.SubdistrictFactory(name="沙子口街道", parent=laoshan),
    )

    page.goto(live_server.url + "/admin/")
    page.get_by_label("用户名").fill("shinan")
    page.get_by_label("密码").fill("pass-1234-word")
    page.get_by_role("button", name="登录").click()
    page.get_by_role("link", name="家站点", exact=True).first.click()

    expect(page.get_by_role("link", name="新就业群体专业化代表联络站")).to_be_visible()
    expect(page.locator("#result_list")).not_to_contain_text("沙子口代表联络站")
    screenshot(page, "admin-stations")
