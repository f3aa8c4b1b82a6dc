"""The bench empties its own Redis database before and after a run, and never db 0."""

import os

import pytest
import redis

from bench.run import empty_redis

SERVER = os.environ.get("REDIS_URL", "redis://127.0.0.1:6379/0").rsplit("/", 1)[0]


@pytest.fixture
def bench_db():
    url = f"{SERVER}/13"
    client = redis.Redis.from_url(url)
    try:
        client.ping()
    except redis.RedisError:
        pytest.skip("no Redis server")
    yield url, client
    client.flushdb()


def test_its_own_database_is_emptied(bench_db):
    url, client = bench_db
    client.set("left-over", "1")

    empty_redis(url)

    assert client.dbsize() == 0


@pytest.mark.usefixtures("bench_db")
def test_db_0_is_refused_and_left_alone():
    portal = redis.Redis.from_url(f"{SERVER}/0")
    portal.set("bench-test-canary", "1", ex=60)

    with pytest.raises(SystemExit, match="db 0"):
        empty_redis(f"{SERVER}/0")

    assert portal.get("bench-test-canary") == b"1"
    portal.delete("bench-test-canary")


def test_a_silent_server_stops_the_run_with_a_clear_message():
    with pytest.raises(SystemExit, match="not answering"):
        empty_redis("redis://127.0.0.1:1/15")
