"""Sessions read from the cache and kept in the database, that survive a cache outage.

Every signed-in page reads its session: with Django's `cached_db` store that is one Redis GET
instead of a database query. Django's store already survives a failed cache read and a failed
cache write on save, but not a failed cache fill after a database read, a failed existence
check (at sign-in) or a failed cache delete (at sign-out): with Redis down those would turn
every signed-in page into an error. Here each falls back to the database alone.

Only the cache's own errors fall back: a database error is an outage, which the 503 page
answers, not a reason to read the database again.

Used only with Redis (settings: REDIS_URL). With a per-process memory cache a session
deleted by one process (sign-out) would live on in the others' caches.
"""

from __future__ import annotations

import logging

from django.contrib.sessions.backends import cached_db, db
from redis.exceptions import RedisError

logger = logging.getLogger("django.contrib.sessions")


class SessionStore(cached_db.SessionStore):
    def load(self) -> dict:
        try:
            return super().load()
        except RedisError:
            # The cache failed after the database was read (super() survives a failed get).
            logger.warning("session cache unavailable: the session is read from the database")
            return db.SessionStore.load(self)

    def exists(self, session_key: str) -> bool:
        try:
            return super().exists(session_key)
        except RedisError:
            logger.warning("session cache unavailable: checking the database alone")
            return db.SessionStore.exists(self, session_key)

    def delete(self, session_key: str | None = None) -> None:
        db.SessionStore.delete(self, session_key)
        key = session_key or self.session_key
        if key is None:
            return
        try:
            self._cache.delete(self.cache_key_prefix + key)
        except RedisError:
            # The row is gone; the kept copy expires with the session's age at most.
            logger.warning("session cache unavailable: a deleted session stays cached")
