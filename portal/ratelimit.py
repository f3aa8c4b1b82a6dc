"""Fixed-window rate limits on Django's cache, keyed by hashed identities (IPs, phones)."""

from __future__ import annotations

import ipaddress
import logging
import math
import time
from dataclasses import dataclass

from django.conf import settings
from django.core.cache import cache
from django.http import HttpRequest, HttpResponse
from django.utils.crypto import salted_hmac

from portal.errors import error_page

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class Verdict:
    """Whether a request may go on, and if not, how many seconds until the window ends."""

    allowed: bool
    retry_after: int = 0


ALLOWED = Verdict(allowed=True)


def _key(scope: str, identity: str, window: int) -> str:
    # A keyed hash: a phone number never appears in a cache key, and a dump of the cache
    # cannot be reversed by hashing all 10¹⁰ mobile numbers without the secret key.
    digest = salted_hmac("portal.ratelimit", f"{scope}:{identity}").hexdigest()[:32]
    return f"ratelimit:{scope}:{digest}:{window}"


def hit(scope: str, identity: str) -> Verdict:
    """Count one request of `identity` against `settings.RATE_LIMITS[scope]`."""
    if not settings.RATE_LIMITS_ENABLED or not identity:
        return ALLOWED
    limit, period = settings.RATE_LIMITS[scope]
    now = time.time()
    window = int(now // period)
    key = _key(scope, identity, window)
    try:
        cache.add(key, 0, timeout=period + 1)
        try:
            count = cache.incr(key)
        except ValueError:
            # The key expired (or was evicted) between add and incr: this is its first hit.
            cache.set(key, 1, timeout=period + 1)
            count = 1
    except Exception:
        # The cache (Redis) is down: a citizen's submission matters more than the count, so
        # the request goes on; the honeypot and fill-time guards still apply.
        logger.warning("rate limit %s not checked: the cache is unavailable", scope)
        return ALLOWED
    if count <= limit:
        return ALLOWED
    logger.info("rate limit reached: %s", scope)
    return Verdict(allowed=False, retry_after=max(1, math.ceil((window + 1) * period - now)))


def client_ip(request: HttpRequest) -> str:
    """The client's address; an IPv6 client counts as its /64, which one household holds.

    X-Forwarded-For is read only when settings.RATE_LIMIT_TRUST_FORWARDED_FOR is on (the
    site runs behind a proxy that appends the address it saw): anyone can send the header.
    """
    address = request.META.get("REMOTE_ADDR", "")
    if getattr(settings, "RATE_LIMIT_TRUST_FORWARDED_FOR", False):
        forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
        if forwarded.strip():
            address = forwarded.split(",")[-1].strip()
    try:
        parsed = ipaddress.ip_address(address)
    except ValueError:
        return address
    if isinstance(parsed, ipaddress.IPv6Address):
        if parsed.ipv4_mapped is not None:
            return str(parsed.ipv4_mapped)
        return str(ipaddress.ip_network(f"{parsed}/64", strict=False))
    return str(parsed)


def too_many_requests(request: HttpRequest, verdict: Verdict) -> HttpResponse:
    """HTTP 429 with a friendly page (one of portal.errors') and a Retry-After header."""
    minutes = max(1, math.ceil(verdict.retry_after / 60))
    response = error_page(request, 429, "429.html", {"minutes": minutes})
    response["Retry-After"] = str(verdict.retry_after)
    response["Cache-Control"] = "no-store"
    return response
