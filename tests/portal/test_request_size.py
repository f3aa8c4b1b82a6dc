"""A body over REQUEST_MAX_BYTES is refused with the 413 page before any of it is read; a
chunked body (no Content-Length) is read no further than the limit."""

import io
import os
import socket
import subprocess
import sys
from collections.abc import Iterator

import pytest
from django.conf import settings
from django.http import HttpResponse
from django.test import RequestFactory

from portal import wsgi
from portal.request_size import RequestSizeLimitMiddleware

pytestmark = pytest.mark.urls("tests.portal.urls_errors")

MIB = 1024 * 1024


class UnreadableBody(io.RawIOBase):
    """A request body that must not be read."""

    def read(self, size: int = -1) -> bytes:
        raise AssertionError("the body was read")

    readline = read


class EndlessBody(io.RawIOBase):
    """A chunked upload that never ends, counting what is read of it."""

    def __init__(self) -> None:
        self.read_bytes = 0

    def read(self, size: int = -1) -> bytes:
        size = 65536 if size is None or size < 0 else size
        self.read_bytes += size
        return b"x" * size


def call_wsgi(path: str, body: io.RawIOBase, **environ: str) -> tuple[str, bytes]:
    """Run a POST through the production WSGI application (portal/wsgi.py)."""
    answer: dict[str, str] = {}

    def start_response(status: str, headers: list, exc_info=None) -> None:
        answer["status"] = status

    result = wsgi.application(
        {
            "REQUEST_METHOD": "POST",
            "PATH_INFO": path,
            "SCRIPT_NAME": "",
            "QUERY_STRING": "",
            "SERVER_NAME": "localhost",
            "SERVER_PORT": "80",
            "SERVER_PROTOCOL": "HTTP/1.1",
            "HTTP_HOST": "localhost",
            "REMOTE_ADDR": "127.0.0.1",
            "CONTENT_TYPE": "application/octet-stream",
            "wsgi.version": (1, 0),
            "wsgi.url_scheme": "http",
            "wsgi.input": body,
            "wsgi.errors": io.StringIO(),
            "wsgi.multithread": False,
            "wsgi.multiprocess": False,
            "wsgi.run_once": False,
            **environ,
        },
        start_response,
    )
    try:
        content = b"".join(result)
    finally:
        result.close()
    return answer["status"], content


@pytest.fixture(autouse=True)
def database_allowed(django_db_blocker) -> Iterator[None]:
    # The WSGI handler's request signals look at the thread's database connection (and
    # close it when it is idle), as in production; no test here reads or writes data.
    with django_db_blocker.unblock():
        yield


def test_a_body_over_the_limit_is_refused_before_it_is_read():
    status, content = call_wsgi("/s/ANY/submit/", UnreadableBody(), CONTENT_LENGTH=str(200_000_000))
    assert status.startswith("413 ")
    assert "内容太大，无法提交" in content.decode()


def test_a_body_within_the_limit_is_read_as_usual():
    status, content = call_wsgi("/test/body-size/", io.BytesIO(b"x" * 1000), CONTENT_LENGTH="1000")
    assert (status, content) == ("200 OK", b"1000")


def test_the_intakes_largest_upload_is_within_the_limit():
    # Three photos at their limit, and room for the form's fields and multipart headers.
    largest = settings.ISSUE_PHOTOS_MAX * settings.ISSUE_PHOTO_MAX_BYTES + 64 * 1024
    passed = HttpResponse("passed on")
    middleware = RequestSizeLimitMiddleware(lambda request: passed)
    request = RequestFactory().post("/s/ANY/submit/", CONTENT_LENGTH=str(largest))
    assert middleware(request) is passed


def test_the_default_limit_is_26_mib_as_the_readme_tells_nginx():
    assert settings.REQUEST_MAX_BYTES == 26 * MIB


def test_a_chunked_body_is_read_no_further_than_the_limit(settings):
    settings.REQUEST_MAX_BYTES = 100_000
    body = EndlessBody()
    status, _content = call_wsgi(
        "/test/body-size/",
        body,
        HTTP_TRANSFER_ENCODING="chunked",
        **{"wsgi.input_terminated": True},
    )
    assert status.startswith("413 ") and body.read_bytes == 100_001


def test_a_chunked_body_within_the_limit_reaches_the_view(settings):
    settings.REQUEST_MAX_BYTES = 100_000
    status, content = call_wsgi(
        "/test/body-size/",
        io.BytesIO(b"x" * 5000),
        HTTP_TRANSFER_ENCODING="chunked",
        **{"wsgi.input_terminated": True},
    )
    assert (status, content) == ("200 OK", b"5000")


def test_a_chunked_body_is_left_unread_where_the_server_does_not_end_it():
    # Without wsgi.input_terminated a read could wait for bytes that never come; Django
    # reads none of a body without a length either.
    status, content = call_wsgi(
        "/test/body-size/", UnreadableBody(), HTTP_TRANSFER_ENCODING="chunked"
    )
    assert (status, content) == ("200 OK", b"0")


def test_the_server_answers_413_to_the_headers_alone(live_server):
    """A client announcing 200 MB gets its answer without sending a byte of the body."""
    headers = (
        "POST /s/ANY/submit/ HTTP/1.1\r\n"
        "Host: localhost\r\n"
        "Content-Type: multipart/form-data; boundary=x\r\n"
        "Content-Length: 200000000\r\n"
        "\r\n"
    )
    host, port = live_server.thread.host, live_server.thread.port
    with socket.create_connection((host, port), timeout=10) as connection:
        connection.sendall(headers.encode())
        answer = b""
        while b"\r\n\r\n" not in answer:
            chunk = connection.recv(65536)
            if not chunk:
                break
            answer += chunk
    assert answer.startswith(b"HTTP/1.1 413 ")


@pytest.mark.parametrize(("value", "expected"), [("1048576", "1048576"), ("", str(26 * MIB))])
def test_the_limit_is_read_from_the_environment(tmp_path, value, expected):
    result = settings_probe(tmp_path, REQUEST_MAX_BYTES=value)
    assert (result.returncode, result.stdout.strip()) == (0, expected)


def test_an_unreadable_limit_stops_the_server(tmp_path):
    result = settings_probe(tmp_path, REQUEST_MAX_BYTES="26m")
    assert "REQUEST_MAX_BYTES must be a positive number of bytes" in result.stderr


def settings_probe(tmp_path, **env: str) -> subprocess.CompletedProcess:
    code = "from django.conf import settings; print(settings.REQUEST_MAX_BYTES)"
    clean = {k: v for k, v in os.environ.items() if k not in {"DATABASE_URL", "REDIS_URL"}}
    return subprocess.run(
        [sys.executable, "-c", code],
        cwd=settings.BASE_DIR,
        env={**clean, "DJANGO_SETTINGS_MODULE": "portal.settings", "VAR_DIR": str(tmp_path), **env},
        capture_output=True,
        text=True,
    )
