"""Aggregate figures kept for a few minutes: the dashboard and the merit board.

Both scan a district's year of records (a hundred thousand issues at national scale, about a
second of database time). Staff look at the same district and period over and over, so the
computed figures are kept in the cache for FIGURES_CACHE_SECONDS and the page says when they
were computed; "refresh" recomputes them at once. Nothing is stored in the database: the figures
are still derived from the records, only not on every request. When they are missing, one
request computes them and the others wait for its result (see `cached_figures`).
"""

from __future__ import annotations

import hashlib
import logging
import time
import uuid
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import datetime
from typing import Generic, TypeVar

from django.conf import settings
from django.core.cache import cache
from django.utils import timezone, translation

logger = logging.getLogger(__name__)

T = TypeVar("T")

# Single flight: how long the lock may be held before it expires by itself (longer than the
# slowest computation), how long a request waits for another's figures, and how often it looks.
LOCK_SECONDS = 30
LOCK_WAIT_SECONDS = 10.0
LOCK_POLL_SECONDS = 0.05


@dataclass(frozen=True)
class Cached(Generic[T]):
    """Figures and the moment they were computed."""

    value: T
    computed_at: datetime


def cache_key(parts: Iterable[object]) -> str:
    """A key for these parts in the current language (labels are part of the figures)."""
    text = repr((translation.get_language(), *parts))
    return "figures:" + hashlib.sha256(text.encode()).hexdigest()


def lock_key(key: str) -> str:
    """The key of the lock held while `key`'s figures are being computed."""
    return key + ":computing"


def cached_figures(
    parts: Iterable[object],
    compute: Callable[[], T],
    *,
    refresh: bool = False,
    now: datetime | None = None,
) -> Cached[T]:
    """`compute()`'s result for `parts`, from the cache unless missing, expired or `refresh`.

    Computed once at a time for each key (single flight): when the figures are missing, the
    first request takes a lock and computes them while the others wait for its result
    (up to LOCK_WAIT_SECONDS), instead of every worker running the same second-long scan at
    once. A waiter computes on its own only if nothing appears in time (the holder died or
    hangs); the lock expires by itself after LOCK_SECONDS.

    `refresh` recomputes without waiting: whoever asks for fresh figures gets figures
    computed after they asked, never the result of a computation already under way (it
    may have started before the change they want to see). It takes the lock when it is
    free, so that requests finding the cache empty meanwhile wait for it.

    A cache that is down only costs the time of computing: the figures are computed and
    shown, and the failure is logged.
    """
    seconds = settings.FIGURES_CACHE_SECONDS
    if not seconds:
        return _computed(compute, now)
    key = cache_key(parts)
    if not refresh:
        try:
            found = cache.get(key)
        except Exception:
            # No lock either then: each further call to a cache that is down costs time.
            logger.warning("figures cache unavailable: computing")
            return _keep(key, _computed(compute, now), seconds)
        if found is not None:
            return found
    lock, token = lock_key(key), uuid.uuid4().hex
    deadline = time.monotonic() + LOCK_WAIT_SECONDS
    while True:
        try:
            holder = cache.add(lock, token, LOCK_SECONDS)
        except Exception:
            logger.warning("figures cache unavailable: computing without a lock")
            return _keep(key, _computed(compute, now), seconds)
        if holder:
            try:
                # Another request may have stored the figures between our look and the lock.
                found = None if refresh else _kept(key)
                if found is not None:
                    return found
                return _keep(key, _computed(compute, now), seconds)
            finally:
                _release(lock, token)
        if refresh:
            return _keep(key, _computed(compute, now), seconds)
        if time.monotonic() >= deadline:
            logger.warning(
                "figures still being computed elsewhere after %ss: computing", LOCK_WAIT_SECONDS
            )
            return _keep(key, _computed(compute, now), seconds)
        time.sleep(LOCK_POLL_SECONDS)
        found = _kept(key)
        if found is not None:
            return found
        # Nothing yet: try the lock again, which is free if the holder failed and let go.


def _computed(compute: Callable[[], T], now: datetime | None) -> Cached[T]:
    return Cached(value=compute(), computed_at=now or timezone.now())


def _kept(key: str) -> Cached | None:
    """The kept figures, or None if there are none or the cache cannot be read."""
    try:
        return cache.get(key)
    except Exception:
        logger.warning("figures cache unavailable: computing")
        return None


def _keep(key: str, result: Cached[T], seconds: int) -> Cached[T]:
    try:
        cache.set(key, result, seconds)
    except Exception:
        logger.warning("figures cache unavailable: not kept")
    return result


def _release(lock: str, token: str) -> None:
    """Let go of our lock, and only ours: it may have expired and been taken by another."""
    try:
        if cache.get(lock) == token:
            cache.delete(lock)
    except Exception:
        logger.warning("figures cache unavailable: the lock expires by itself")
