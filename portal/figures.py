"""Aggregate figures kept for a few minutes: the dashboard and the merit board.

Both scan a district's year of records (a hundred thousand issues at national scale, about a
second of database time). Staff look at the same district and period over and over, so the
computed figures are kept in the cache for FIGURES_CACHE_SECONDS and the page says when they
were computed; "refresh" recomputes them at once. Nothing is stored in the database: the figures
are still derived from the records, only not on every request.
"""

from __future__ import annotations

import hashlib
import logging
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import datetime
from typing import Generic, TypeVar

from django.conf import settings
from django.core.cache import cache
from django.utils import timezone, translation

logger = logging.getLogger(__name__)

T = TypeVar("T")


@dataclass(frozen=True)
class Cached(Generic[T]):
    """Figures and the moment they were computed."""

    value: T
    computed_at: datetime


def cache_key(parts: Iterable[object]) -> str:
    """A key for these parts in the current language (labels are part of the figures)."""
    text = repr((translation.get_language(), *parts))
    return "figures:" + hashlib.sha256(text.encode()).hexdigest()


def cached_figures(
    parts: Iterable[object],
    compute: Callable[[], T],
    *,
    refresh: bool = False,
    now: datetime | None = None,
) -> Cached[T]:
    """`compute()`'s result for `parts`, from the cache unless missing, expired or `refresh`.

    A cache that is down only costs the time of computing: the figures are computed and
    shown, and the failure is logged.
    """
    seconds = settings.FIGURES_CACHE_SECONDS
    key = cache_key(parts)
    if seconds and not refresh:
        try:
            found = cache.get(key)
        except Exception:
            logger.warning("figures cache unavailable: computing")
            found = None
        if found is not None:
            return found
    result = Cached(value=compute(), computed_at=now or timezone.now())
    if seconds:
        try:
            cache.set(key, result, seconds)
        except Exception:
            logger.warning("figures cache unavailable: not kept")
    return result
