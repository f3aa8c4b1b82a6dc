"""Links reversed once instead of on every use: a row's link to its object, a layout's links.

Reversing per row cost more than the rest of a list row (the staff list, the merit board),
so a page reverses once with a placeholder id and joins each row's id into the two halves
(`links_to`). A URL without arguments is reversed once per process (`url`).
"""

from __future__ import annotations

import functools
from collections.abc import Callable

from django.conf import settings
from django.urls import get_script_prefix, get_urlconf, reverse

PLACEHOLDER_PK = 987654321


def links_to(viewname: str, *args: object) -> Callable[[object], str]:
    """`reverse(viewname, args=[pk, *args])` for any `pk`, with one reverse() in all."""
    head, tail = reverse(viewname, args=[PLACEHOLDER_PK, *args]).split(str(PLACEHOLDER_PK))
    return lambda pk: f"{head}{pk}{tail}"


def url(viewname: str) -> str:
    """`reverse(viewname)` for a URL without arguments, reversed once per process.

    A page's layout writes a dozen such links (the nav, the language switch, the deputy's
    tabs); reversing each on every request was 4 % of the staff list's work. The URL is
    kept per URL configuration and script prefix, the two things besides the name it
    depends on (the portal has no per-language URL prefixes).
    """
    return _reversed(viewname, get_urlconf() or settings.ROOT_URLCONF, get_script_prefix())


@functools.lru_cache(maxsize=512)
def _reversed(viewname: str, urlconf: str, script_prefix: str) -> str:
    return reverse(viewname, urlconf=urlconf)
