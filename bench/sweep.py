"""Time the reminder sweep twice: with the generated reminders due, then with nothing due.

Run inside Django against the benchmark database (`python -m bench.sweep`); prints one JSON
line with the seconds and the counts of each sweep.
"""

from __future__ import annotations

import json
import os
import time

import django


def main() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portal.settings")
    django.setup()
    from reminders.services import sweep

    result = {}
    for name in ("due", "nothing_due"):
        started = time.monotonic()
        counts = sweep()
        result[name] = {
            "seconds": round(time.monotonic() - started, 3),
            "counts": {k: v for k, v in counts.items() if v},
        }
    print("SWEEP " + json.dumps(result), flush=True)


if __name__ == "__main__":
    main()
