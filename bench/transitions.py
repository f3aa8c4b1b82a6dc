"""Timing the staff's transitions: the closed loop walked by 市南's staff, 8 POSTs at a time.

wrk picks its requests at random and repeats them, but an issue moves through each step
once: a repeated POST is refused (a redirect with an error) and would be timed as if it
were one. So each request here moves a different issue, as 市南's staff, with the form the
issue page posts, from `--connections` threads at once against the same gunicorn; and the
steps follow one another on the same issues, as the loop (收集—响应—督办) does:

- register (登记) a submitted issue: its category, the category's usual deadline, nobody
  assigned yet;
- transfer (转办) it to the district's first department, keeping the deadline;
- answer (答复) it: a text, no photos;
- close (销号) it.

Each step's first WARMUP issues are moved first and not counted. Afterwards the issues are
counted in the step's target state: a POST that answered but did not move its issue is an
error, and so is an answer that is not the redirect to the issue's page.

    python -m bench.transitions http://127.0.0.1:8765 --count 400   (in bench.run's settings)

Prints `TRANSITIONS {json}`: for each step, its requests, their p50/p95/p99/max in ms, how
many issues reached the step's state and how many answers were wrong; or why none were timed.
"""

from __future__ import annotations

import argparse
import json
import math
import time
import urllib.error
import urllib.request
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from http.client import HTTPException
from urllib.parse import urlencode

WARMUP = 16  # moved first in each step, not counted: each worker's caches fill
ANSWER = "已转交相关部门办理完毕，特此答复。"  # the answer the bench gives (answered issues)


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args: object, **kwargs: object) -> None:
        return None  # the 302 itself is the answer


_opener = urllib.request.build_opener(_NoRedirect)


def loop_steps(username: str) -> list[tuple[str, str, Callable[[int], dict[str, str]]]]:
    """Inside Django: the loop's steps, (action, target state, the form's fields for an
    issue of this category), for `username`'s district."""
    from issues.models import State
    from portal.models import Department, User

    user = User.objects.get(username=username)
    department = (
        Department.objects.filter(district_id=user.district_id, is_active=True)
        .order_by("pk")
        .values_list("pk", flat=True)
        .first()
    )
    return [
        (
            "register",
            State.REGISTERED,
            lambda category: {"category": str(category), "deadline": "", "assignee": ""},
        ),
        ("transfer", State.TRANSFERRED, lambda _category: {"department": str(department)}),
        ("answer", State.ANSWERED, lambda _category: {"answer": ANSWER}),
        ("close", State.CLOSED, lambda _category: {}),
    ]


def loop_issues(username: str, count: int) -> list[tuple[int, int]]:
    """Inside Django: (id, category id) of up to `count` submitted issues of the district."""
    from issues.models import Issue, State
    from portal.models import User

    user = User.objects.get(username=username)
    submitted = Issue.objects.filter(district_id=user.district_id, state=State.SUBMITTED)
    return list(submitted.order_by("pk").values_list("pk", "category_id")[:count])


def action_requests(
    action: str,
    fields: Callable[[int], dict[str, str]],
    issues: list[tuple[int, int]],
    csrf: str,
) -> list[tuple[int, str, str]]:
    """Inside Django: (issue id, path, body) of `action` on each issue, as its form posts it
    (each field under the form's prefix, the action's name, with an empty note)."""
    from django.urls import reverse

    requests = []
    for pk, category in issues:
        values = {"note": "", **fields(category)}
        body = {"csrfmiddlewaretoken": csrf, **{f"{action}-{k}": v for k, v in values.items()}}
        path = reverse("workbench:issue-action", args=[pk, action])
        requests.append((pk, path, urlencode(body)))
    return requests


def signed_in(username: str) -> tuple[str, str]:
    """Inside Django: the CSRF secret and the cookie that signs `username` in with it."""
    from bench.fixtures import csrf_secret, session_cookie

    csrf = csrf_secret()
    return csrf, f"{session_cookie(username)}; csrftoken={csrf}"


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


def timed_step(
    base: str,
    action: str,
    target: str,
    requests: list[tuple[int, str, str]],
    cookie: str,
    connections: int,
) -> dict:
    """Inside Django: post `requests` (the first WARMUP untimed), then count what moved."""
    from issues.models import Issue

    warm, timed = requests[:WARMUP], requests[WARMUP:]
    post_all(base, [(path, body) for _pk, path, body in warm], cookie, connections)
    answers = post_all(base, [(path, body) for _pk, path, body in timed], cookie, connections)
    seconds = sorted(elapsed for _status, elapsed, _location in answers)
    ids = [pk for pk, _path, _body in timed]
    wrong = sum(
        1
        for (pk, _path, _body), (status, _elapsed, location) in zip(timed, answers, strict=True)
        if status != 302 or not location.rstrip("/").endswith(f"/{pk}")
    )
    return {
        "action": action,
        "requests": len(timed),
        "connections": connections,
        "p50_ms": percentile(seconds, 0.50) * 1000,
        "p95_ms": percentile(seconds, 0.95) * 1000,
        "p99_ms": percentile(seconds, 0.99) * 1000,
        "max_ms": seconds[-1] * 1000 if seconds else 0.0,
        "done": Issue.objects.filter(pk__in=ids, state=target).count(),
        "errors": wrong,
    }


def walk_loop(base: str, username: str, count: int, connections: int) -> dict:
    """Inside Django: every step of the loop on the same WARMUP + `count` issues, in turn."""
    issues = loop_issues(username, WARMUP + count)
    if len(issues) <= WARMUP:
        # A small or often reused database: say so rather than fail the run's other figures.
        return {"skipped": f"only {len(issues)} submitted issues left to register", "steps": []}
    csrf, cookie = signed_in(username)
    steps = []
    for action, target, fields in loop_steps(username):
        requests = action_requests(action, fields, issues, csrf)
        steps.append(timed_step(base, action, target, requests, cookie, connections))
    return {"steps": steps}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("base", help="the served portal, e.g. http://127.0.0.1:8765")
    parser.add_argument("--count", type=int, default=400, help="issues timed in each step (400)")
    parser.add_argument("--connections", type=int, default=8)
    parser.add_argument("--user", default="shinan", help="the district staff (default: shinan)")
    args = parser.parse_args()

    import django

    django.setup()
    result = walk_loop(args.base, args.user, args.count, args.connections)
    print("TRANSITIONS " + json.dumps(result))


if __name__ == "__main__":
    main()
