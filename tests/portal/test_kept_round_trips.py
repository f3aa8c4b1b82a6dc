"""A kept value is read with its generation in one round trip, and is never a stale one."""

import pytest
from django.core.cache import cache

from portal import choices

pytestmark = pytest.mark.django_db


class CountingCache:
    """The cache, with every read the kept lookups make of it written down in order."""

    def __init__(self, made: list[str]) -> None:
        self.made = made

    def get(self, key, *args, **kwargs):
        self.made.append("get")
        return cache.get(key, *args, **kwargs)

    def get_many(self, keys, *args, **kwargs):
        self.made.append("get_many")
        return cache.get_many(keys, *args, **kwargs)

    def __getattr__(self, name):
        return getattr(cache, name)


@pytest.fixture
def reads(monkeypatch):
    made = []
    monkeypatch.setattr(choices, "cache", CountingCache(made))
    return made


def test_a_kept_value_is_one_round_trip_while_the_generation_stands(reads):
    assert choices.kept_value("answer", lambda: 42) == 42
    reads.clear()

    assert choices.kept_value("answer", lambda: pytest.fail("computed again")) == 42

    assert reads == ["get_many"]


def test_a_new_generation_is_read_at_once_and_the_value_computed_afresh(reads):
    choices.kept_value("answer", lambda: 42)
    choices.new_generation()
    reads.clear()

    assert choices.kept_value("answer", lambda: 43) == 43
    # The generation moved on: the value is looked for again under the new one.
    assert reads == ["get_many", "get"]
    reads.clear()
    assert choices.kept_value("answer", lambda: pytest.fail("computed again")) == 43
    assert reads == ["get_many"]


def test_another_process_renewing_the_generation_is_seen(reads):
    choices.kept_value("answer", lambda: 42)
    # As another process's save does it: only the generation in the cache changes.
    cache.set(choices.GENERATION_KEY, "elsewhere", None)

    assert choices.kept_value("answer", lambda: 43) == 43


def test_a_kept_fragment_is_one_round_trip_too(reads, shinan_staff):
    choices.kept_fragment("form", ["a"], shinan_staff, lambda: "<form></form>")
    reads.clear()

    markup = choices.kept_fragment(
        "form", ["a"], shinan_staff, lambda: pytest.fail("rendered again")
    )

    assert markup == "<form></form>"
    assert reads == ["get_many"]


def test_kept_totals_are_one_round_trip_with_both_generations(reads, shinan_staff):
    def totals(compute):
        return choices.kept_totals("sums", ["a"], shinan_staff, compute, rows=ACTIVITY)

    totals(lambda: {"count": 1})
    reads.clear()
    assert totals(lambda: pytest.fail("summed again")) == {"count": 1}
    assert reads == ["get_many"]

    # Another process saved an activity of the district: only its generation moved on.
    cache.set(choices.rows_generation_key(ACTIVITY, shinan_staff.district_id), "new", None)
    assert totals(lambda: {"count": 2}) == {"count": 2}


ACTIVITY = "representatives.Activity"


@pytest.mark.usefixtures("cache_down")
def test_without_the_cache_the_value_is_computed_each_time():
    assert choices.kept_value("answer", lambda: 42) == 42
    assert choices.kept_value("answer", lambda: 43) == 43
