"""Filter <select> options kept in the cache until a row behind them changes.

A list page's filters offer the user's subdistricts, departments and categories: three
queries and a model per option on every request, for lists that change a few times a year.
`use_cached_choices` gives a model choice field its options from the cache instead; the
field still validates a submitted value against its queryset, so a kept list can never let
a value outside the user's scope through. Saving or deleting a row of a model in
`CHOICE_MODELS` starts a new generation of every list; bulk writes, which send no signal,
call `new_generation` themselves (the demo loader) or wait out CHOICES_CACHE_SECONDS.
"""

from __future__ import annotations

import logging
import secrets
from typing import TYPE_CHECKING

from django import forms
from django.apps import apps
from django.conf import settings
from django.core.cache import cache
from django.db.models.signals import post_delete, post_save
from django.utils import translation

if TYPE_CHECKING:
    from portal.models import User

# The models whose rows fill filter options (app_label.ModelName).
CHOICE_MODELS = (
    "portal.Area",
    "portal.Department",
    "issues.Category",
    "representatives.ActivityType",
)
GENERATION_KEY = "choices:generation"

logger = logging.getLogger(__name__)


def use_cached_choices(field: forms.ModelChoiceField, *, name: str, user: User) -> None:
    """Render `field`'s options (after its queryset is set) from the cache.

    Kept per user, field `name` and language: a user's lists are at most as wide as their
    scope, and labels may be translated. Without the cache (Redis down) they are read from
    the database as before.
    """
    try:
        generation = cache.get(GENERATION_KEY, "0")
        key = f"choices:{generation}:{translation.get_language()}:{name}:{user.pk}"
        options = cache.get(key)
    except Exception:
        logger.warning("choices cache unavailable: reading %s options from the database", name)
        key, options = None, None
    if options is None:
        options = [(obj.pk, field.label_from_instance(obj)) for obj in field.queryset]
        if key is not None:
            _keep(key, options)
    empty = [] if field.empty_label is None else [("", field.empty_label)]
    field.widget.choices = empty + options


def _keep(key: str, options: list[tuple[int, str]]) -> None:
    try:
        cache.set(key, options, settings.CHOICES_CACHE_SECONDS)
    except Exception:
        logger.warning("choices cache unavailable: options not kept")


def new_generation(**kwargs) -> None:
    """Forget every kept option list (a signal receiver: a choice row was saved or deleted).

    A save must not fail because the cache is down: the kept lists then expire by themselves
    within CHOICES_CACHE_SECONDS.
    """
    try:
        cache.set(GENERATION_KEY, secrets.token_hex(4), None)
    except Exception:
        logger.warning("choices cache unavailable: kept options expire by themselves")


def connect_signals() -> None:
    for label in CHOICE_MODELS:
        model = apps.get_model(label)
        uid = f"choices-{label}"
        post_save.connect(new_generation, sender=model, dispatch_uid=uid + "-save")
        post_delete.connect(new_generation, sender=model, dispatch_uid=uid + "-delete")
