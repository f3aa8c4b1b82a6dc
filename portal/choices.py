"""Filter options, and filter forms, kept in the cache until a row behind them changes.

A list page's filters offer the user's subdistricts, departments and categories: three
queries and a model per option on every request, for lists that change a few times a year.
`use_cached_choices` gives a model choice field its options from the cache instead; the
field still validates a submitted value against its queryset, so a kept list can never let
a value outside the user's scope through; a `PlainSelect` of such options keeps its whole
markup beside them (through `kept_fragment`). `kept_fragment` keeps a whole rendered
filter form (the `{% kept %}` tag), for the same user, language and query string.
`kept_value` keeps a small lookup the busiest pages make on every request (the station
behind a QR code, the categories to choose from, a deputy's record, an annual report's
head).

`kept_totals` keeps sums over rows written all day (the activity ledger's totals) beside
rows read afresh.

Saving or deleting a row of a model in `CHOICE_MODELS`, or changing the links of a field
in `CHOICE_RELATIONS`, starts a new generation of every kept list, form and total; saving or
deleting a row of `COUNTED_MODELS` one of the totals over its district. Bulk writes, which
send no signal, call `new_generation` themselves (the demo loader) or wait out
CHOICES_CACHE_SECONDS.
"""

from __future__ import annotations

import hashlib
import logging
import secrets
from collections.abc import Callable, Iterator
from typing import TYPE_CHECKING, TypeVar

from django import forms
from django.apps import apps
from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.utils import translation
from django.utils.choices import BaseChoiceIterator

if TYPE_CHECKING:
    from portal.models import User

# The models whose rows fill filter options (app_label.ModelName).
CHOICE_MODELS = (
    "portal.Area",
    "portal.Department",
    "issues.Category",
    "representatives.ActivityType",
    # A filter chosen by a link (a station, a deputy) shows its name in the form.
    "stations.Station",
    "representatives.Deputy",
    # A deputy's activity form lists the stations they are registered at first.
    "representatives.StationAssignment",
    # A district's public page names each station's focus field.
    "stations.StationFocus",
    # Every merit board, annual report and deputy's year reads the district's rules.
    "representatives.AnnualTarget",
    "representatives.AssessmentWeights",
    # An annual report is headed by the deputy's levels, stations and groups.
    "representatives.Mandate",
    "representatives.DeputyGroup",
)
# Many-to-many fields of those models whose links are read the same way (model, field):
# adding or removing a group's members sends m2m_changed, not post_save.
CHOICE_RELATIONS = (("representatives.DeputyGroup", "members"),)
GENERATION_KEY = "choices:generation"

# Models whose rows are written all day, summed by kept totals (`kept_totals`): the field
# that names a row's district. Each district's rows have a generation of their own.
COUNTED_MODELS = {"representatives.Activity": "district_id"}

T = TypeVar("T")

logger = logging.getLogger(__name__)


# The generation this process read last of each generation key: the key a kept value is
# looked for under, read in the same round trip as the generations themselves (`_lookup`).
_last_seen: dict[str, str] = {}


def _lookup(
    key_for: Callable[[str], str], generation_keys: tuple[str, ...] = (GENERATION_KEY,)
) -> tuple[str, object | None]:
    """The key `key_for` gives for the current generations, and the value kept under it.

    One MGET reads the generations and the value under the generations this process saw
    last; only when one has moved on is the value read again under the new ones. Reading
    the generation first cost every kept lookup a second round trip to Redis (0.2–0.5 ms of
    waiting each, docs/PERFORMANCE.md). Raises what the cache raises.
    """
    guess = [_last_seen.get(name, "0") for name in generation_keys]
    key = key_for(".".join(guess))
    found = cache.get_many([*generation_keys, key])
    current = [found.get(name, "0") for name in generation_keys]
    if current == guess:
        return key, found.get(key)
    _last_seen.update(zip(generation_keys, current, strict=True))
    key = key_for(".".join(current))
    return key, cache.get(key)


def _owner(user: User) -> str:
    """The user and what their scope hangs on: a changed role or district is a new key."""
    return f"{user.pk}.{user.role}.{user.district_id}.{user.department_id}.{user.is_superuser}"


def use_cached_choices(field: forms.ModelChoiceField, *, name: str, user: User) -> None:
    """Render `field`'s options (after its queryset is set) from the cache.

    Kept per user (with their role and district, see `_owner`), field `name` and language:
    a user's lists are at most as wide as their scope, and labels may be translated. They
    are looked up only when the widget renders, so a kept filter form costs no lookup.
    """
    field.widget.choices = KeptChoices(field, name=name, user=user)


class KeptChoices(BaseChoiceIterator):
    """A model choice field's options, from the cache (or the database) once iterated."""

    def __init__(self, field: forms.ModelChoiceField, *, name: str, user: User) -> None:
        self.field = field
        self.name = name
        self.user = user
        self.options: list[tuple[int, str]] | None = None

    def __iter__(self) -> Iterator[tuple[int | str, str]]:
        if self.field.empty_label is not None:
            yield ("", self.field.empty_label)
        if self.options is None:
            self.options = self._read()
        yield from self.options

    def _read(self) -> list[tuple[int, str]]:
        language = translation.get_language()
        owner = _owner(self.user)
        try:
            key, options = _lookup(
                lambda generation: f"choices:{generation}:{language}:{self.name}:{owner}"
            )
        except Exception:
            # Without the cache (Redis down) they are read from the database as before.
            logger.warning("choices cache unavailable: reading %s from the database", self.name)
            key, options = None, None
        if options is None:
            label = self.field.label_from_instance
            options = [(obj.pk, label(obj)) for obj in self.field.queryset]
            if key is not None:
                _keep(key, options)
        return options


def kept_fragment(
    name: str, vary: list[object], user: User | None, render: Callable[[], str]
) -> str:
    """`render()`'s markup, kept per user, language, `name` and `vary` values.

    For markup that depends on nothing else: a filter form is a function of the user's
    options (kept above) and the query string. With `user` None the markup is the same for
    every visitor, signed in or not (a public page's list). Without the cache it is rendered
    each time.
    """
    digest = hashlib.blake2b(repr(vary).encode(), digest_size=16).hexdigest()
    language = translation.get_language()
    owner = "everyone" if user is None else _owner(user)
    return _kept(
        name, lambda generation: f"fragment:{generation}:{language}:{name}:{owner}:{digest}", render
    )


def kept_value(name: str, compute: Callable[[], T | None]) -> T | None:
    """`compute()`'s result, kept under `name` until a row of CHOICE_MODELS changes.

    For lookups that depend on those rows alone, not on the user or the language. None (a
    code that matches nothing) is not kept. Without the cache it is computed each time.
    """
    # Only the name's first part is logged: the rest may be a code a citizen scanned.
    what = name.split(":", 1)[0]
    return _kept(what, lambda generation: f"kept:{generation}:{name}", compute)


def rows_generation_key(label: str, district_id: int | None) -> str:
    """The generation of a COUNTED_MODELS model's rows in a district (None: in any)."""
    return f"rows:{label}:{'all' if district_id is None else district_id}"


def kept_totals(
    name: str, vary: list[object], user: User, compute: Callable[[], T], *, rows: str
) -> T:
    """`compute()`'s result, sums over the rows of `rows` (a COUNTED_MODELS label) that
    `user` may see, kept per user, `name` and `vary` values.

    Renewed when a row of CHOICE_MODELS changes (what the filters match on) or a `rows` row
    of the user's district is written (of any district, for a user without one). For
    totals shown beside rows read afresh: they must never disagree. Without the cache they
    are computed each time.
    """
    digest = hashlib.blake2b(repr(vary).encode(), digest_size=16).hexdigest()
    owner = _owner(user)
    generations = (GENERATION_KEY, rows_generation_key(rows, user.district_id))

    def key_for(generation: str) -> str:
        return f"totals:{generation}:{name}:{owner}:{digest}"

    return _kept(name, key_for, compute, generations)


def _kept(
    what: str,
    key_for: Callable[[str], str],
    compute: Callable[[], T | None],
    generation_keys: tuple[str, ...] = (GENERATION_KEY,),
) -> T | None:
    """The value kept under `key_for`'s key for the current generations, or `compute()`'s,
    then kept unless None. Without the cache (a warning naming `what`) computed each time."""
    try:
        key, value = _lookup(key_for, generation_keys)
    except Exception:
        logger.warning("choices cache unavailable: computing %s", what)
        key, value = None, None
    if value is None:
        value = compute()
        if key is not None and value is not None:
            _keep(key, value)
    return value


def _keep(key: str, value: object) -> None:
    try:
        cache.set(key, value, settings.CHOICES_CACHE_SECONDS)
    except Exception:
        logger.warning("choices cache unavailable: %s not kept", key.split(":", 1)[0])


def new_generation(**kwargs) -> None:
    """Forget every kept value (a signal receiver: a choice row was saved or deleted).

    At once, and again when the transaction commits: a request that read the old rows
    between the two would otherwise keep them under the new generation. A save must not
    fail because the cache is down: the kept values then expire within CHOICES_CACHE_SECONDS.
    """
    _bump_generation()
    transaction.on_commit(_bump_generation)


def new_generation_on_links(action: str, **kwargs) -> None:
    """`new_generation` once a CHOICE_RELATIONS field's links have changed (a receiver of
    m2m_changed, which also fires before the change)."""
    if action.startswith("post_"):
        new_generation()


def _bump_generation() -> None:
    try:
        cache.set(GENERATION_KEY, secrets.token_hex(4), None)
    except Exception:
        logger.warning("choices cache unavailable: kept options expire by themselves")


def new_rows_generation(sender: type, instance: object, **kwargs) -> None:
    """Forget the totals kept over a COUNTED_MODELS row's district, and over all districts
    (a signal receiver: the row was saved or deleted). At once and on commit, as above."""
    label = sender._meta.label
    district_id = getattr(instance, COUNTED_MODELS[label])
    names = [rows_generation_key(label, district_id), rows_generation_key(label, None)]
    _bump(names)
    transaction.on_commit(lambda: _bump(names))


def _bump(names: list[str]) -> None:
    try:
        cache.set_many(dict.fromkeys(names, secrets.token_hex(4)), None)
    except Exception:
        logger.warning("choices cache unavailable: kept totals expire by themselves")


def connect_signals() -> None:
    for label in CHOICE_MODELS:
        model = apps.get_model(label)
        uid = f"choices-{label}"
        post_save.connect(new_generation, sender=model, dispatch_uid=uid + "-save")
        post_delete.connect(new_generation, sender=model, dispatch_uid=uid + "-delete")
    for label, field in CHOICE_RELATIONS:
        through = getattr(apps.get_model(label), field).through
        uid = f"choices-{label}.{field}"
        m2m_changed.connect(new_generation_on_links, sender=through, dispatch_uid=uid)
    for label in COUNTED_MODELS:
        model = apps.get_model(label)
        uid = f"rows-{label}"
        post_save.connect(new_rows_generation, sender=model, dispatch_uid=uid + "-save")
        post_delete.connect(new_rows_generation, sender=model, dispatch_uid=uid + "-delete")
