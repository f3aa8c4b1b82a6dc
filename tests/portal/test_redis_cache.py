"""The Redis cache reuses one redis-py client per connection pool and works as Django's."""

import pytest
from django.core.cache import caches

from portal.cache import RedisCache

pytestmark = pytest.mark.redis


@pytest.fixture
def redis_cache(settings):
    url = settings.CACHES["default"]["LOCATION"]
    cache = RedisCache(url, {"KEY_PREFIX": settings.CACHES["default"]["KEY_PREFIX"]})
    yield cache
    cache.delete_many(["answer", "count"])  # not clear(): that would empty the whole database


def test_the_settings_choose_it_with_redis():
    assert isinstance(caches["default"], RedisCache)


def test_one_client_serves_every_operation(redis_cache):
    client = redis_cache._cache.get_client()

    assert redis_cache._cache.get_client("key") is client
    assert redis_cache._cache.get_client(write=True) is client


def test_it_stores_reads_counts_and_forgets(redis_cache):
    redis_cache.set("answer", {"n": 42}, 60)
    assert redis_cache.get("answer") == {"n": 42}
    assert redis_cache.add("answer", "other") is False
    redis_cache.set("count", 1)
    assert redis_cache.incr("count") == 2
    assert redis_cache.get_many(["answer", "count", "missing"]) == {"answer": {"n": 42}, "count": 2}
    redis_cache.delete("answer")
    assert redis_cache.get("answer", "gone") == "gone"
