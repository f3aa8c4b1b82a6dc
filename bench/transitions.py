"""Timing the staff's transitions: citizens' issues registered (登记), 8 POSTs at a time.

wrk picks its requests at random and repeats them, but an issue is registered once: a
repeated POST is refused (a redirect with an error) and would be timed as if it were one.
So each request here registers a different submitted issue of 市南, as 市南's staff, with
the form the issue page posts (the issue's category, the category's usual deadline, nobody
assigned yet), from `--connections` threads at once against the same gunicorn. Afterwards
the issues are counted: a POST that answered but did not register its issue is an error.

    python -m bench.transitions http://127.0.0.1:8765 --count 400   (in bench.run's settings)

Prints `TRANSITIONS {json}`: the requests, their p50/p95/p99/max in ms, how many issues were
registered and how many answers were not the redirect to the issue's page.
"""

from __future__ import annotations

import argparse
import json
import math
import time
import urllib.error
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from http.client import HTTPException
from urllib.parse import urlencode

WARMUP = 16  # registered first, not counted: each worker's caches fill


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args: object, **kwargs: object) -> None:
        return None  # the 302 itself is the answer


_opener = urllib.request.build_opener(_NoRedirect)


def register_requests(username: str, count: int) -> tuple[list[tuple[int, str, str]], str]:
    """Inside Django: (issue id, path, body) for `count` submitted issues of `username`'s
    district, and the cookie that signs them in with a CSRF token."""
    from django.urls import reverse

    from bench.fixtures import csrf_secret, session_cookie
    from issues.models import Issue, State
    from portal.models import User

    user = User.objects.get(username=username)
    csrf = csrf_secret()
    submitted = Issue.objects.filter(district_id=user.district_id, state=State.SUBMITTED)
    chosen = submitted.order_by("pk").values_list("pk", "category_id")[:count]
    requests = [
        (
            pk,
            reverse("workbench:issue-action", args=[pk, "register"]),
            urlencode(
                {
                    "csrfmiddlewaretoken": csrf,
                    "register-category": category,
                    "register-deadline": "",
                    "register-assignee": "",
                    "register-note": "",
                }
            ),
        )
        for pk, category in chosen
    ]
    return requests, f"{session_cookie(username)}; csrftoken={csrf}"


def post(base: str, path: str, body: str, cookie: str) -> tuple[int, float, str]:
    """POST `body` to `path`: the status (0 for no answer), seconds, and where it redirects."""
    request = urllib.request.Request(
        base + path,
        data=body.encode(),
        headers={"Cookie": cookie, "Content-Type": "application/x-www-form-urlencoded"},
    )
    started = time.monotonic()
    try:
        with _opener.open(request, timeout=60) as response:
            response.read()
            status, location = response.status, response.headers.get("Location", "")
    except urllib.error.HTTPError as error:  # a 302 comes here, as no handler follows it
        status, location = error.code, error.headers.get("Location", "")
    except (urllib.error.URLError, HTTPException, ConnectionError, TimeoutError):
        status, location = 0, ""
    return status, time.monotonic() - started, location


def post_all(
    base: str, requests: list[tuple[str, str]], cookie: str, connections: int
) -> list[tuple[int, float, str]]:
    """Every request once, `connections` at a time, in the order given."""
    with ThreadPoolExecutor(max_workers=connections) as pool:
        return list(pool.map(lambda request: post(base, *request, cookie), requests))


def percentile(sorted_values: list[float], share: float) -> float:
    """The nearest-rank percentile of already sorted values."""
    if not sorted_values:
        return 0.0
    rank = max(math.ceil(share * len(sorted_values)) - 1, 0)
    return sorted_values[rank]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("base", help="the served portal, e.g. http://127.0.0.1:8765")
    parser.add_argument("--count", type=int, default=400, help="registrations timed (400)")
    parser.add_argument("--connections", type=int, default=8)
    parser.add_argument("--user", default="shinan", help="the district staff (default: shinan)")
    args = parser.parse_args()

    import django

    django.setup()
    from issues.models import Issue, State

    requests, cookie = register_requests(args.user, WARMUP + args.count)
    if len(requests) <= WARMUP:
        # A small or often reused database: say so rather than fail the run's other figures.
        skipped = f"only {len(requests)} submitted issues left to register"
        print("TRANSITIONS " + json.dumps({"requests": 0, "skipped": skipped}))
        return
    warm, timed = requests[:WARMUP], requests[WARMUP:]
    post_all(args.base, [(path, body) for _pk, path, body in warm], cookie, args.connections)
    answers = post_all(
        args.base, [(path, body) for _pk, path, body in timed], cookie, args.connections
    )
    seconds = sorted(elapsed for _status, elapsed, _location in answers)
    ids = [pk for pk, _path, _body in timed]
    registered = Issue.objects.filter(pk__in=ids, state=State.REGISTERED).count()
    wrong = sum(
        1
        for (pk, _path, _body), (status, _elapsed, location) in zip(timed, answers, strict=True)
        if status != 302 or not location.rstrip("/").endswith(f"/{pk}")
    )
    result = {
        "requests": len(timed),
        "connections": args.connections,
        "p50_ms": percentile(seconds, 0.50) * 1000,
        "p95_ms": percentile(seconds, 0.95) * 1000,
        "p99_ms": percentile(seconds, 0.99) * 1000,
        "max_ms": seconds[-1] * 1000 if seconds else 0.0,
        "registered": registered,
        "errors": wrong,
    }
    print("TRANSITIONS " + json.dumps(result))


if __name__ == "__main__":
    main()
