"""A kept database connection that the server closed (a restart, an idle timeout, a terminated
backend) is found out before use: the next request reconnects instead of answering 500."""

from __future__ import annotations

import threading
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from wsgiref.simple_server import WSGIRequestHandler, make_server

import pytest
from django.conf import settings
from django.core.wsgi import get_wsgi_application
from django.db import connection, connections
from django.urls import reverse

from tests import factories

pytestmark = [pytest.mark.postgresql, pytest.mark.django_db(transaction=True)]


class QuietHandler(WSGIRequestHandler):
    def log_message(self, format: str, *args: object) -> None:
        pass


class WebWorker:
    """Django served from one thread, one request after another, as a gunicorn sync worker
    serves it: its database connection is kept between requests (CONN_MAX_AGE) and looked at
    when each request starts (close_old_connections). Django's live server closes its
    connections after every request, so it never keeps one to be found dead."""

    def __init__(self) -> None:
        self.backend_pids: list[int] = []  # the connection each request ended with
        django_app = get_wsgi_application()

        def app(environ, start_response):
            response = django_app(environ, start_response)
            self.backend_pids.append(connection.connection.info.backend_pid)
            return response

        self._server = make_server("127.0.0.1", 0, app, handler_class=QuietHandler)
        self._thread = threading.Thread(target=self._serve, name="web-worker", daemon=True)
        self._thread.start()

    def _serve(self) -> None:
        try:
            self._server.serve_forever(poll_interval=0.05)
        finally:
            connections.close_all()  # this thread's: the test database is flushed next

    def get(self, path: str) -> int:
        """The status of a GET of `path`."""
        url = f"http://127.0.0.1:{self._server.server_port}{path}"
        try:
            with urllib.request.urlopen(url, timeout=20) as response:
                return response.status
        except urllib.error.HTTPError as error:
            return error.code

    def stop(self) -> None:
        self._server.shutdown()
        self._thread.join(timeout=10)
        self._server.server_close()


@contextmanager
def web_worker() -> Iterator[WebWorker]:
    worker = WebWorker()
    try:
        yield worker
    finally:
        worker.stop()


def terminate_backend(pid: int) -> None:
    """What a restart does to a connection: the server ends it (from this test's connection)."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_terminate_backend(%s)", [pid])
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline:
            cursor.execute("SELECT count(*) FROM pg_stat_activity WHERE pid = %s", [pid])
            if cursor.fetchone()[0] == 0:
                return
            time.sleep(0.05)
    raise AssertionError(f"backend {pid} is still there")


def test_the_request_after_the_server_closed_the_kept_connection_answers_200(shinan):
    assert settings.DATABASES["default"]["CONN_MAX_AGE"] > 0  # connections are kept
    issue = factories.issue_in_state("answered", district=shinan)
    status_page = reverse("issue-status", args=[issue.token])  # reads the database each time

    with web_worker() as worker:
        worker.get(status_page)
        worker.get(status_page)
        [first, kept] = worker.backend_pids
        terminate_backend(kept)
        answer = worker.get(status_page)

    assert (kept == first, answer, worker.backend_pids[-1] != kept) == (True, 200, True)
