"""A Redis that accepts connections and never answers, and the web side pointed at it.

`HungRedis` is a real listening TCP socket of the test's own: connecting succeeds at once (the
kernel completes the handshake), and then nothing is ever sent back, as when Redis hangs
(a stuck fork, a full disk, a paused VM). It needs no Redis, so the tests that use it run on
both set-ups.

`web_side_on(url)` configures this process as portal/settings.py configures one started with
REDIS_URL=url: Django's cache and the sessions read through it, and the Celery app that
portal.notifications.queue publishes with. The settings file itself is read, so that the
tests measure the timeouts it sets, not ones of their own.
"""

from __future__ import annotations

import importlib.util
import socket
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from types import ModuleType

import pytest
from celery import Celery
from django.conf import settings
from django.test import override_settings

# A request may take this long with Redis hung (gunicorn kills a worker after 30 s).
BUDGET_SECONDS = 3.0
# Connections are dropped after this long: settings without a read timeout make a test fail
# in seconds (with the elapsed time) instead of hanging the suite.
HANG_SECONDS = 10.0


class HungRedis:
    """A TCP server on 127.0.0.1 that accepts every connection and never answers."""

    def __init__(self) -> None:
        self._listener = socket.create_server(("127.0.0.1", 0), backlog=64)
        self._listener.settimeout(0.05)  # the loop looks at the stop flag this often
        self.port = self._listener.getsockname()[1]
        self.accepted = 0
        self._held: list[tuple[socket.socket, float]] = []
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._serve, name="hung-redis", daemon=True)
        self._thread.start()

    @property
    def url(self) -> str:
        return f"redis://127.0.0.1:{self.port}/0"

    def _serve(self) -> None:
        while not self._stop.is_set():
            try:
                conn, _ = self._listener.accept()
            except TimeoutError:
                pass
            else:
                self.accepted += 1
                self._held.append((conn, time.monotonic()))
            for conn, since in list(self._held):
                if time.monotonic() - since > HANG_SECONDS:
                    conn.close()
                    self._held.remove((conn, since))

    def close(self) -> None:
        self._stop.set()
        self._thread.join(timeout=5)
        self._listener.close()
        for conn, _ in self._held:
            conn.close()


def settings_for(redis_url: str) -> ModuleType:
    """portal/settings.py as read by a process started with REDIS_URL=redis_url."""
    path = Path(settings.BASE_DIR) / "portal" / "settings.py"
    spec = importlib.util.spec_from_file_location("settings_with_redis", path)
    module = importlib.util.module_from_spec(spec)
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("REDIS_URL", redis_url)
        spec.loader.exec_module(module)
    return module


@contextmanager
def web_side_on(redis_url: str) -> Iterator[Celery]:
    """The cache, the sessions and the broker of this process on `redis_url`, as configured
    by the settings; yields the Celery app requests now publish with."""
    configured = settings_for(redis_url)
    app = Celery("portal", set_as_current=False)
    app.config_from_object(configured, namespace="CELERY")
    try:
        with (
            override_settings(CACHES=configured.CACHES, SESSION_ENGINE=configured.SESSION_ENGINE),
            pytest.MonkeyPatch.context() as patch,
        ):
            # portal.notifications.queue takes the app from here at each publish.
            patch.setattr("portal.celery.app", app)
            yield app
    finally:
        app.close()


def timed(call, *args, **kwargs) -> tuple[object, float]:
    """`call(*args, **kwargs)` and the seconds it took."""
    started = time.monotonic()
    result = call(*args, **kwargs)
    return result, time.monotonic() - started
