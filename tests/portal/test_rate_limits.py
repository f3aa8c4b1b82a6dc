"""The fixed-window rate limiter on Django's cache, and whose address it counts."""

from unittest import mock

import pytest
from django.test import RequestFactory

from portal import ratelimit


@pytest.fixture
def limits(settings):
    settings.RATE_LIMITS = {"test": (2, 60)}
    return settings


def test_hits_within_the_limit_are_allowed(limits):
    assert [ratelimit.hit("test", "a").allowed for _ in range(3)] == [True, True, False]


def test_each_identity_has_its_own_count(limits):
    ratelimit.hit("test", "a")
    ratelimit.hit("test", "a")
    assert ratelimit.hit("test", "b").allowed


def test_the_count_starts_again_in_the_next_window(limits):
    with mock.patch("portal.ratelimit.time.time", return_value=6000.0):
        for _ in range(3):
            ratelimit.hit("test", "a")
    with mock.patch("portal.ratelimit.time.time", return_value=6060.0):
        assert ratelimit.hit("test", "a").allowed


def test_retry_after_is_the_rest_of_the_window(limits):
    with mock.patch("portal.ratelimit.time.time", return_value=6015.5):
        for _ in range(2):
            ratelimit.hit("test", "a")
        assert ratelimit.hit("test", "a").retry_after == 45


def test_limits_can_be_switched_off(limits):
    limits.RATE_LIMITS_ENABLED = False
    assert all(ratelimit.hit("test", "a").allowed for _ in range(5))


def test_cache_keys_hold_no_identity(limits):
    key = ratelimit._key("test", "13712345678", 1)
    assert "1371234" not in key and "5678" not in key


def test_the_client_address_is_remote_addr():
    request = RequestFactory().get("/", REMOTE_ADDR="10.1.2.3", HTTP_X_FORWARDED_FOR="8.8.8.8")
    assert ratelimit.client_ip(request) == "10.1.2.3"


def test_forwarded_for_is_read_only_when_the_setting_trusts_it(settings):
    settings.RATE_LIMIT_TRUST_FORWARDED_FOR = True
    request = RequestFactory().get(
        "/", REMOTE_ADDR="127.0.0.1", HTTP_X_FORWARDED_FOR="6.6.6.6, 10.1.2.3"
    )
    assert ratelimit.client_ip(request) == "10.1.2.3"


def test_an_ipv6_client_counts_as_its_64_network():
    one = RequestFactory().get("/", REMOTE_ADDR="2001:db8:1:2::1")
    other = RequestFactory().get("/", REMOTE_ADDR="2001:db8:1:2:ffff::9")
    assert ratelimit.client_ip(one) == ratelimit.client_ip(other) == "2001:db8:1:2::/64"


def test_an_unreachable_cache_lets_the_request_through(settings):
    # Port 9 on loopback has no server: the same failure as Redis being down.
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": "redis://127.0.0.1:9/0",
            "OPTIONS": {"socket_connect_timeout": 1, "socket_timeout": 1},
        }
    }
    assert ratelimit.hit("submit_ip", "198.51.100.7").allowed
