"""Time the reminder sweep: with the generated reminders due, then with nothing due.

Run inside Django against the benchmark database (`python -m bench.sweep`); prints one JSON
line with the seconds and the counts of each sweep.

The sweep with nothing due runs at the same instant as the first (`now`): everything due
then has just been claimed, so it measures what every periodic run pays to find that there
is nothing to send. Run at the clock's time instead, it would also send what came due
while the first sweep worked (minutes at the default scale): that is the third sweep,
"caught up", timed for the record.
"""

from __future__ import annotations

import json
import os
import time

import django


def main() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portal.settings")
    django.setup()
    from django.utils import timezone

    from reminders.services import sweep

    first = timezone.now()
    result = {}
    for name, now in (("due", first), ("nothing_due", first), ("caught_up", None)):
        started = time.monotonic()
        counts = sweep(now=now)
        result[name] = {
            "seconds": round(time.monotonic() - started, 3),
            "counts": {k: v for k, v in counts.items() if v},
        }
    print("SWEEP " + json.dumps(result), flush=True)


if __name__ == "__main__":
    main()
