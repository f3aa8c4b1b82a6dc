"""Links to many rows of one kind: the URL pattern reversed once, each row's id put in place.

Reversing per row cost more than the rest of a list row (the staff list, the merit board),
so a page reverses once with a placeholder id and joins each row's id into the two halves.
"""

from __future__ import annotations

from collections.abc import Callable

from django.urls import reverse

PLACEHOLDER_PK = 987654321


def links_to(viewname: str, *args: object) -> Callable[[object], str]:
    """`reverse(viewname, args=[pk, *args])` for any `pk`, with one reverse() in all."""
    head, tail = reverse(viewname, args=[PLACEHOLDER_PK, *args]).split(str(PLACEHOLDER_PK))
    return lambda pk: f"{head}{pk}{tail}"
