"""Every error page speaks Chinese (English when chosen), in the site's layout, with a next step."""

import re
from collections.abc import Callable

import pytest
from django.conf import settings
from django.http import HttpResponse
from django.template import TemplateSyntaxError
from django.test import Client

pytestmark = pytest.mark.urls("tests.portal.urls_errors")


def heading(response: HttpResponse) -> str:
    found = re.search(r"<h1>(.*?)</h1>", response.text, re.S)
    assert found, response.text
    return found.group(1).strip()


def in_layout(response: HttpResponse) -> bool:
    text = response.text
    return all(
        piece in text
        for piece in (
            '<link rel="stylesheet" href="/static/css/portal.css">',
            '<header class="site-header">',
            '<footer class="site-footer">',
            '<main id="main"',
        )
    )


# How each page is reached: (the client, the test's pytest request for the fixtures it needs).
Get = Callable[[Client, pytest.FixtureRequest], HttpResponse]


def over_the_limit(client: Client, request: pytest.FixtureRequest) -> HttpResponse:
    return client.post(
        "/t/", {"tracking_number": "x"}, CONTENT_LENGTH=str(settings.REQUEST_MAX_BYTES + 1)
    )


def rate_limited(client: Client, request: pytest.FixtureRequest) -> HttpResponse:
    test_settings = request.getfixturevalue("settings")
    test_settings.RATE_LIMITS = {**settings.RATE_LIMITS, "lookup_ip": (0, 3600)}
    return client.post("/t/", {"tracking_number": "SN-2026-000001", "phone_tail": "1234"})


def database_down(client: Client, request: pytest.FixtureRequest) -> HttpResponse:
    with request.getfixturevalue("database_outage")():
        return client.get("/")


def csrf_refused(client: Client, request: pytest.FixtureRequest) -> HttpResponse:
    client.handler.enforce_csrf_checks = True
    return client.post("/t/", {"tracking_number": "SN-2026-000001"})


# name: (status, how to get it, Chinese heading, English heading)
PAGES: dict[str, tuple[int, Get, str, str]] = {
    "400": (
        400,
        lambda client, request: client.get("/", HTTP_HOST="evil.example"),
        "无法处理这个请求",
        "The request could not be understood",
    ),
    "403": (
        403,
        lambda client, request: client.get("/test/forbidden/"),
        "无权访问此页面",
        "No access to this page",
    ),
    "403-csrf": (403, csrf_refused, "页面已过期", "This page has expired"),
    "404": (
        404,
        lambda client, request: client.get("/no-such-page/"),
        "页面不存在",
        "Page not found",
    ),
    "405": (
        405,
        lambda client, request: client.get("/t/rate/"),
        "此网址不能直接打开",
        "This address cannot be opened directly",
    ),
    "413": (413, over_the_limit, "内容太大，无法提交", "Too large to send"),
    "429": (429, rate_limited, "操作过于频繁", "Too many attempts"),
    "500": (
        500,
        lambda client, request: client.get("/test/fault/"),
        "出错了",
        "Something went wrong",
    ),
    "503": (503, database_down, "服务暂时不可用", "Temporarily unavailable"),
}


@pytest.fixture
def client(settings):
    """A browser's view: an exception in a view is a page, not an error in the test."""
    return Client(raise_request_exception=False)


@pytest.mark.parametrize("name", PAGES)
def test_each_error_page_is_chinese_in_the_site_layout(client, request, name):
    status, get, chinese, _english = PAGES[name]
    response = get(client, request)
    assert (response.status_code, heading(response)) == (status, chinese)
    assert '<html lang="zh-hans">' in response.text and in_layout(response)


@pytest.mark.parametrize("name", PAGES)
def test_each_error_page_is_english_when_chosen(client, request, name):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    status, get, _chinese, english = PAGES[name]
    response = get(client, request)
    assert (response.status_code, heading(response)) == (status, english)
    assert '<html lang="en">' in response.text and response["Content-Language"] == "en"


@pytest.mark.parametrize("name", PAGES)
def test_each_error_page_leads_home(client, request, name):
    response = PAGES[name][1](client, request)
    assert re.search(r'<a class="[^"]+" href="/">', response.text)


def test_a_403_asks_an_anonymous_visitor_to_sign_in(client):
    response = client.get("/test/forbidden/")
    assert 'href="/work/login/?next=/test/forbidden/"' in response.text


def test_a_403_tells_a_signed_in_deputy_whom_to_ask(deputy_client):
    response = deputy_client.get("/work/stats/")
    assert response.status_code == 403
    assert "请联系本区人大常委会代表工作部门" in response.text


def test_a_404_keeps_the_signed_in_menu(staff_client):
    response = staff_client.get("/no-such-page/")
    assert response.status_code == 404 and 'class="user-nav"' in response.text


def test_a_csrf_failure_says_to_reload_not_djangos_english_page(client, request):
    response = csrf_refused(client, request)
    assert "请刷新页面后重新提交" in response.text
    assert "CSRF verification failed" not in response.text


def test_a_csrf_failure_without_the_cookie_says_cookies_may_be_blocked(client, request):
    response = csrf_refused(client, request)
    assert "您的浏览器可能禁用了 Cookie" in response.text


def test_a_csrf_failure_with_a_stale_token_does_not_blame_cookies(client):
    client.handler.enforce_csrf_checks = True
    client.cookies[settings.CSRF_COOKIE_NAME] = "x" * 32
    response = client.post("/t/", {"csrfmiddlewaretoken": "y" * 32})
    assert response.status_code == 403
    assert "您的浏览器可能禁用了 Cookie" not in response.text


def test_a_405_page_keeps_the_allow_header(client):
    response = client.get("/t/rate/")
    assert response["Allow"] == "POST"


def test_a_405_page_is_sent_whole(client):
    response = client.get("/t/rate/")
    assert int(response["Content-Length"]) == len(response.content) > 1000


def test_a_405_from_a_view_with_several_methods_lists_them(client):
    response = client.delete("/t/")
    assert (response.status_code, response["Allow"]) == (405, "GET, POST")
    assert heading(response) == "此网址不能直接打开"


def test_a_503_asks_to_come_back_after_retry_after(client, request):
    response = database_down(client, request)
    assert response["Retry-After"] == "60" and "请过几分钟再试" in response.text


def test_the_500_and_503_pages_are_never_cached(client, request):
    responses = [client.get("/test/fault/"), database_down(client, request)]
    assert [r["Cache-Control"] for r in responses] == ["no-store", "no-store"]


def test_the_413_page_names_the_limit_and_the_photo_rules(client, request):
    response = over_the_limit(client, request)
    assert "超过 26.0\xa0MB" in response.text and "最多 3 张，每张不超过 8 MB" in response.text


def test_form_fields_over_djangos_memory_limit_are_too_large_not_malformed(client):
    response = client.post("/t/", {"tracking_number": "x" * (3 * 1024 * 1024)})
    assert (response.status_code, heading(response)) == (413, "内容太大，无法提交")


def test_error_pages_can_be_viewed_in_development(client, settings):
    settings.DEBUG = True
    for name in ("400", "403", "csrf", "404", "405", "413", "429", "500", "503"):
        response = client.get(f"/errors/{name}/")
        assert response.status_code == int(name if name != "csrf" else 403), name
        assert in_layout(response), name


def test_a_preview_shows_the_not_saved_message_as_after_a_failed_form(client, settings):
    settings.DEBUG = True
    response = client.get("/errors/503/?post=1")
    assert "您刚才提交的内容没有保存成功" in response.text


def test_error_pages_are_not_previewed_in_production(client):
    assert client.get("/errors/500/").status_code == 404


def test_an_error_page_whose_template_fails_still_answers_in_the_users_language(
    client, monkeypatch
):
    def broken(*args, **kwargs):
        raise TemplateSyntaxError("a broken error page")

    monkeypatch.setattr("portal.errors.loader.render_to_string", broken)
    response = client.get("/test/fault/")
    assert response.status_code == 500
    assert '<html lang="zh-hans">' in response.text and "<h1>出错了</h1>" in response.text
