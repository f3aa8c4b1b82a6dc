"""Run calls at the same moment in threads, each thread with its own database connection."""

from __future__ import annotations

import threading
from collections.abc import Callable

from django.db import connections


def race(*calls: Callable[[], object]) -> list[object]:
    """Run `calls` at once in separate threads; each call's result, or the error it raised."""
    barrier = threading.Barrier(len(calls))
    outcomes: list = [None] * len(calls)

    def run(index: int, call: Callable[[], object]) -> None:
        try:
            barrier.wait()
            outcomes[index] = call()
        except Exception as error:  # the loser's error is the result under test
            outcomes[index] = error
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run, args=(i, call)) for i, call in enumerate(calls)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    return outcomes
