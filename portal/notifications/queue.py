"""Handing work to Celery after commit, without ever failing or stalling the caller."""

from __future__ import annotations

import logging
from functools import partial

from django.db import transaction

logger = logging.getLogger(__name__)


def enqueue(task_name: str, *args: int | str) -> bool:
    """Queue `task_name(*args)`; False (and a warning) if the broker cannot take it now.

    Arguments are ids, never personal data. The broker settings make a publish give up
    within about a second when the broker is down, and the reminder sweep finds whatever
    was not queued (every message is a database row first), so a request never waits on
    Redis and never fails because of it.
    """
    from portal.celery import app

    try:
        app.send_task(task_name, args=list(args), retry=False)
    except Exception as error:  # any broker error: the sweep is the safety net
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
