"""Failing fast on a Redis that stopped answering: after one failure, a pause without tries.

Each call to Redis waits at most a second (settings.REDIS_TIMEOUTS), but a signed-in page makes
a dozen cache calls (session, badge, kept filter forms) and a submission publishes besides:
with Redis hung, each would still wait its own second, and the page ten. So after one call to
a server timed out or could not connect, this process fails every further call to it at once
for settings.REDIS_PAUSE_SECONDS; then the next call tries again. The callers already treat a
failure as "Redis is down" (the cache's users fall back to the database, a publish is left to
the reminder sweep), so a pause changes only how long they wait for it.

Per process: each gunicorn worker finds out on its own, for one second. Per server address
(host and port): the cache and the broker live on the same Redis (REDIS_URL) and pause
together. redis-py's own circuit breaker (redis.multidb) fails over between databases and
needs pybreaker and a health-check thread; one server needs only this.
"""

from __future__ import annotations

import logging
import time
from urllib.parse import urlsplit

from django.conf import settings

logger = logging.getLogger(__name__)

# Address → the monotonic time until which it is left alone. A plain dict: two threads that
# race at worst both try Redis once more.
_paused_until: dict[str, float] = {}


def address(url: str) -> str:
    """The server a Redis (or broker) URL points at, without credentials or database."""
    parts = urlsplit(url)
    return f"{parts.hostname}:{parts.port}" if parts.hostname else parts.scheme


def is_paused(url: str) -> bool:
    """True while the server of `url` failed less than REDIS_PAUSE_SECONDS ago."""
    if not _paused_until:  # the usual case, on every cache call: no parsing then
        return False
    server = address(url)
    until = _paused_until.get(server)
    if until is None:
        return False
    if time.monotonic() < until:
        return True
    # Over: the next call tries Redis, and the usual case is the usual case again.
    _paused_until.pop(server, None)
    return False


def pause(url: str) -> None:
    """A call to the server of `url` failed: leave it alone for REDIS_PAUSE_SECONDS."""
    seconds = settings.REDIS_PAUSE_SECONDS
    _paused_until[address(url)] = time.monotonic() + seconds
    logger.info("%s did not answer: not tried again for %s s", address(url), seconds)


def resume_all() -> None:
    """Forget every pause (tests: one test's outage is not the next one's)."""
    _paused_until.clear()
