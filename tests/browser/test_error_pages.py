"""The error pages on a phone, as a citizen meets them: screenshots under var/screenshots/."""

import pytest
from PIL import Image
from playwright.sync_api import expect

from issues.models import Issue

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),
    pytest.mark.urls("tests.portal.urls_errors"),
]

TEXT = "八大关街道韶关路口的路灯坏了三个月，晚上出行很不安全，希望尽快修好。"
NOT_SAVED = "您刚才提交的内容没有保存成功。"


@pytest.fixture
def filled_form(live_server, phone_page, station):
    """The citizen's intake form, filled in and ready to send."""

    def fill(photo=None):
        phone_page.goto(f"{live_server.url}/s/{station.code}/submit/")
        phone_page.get_by_label("类别", exact=True).select_option(label="市政设施")
        phone_page.get_by_label("意见建议或反映的问题").fill(TEXT)
        if photo is not None:
            phone_page.get_by_label("照片（选填）").set_input_files(photo)
        return phone_page

    return fill


def send(page) -> None:
    page.get_by_role("button", name="提交", exact=True).click()


def test_a_missing_page(live_server, phone_page, screenshot):
    phone_page.goto(f"{live_server.url}/s/NO-SUCH-CODE")
    expect(phone_page.get_by_role("heading", level=1)).to_have_text("页面不存在")
    screenshot(phone_page, "error-404-phone")


def test_a_page_for_signed_in_users_only(live_server, phone_page, screenshot):
    phone_page.goto(f"{live_server.url}/test/forbidden/")
    expect(phone_page.get_by_role("heading", level=1)).to_have_text("无权访问此页面")
    main = phone_page.locator("#main")
    expect(main.get_by_role("link", name="登录", exact=True)).to_be_visible()
    screenshot(phone_page, "error-403-phone")


def test_a_photo_too_large_to_send(filled_form, settings, tmp_path, screenshot):
    settings.REQUEST_MAX_BYTES = 50_000
    photo = tmp_path / "large.png"
    Image.effect_noise((400, 400), 64).convert("RGB").save(photo)  # noise: about 480 kB
    page = filled_form(photo)
    send(page)
    expect(page.get_by_role("heading", level=1)).to_have_text("内容太大，无法提交")
    expect(page.get_by_text(NOT_SAVED)).to_be_visible()
    screenshot(page, "error-413-phone")
    assert not Issue.objects.exists()


def test_too_many_submissions(filled_form, settings, screenshot):
    settings.RATE_LIMITS = {**settings.RATE_LIMITS, "submit_ip": (0, 3600)}
    page = filled_form()
    send(page)
    expect(page.get_by_role("heading", level=1)).to_have_text("操作过于频繁")
    expect(page.get_by_text(NOT_SAVED)).to_be_visible()
    screenshot(page, "error-429-phone")


def test_a_fault_while_sending_leads_back_to_the_form(filled_form, monkeypatch, screenshot):
    def fault(**submission):
        raise RuntimeError("a bug while storing the issue")

    monkeypatch.setattr("issues.public_views.issue_submit", fault)
    page = filled_form()
    send(page)
    expect(page.get_by_role("heading", level=1)).to_have_text("出错了")
    expect(page.get_by_text(NOT_SAVED)).to_be_visible()
    screenshot(page, "error-500-phone")
    # Back in the browser's history: the form as it was left, with the text typed.
    page.get_by_role("link", name="返回表单").click()
    expect(page.get_by_label("意见建议或反映的问题")).to_have_value(TEXT)


def test_an_outage_while_sending(filled_form, database_outage, screenshot):
    page = filled_form()
    with database_outage():
        send(page)
        expect(page.get_by_role("heading", level=1)).to_have_text("服务暂时不可用")
        expect(page.get_by_text(NOT_SAVED)).to_be_visible()
    screenshot(page, "error-503-phone")


def test_an_outage_on_the_home_page(live_server, phone_page, database_outage, screenshot):
    with database_outage():
        phone_page.goto(live_server.url)
        expect(phone_page.get_by_role("heading", level=1)).to_have_text("服务暂时不可用")
    screenshot(phone_page, "error-503-home-phone")


def test_an_expired_form(filled_form, screenshot):
    page = filled_form()
    page.context.clear_cookies()
    send(page)
    expect(page.get_by_role("heading", level=1)).to_have_text("页面已过期")
    screenshot(page, "error-403-csrf-phone")


def test_an_outage_in_english(live_server, phone_page, database_outage, screenshot):
    phone_page.context.add_cookies(
        [{"name": "django_language", "value": "en", "url": live_server.url}]
    )
    with database_outage():
        phone_page.goto(live_server.url)
        expect(phone_page.get_by_role("heading", level=1)).to_have_text("Temporarily unavailable")
    screenshot(phone_page, "error-503-english-phone")
