"""What the log says of an error: one line for an expected 4xx, a 500's traceback once, one
warning line for a database outage, and nothing twice."""

import pytest
from django.test import Client

pytestmark = pytest.mark.urls("tests.portal.urls_errors")


@pytest.fixture
def client():
    return Client(raise_request_exception=False)


def lines(log) -> list[str]:
    return log.getvalue().splitlines()


def test_a_404_logs_one_line(client, console_log):
    client.get("/no-such-page/")
    assert [line.split(" ", 2)[2] for line in lines(console_log)] == [
        "WARNING django.request Not Found: /no-such-page/"
    ]


def test_a_refused_permission_logs_one_line_without_its_traceback(client, console_log):
    client.get("/test/forbidden/")
    assert [line.split(" ", 2)[2] for line in lines(console_log)] == [
        "WARNING django.request Forbidden (Permission denied): /test/forbidden/"
    ]


def test_a_405_page_is_logged_once(client, console_log):
    client.get("/t/rate/")
    assert [line.split(" ", 2)[2] for line in lines(console_log)] == [
        "WARNING django.request Method Not Allowed (GET): /t/rate/"
    ]


def test_a_csrf_failure_logs_one_line(client, console_log):
    client.handler.enforce_csrf_checks = True
    client.post("/t/", {})
    assert [line.split(" ", 2)[2] for line in lines(console_log)] == [
        "WARNING django.security.csrf Forbidden (CSRF cookie not set.): /t/"
    ]


def test_a_foreign_host_logs_one_line_without_its_traceback(client, console_log):
    client.get("/", HTTP_HOST="evil.example")
    logged = lines(console_log)
    assert len(logged) == 1 and "Invalid HTTP_HOST header: 'evil.example'" in logged[0]


def test_a_body_over_the_limit_logs_one_line(client, console_log, settings):
    client.post("/t/", {}, CONTENT_LENGTH=str(settings.REQUEST_MAX_BYTES + 1))
    assert [line.split(" ", 2)[2] for line in lines(console_log)] == [
        "WARNING django.request Request Entity Too Large "
        f"({settings.REQUEST_MAX_BYTES + 1} bytes, at most {settings.REQUEST_MAX_BYTES}): /t/"
    ]


def test_a_500_logs_its_traceback_once(client, console_log):
    client.get("/test/fault/")
    log = console_log.getvalue()
    assert log.count("ERROR django.request Internal Server Error: /test/fault/") == 1
    assert log.count("Traceback (most recent call last)") == 1
    assert "RuntimeError: a bug in a view" in log


def test_a_database_outage_logs_one_warning_line(client, console_log, database_outage):
    with database_outage():
        client.get("/")
    logged = lines(console_log)
    assert len(logged) == 1, logged
    assert " WARNING django.request Service Unavailable (database unavailable: " in logged[0]
    assert logged[0].endswith("): /")
