"""Handing work to Celery after commit, without ever failing or stalling the caller."""

from __future__ import annotations

import logging
from functools import partial

from django.db import transaction

from portal import breaker

logger = logging.getLogger(__name__)


def enqueue(task_name: str, *args: int | str) -> bool:
    """Queue `task_name(*args)`; False (and a warning) if the broker cannot take it now.

    Arguments are ids, never personal data. The broker settings make a publish give up
    within about a second when the broker is down or hung, and after a failure the next
    publishes (and cache calls to the same Redis) are not even tried for a few seconds
    (portal/breaker.py); the reminder sweep finds whatever was not queued (every message is
    a database row first), so a request never waits long on Redis and never fails because
    of it.
    """
    from portal.celery import app

    broker = app.conf.broker_url
    if breaker.is_paused(broker):
        logger.warning(
            "Did not queue %s (the broker failed a moment ago); the reminder sweep will send it",
            task_name,
        )
        return False
    try:
        app.send_task(task_name, args=list(args), retry=False)
    except Exception as error:  # any broker error: the sweep is the safety net
        breaker.pause(broker)
        logger.warning(
            "Could not queue %s (%s: %s); the reminder sweep will send it",
            task_name,
            type(error).__name__,
            error,
        )
        return False
    return True


def enqueue_after_commit(task_name: str, *args: int | str) -> None:
    """Queue the task once the current transaction commits (at once outside one)."""
    transaction.on_commit(partial(enqueue, task_name, *args))
