"""With the database unreachable (for real: see the `database_outage` fixture), every request
is answered 503 with Retry-After in the site's layout, and the 500 page still renders."""

import pytest
from django.conf import settings
from django.test import Client

pytestmark = pytest.mark.urls("tests.portal.urls_errors")


@pytest.fixture
def client():
    return Client(raise_request_exception=False)


@pytest.fixture
def signed_in_cookie(client):
    """A session cookie as a signed-in user's browser sends it: reading it needs the database
    (or Redis, and then the user's row)."""
    client.cookies[settings.SESSION_COOKIE_NAME] = "a" * 32
    return client


def test_a_page_answers_503_with_retry_after_while_the_database_is_down(client, database_outage):
    with database_outage():
        response = client.get("/")
    assert (response.status_code, response["Retry-After"]) == (503, "60")


def test_a_form_sent_while_the_database_is_down_answers_503(client, database_outage):
    with database_outage():
        response = client.post("/t/", {"tracking_number": "SN-2026-000001", "phone_tail": "1234"})
    assert response.status_code == 503


def test_the_503_page_for_a_signed_in_user_leaves_out_the_menu(signed_in_cookie, database_outage):
    with database_outage():
        response = signed_in_cookie.get("/work/")
    assert response.status_code == 503
    assert '<header class="site-header">' in response.text and "user-nav" not in response.text


def test_an_outage_met_while_rendering_a_404_answers_503(signed_in_cookie, database_outage):
    # The 404 page's signed-in menu reads the session: the outage surfaces in the handler.
    with database_outage():
        response = signed_in_cookie.get("/no-such-page/")
    assert response.status_code == 503


def test_the_500_page_renders_while_the_database_is_down(signed_in_cookie, database_outage):
    with database_outage():
        response = signed_in_cookie.get("/test/fault/")
    assert response.status_code == 500 and "<h1>出错了</h1>" in response.text
    assert '<header class="site-header">' in response.text and "user-nav" not in response.text


def test_the_500_page_makes_no_query_for_a_signed_in_user(staff_client, django_assert_num_queries):
    staff_client.raise_request_exception = False
    with django_assert_num_queries(0):
        response = staff_client.get("/test/fault/")
    assert response.status_code == 500


def test_the_503_page_makes_no_query_for_a_signed_in_user(staff_client, django_assert_num_queries):
    staff_client.raise_request_exception = False
    with django_assert_num_queries(0):
        response = staff_client.post("/test/lost-connection/")
    assert response.status_code == 503


def test_an_error_raised_from_a_database_error_answers_503(client):
    assert client.get("/test/lost-connection/").status_code == 503


@pytest.mark.django_db(transaction=True)
def test_the_503_page_writes_no_session(staff_client, database_outage):
    staff_client.raise_request_exception = False
    session_cookie = staff_client.cookies[settings.SESSION_COOKIE_NAME].value
    with database_outage():
        response = staff_client.get("/")
    assert response.status_code == 503
    assert settings.SESSION_COOKIE_NAME not in response.cookies
    assert staff_client.cookies[settings.SESSION_COOKIE_NAME].value == session_cookie


def test_an_outage_under_cached_sessions_is_not_taken_for_a_cache_outage(
    signed_in_cookie, database_outage, settings, caplog
):
    settings.SESSION_ENGINE = "portal.sessions"  # as with Redis: read from the cache first
    with database_outage():
        response = signed_in_cookie.get("/work/")
    assert response.status_code == 503
    assert "session cache unavailable" not in caplog.text
