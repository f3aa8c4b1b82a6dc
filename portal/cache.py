"""Django's Redis cache, with one redis-py client per connection pool, failing fast when hung.

Django's `RedisCacheClient.get_client` makes a new `redis.Redis` for every cache operation,
and redis-py builds its table of ~165 response callbacks in each one (redis/redis-py#3624):
a get cost 0.21 ms of CPU with it and 0.09 ms without, several times on every page that
reads the cache (sessions, kept filter forms, the badge, the QR form's station). A
`redis.Redis` is safe to share between threads (it takes a connection from the pool for each
command), so each pool keeps one.

Each operation waits at most REDIS_TIMEOUTS; once one timed out or could not connect, the
following ones fail at once for REDIS_PAUSE_SECONDS (portal/breaker.py) with the
`redis.ConnectionError` their callers already handle. The cache works as before otherwise.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import Any

from django.core.cache.backends import redis as django_redis

from portal import breaker


def _failing_fast(operation: Callable[..., Any]) -> Callable[..., Any]:
    """`operation` of Django's client, refused at once while its server is paused."""

    @functools.wraps(operation)
    def call(self: RedisCacheClient, *args: Any, **kwargs: Any) -> Any:
        server = self._servers[0]  # LOCATION is one server here: reads and writes go to it
        if breaker.is_paused(server):
            raise self._lib.ConnectionError("Redis did not answer a moment ago: not tried")
        try:
            return operation(self, *args, **kwargs)
        except (self._lib.ConnectionError, self._lib.TimeoutError):
            breaker.pause(server)
            raise

    return call


class RedisCacheClient(django_redis.RedisCacheClient):
    def __init__(self, servers: list[str], **options: Any) -> None:
        super().__init__(servers, **options)
        self._clients: dict[int, Any] = {}

    def get_client(self, key: Any = None, *, write: bool = False) -> Any:
        pool = self._get_connection_pool(write)
        client = self._clients.get(id(pool))
        if client is None:
            client = self._clients[id(pool)] = self._client(connection_pool=pool)
        return client

    # Every operation of Django's client: each is one round trip (set_many one pipeline).
    add = _failing_fast(django_redis.RedisCacheClient.add)
    get = _failing_fast(django_redis.RedisCacheClient.get)
    set = _failing_fast(django_redis.RedisCacheClient.set)
    touch = _failing_fast(django_redis.RedisCacheClient.touch)
    delete = _failing_fast(django_redis.RedisCacheClient.delete)
    get_many = _failing_fast(django_redis.RedisCacheClient.get_many)
    has_key = _failing_fast(django_redis.RedisCacheClient.has_key)
    incr = _failing_fast(django_redis.RedisCacheClient.incr)
    set_many = _failing_fast(django_redis.RedisCacheClient.set_many)
    delete_many = _failing_fast(django_redis.RedisCacheClient.delete_many)
    clear = _failing_fast(django_redis.RedisCacheClient.clear)


class RedisCache(django_redis.RedisCache):
    def __init__(self, server: str, params: dict[str, Any]) -> None:
        super().__init__(server, params)
        self._class = RedisCacheClient
