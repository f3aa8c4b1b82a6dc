"""The instructions a page costs the portal's Python process, counted by Valgrind.

On the benchmark machine wrk's figures move by up to ±20 % from one run to the next and
in-process timings by ±30 %, more than most single changes save. The number of instructions
a request executes moves by under 1 % (the same code, the same database). This serves a
page's requests in-process (Django's WSGI handler, a signed-in session, the benchmark
database `bench.run --keep` leaves), under `valgrind --tool=cachegrind`: once with the
warm-up requests alone and once with `--requests` more, and prints the difference per
request. PostgreSQL's and Redis's own work is not in it; the queries' building and reading
is. Instructions are not time (a cache miss costs more than an addition), so a change is
judged by both: fewer instructions, then wrk (docs/PERFORMANCE.md).

    .venv/bin/python -m bench.instructions /work/issues/ '/work/issues/?state=transferred'
    .venv/bin/python -m bench.instructions --user deputy /work/ /work/mine/
    .venv/bin/python -m bench.instructions --scenario submit

The requests are the URLs given, or the first `--warmup` of the request file `bench.fixtures`
writes for a scenario of `bench.run` (the requests and cookie wrk sends, POSTs included; a
submission's add issues to the database, as the benchmark's own do). Both runs go round
them: the warm-up serves each once and every counted request repeats one it served, so
what a request keeps in the cache is found, as in wrk's steady state, where each of a
scenario's 2,000 codes comes round again and again. Counted on requests never served
before, every kept lookup missed: the submission, one of 2,000 stations each, cost 12.1 M
instructions a request instead of 9.1 M. The Redis database (`--redis`, db 14 unless told,
never db 0) is emptied before each of the two runs, so both fill the same caches in their
warm-up.
"""

from __future__ import annotations

import argparse
import io
import json
import re
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import TypeVar

from bench.fixtures import lines
from bench.run import PYTHON, ROOT, bench_env, empty_redis

T = TypeVar("T")


def read_requests(path: Path) -> list[tuple[str, str, str]]:
    """A request file of `bench.fixtures` (method, path and body, tab-separated, a line each)."""
    lines = path.read_text().splitlines()
    return [(method, url, body) for method, url, body in (line.split("\t", 2) for line in lines)]


def warm_round(requests: list[T], warmup: int) -> list[T]:
    """The requests both runs go round: the first `warmup`, so that each counted request
    (served after the warm-up's) repeats one the warm-up served."""
    if warmup < 1:
        raise ValueError("the warm-up must serve at least one request")
    return requests[:warmup]


def served(requests: list[T], count: int) -> Iterator[T]:
    """The `count` requests a run serves, in order: round `requests` from the first."""
    for number in range(count):
        yield requests[number % len(requests)]


def serve(requests: list[tuple[str, str, str]], cookie: str | None, count: int) -> None:
    """Inside Django: serve `count` requests, going round `requests`, with `cookie`.

    A GET must answer 200 and a POST 302 (a form that did its work and redirects).
    """
    import django

    django.setup()
    from django.core.handlers.wsgi import WSGIHandler

    handler = WSGIHandler()
    statuses: list[str] = []

    def start_response(status: str, headers: list, *_: object) -> None:
        statuses.append(status)

    for method, url, body in served(requests, count):
        path, _, query = url.partition("?")
        data = body.encode()
        environ = {
            "REQUEST_METHOD": method,
            "PATH_INFO": path,
            "QUERY_STRING": query,
            "SERVER_NAME": "127.0.0.1",
            "SERVER_PORT": "80",
            "HTTP_HOST": "127.0.0.1",
            "REMOTE_ADDR": "127.0.0.1",
            "SERVER_PROTOCOL": "HTTP/1.1",
            "wsgi.url_scheme": "http",
            "wsgi.input": io.BytesIO(data),
            "wsgi.errors": sys.stderr,
        }
        if cookie:
            environ["HTTP_COOKIE"] = cookie
        if method == "POST":
            environ["CONTENT_TYPE"] = "application/x-www-form-urlencoded"
            environ["CONTENT_LENGTH"] = str(len(data))
        b"".join(handler(environ, start_response))
        expected = "302" if method == "POST" else "200"
        if not statuses[-1].startswith(expected):
            raise SystemExit(f"{method} {url} answered {statuses[-1]}")


def signed_in(username: str) -> str:
    """A session cookie for `username` (`bench.fixtures.session_cookie`, inside Django)."""
    import django

    django.setup()
    from bench.fixtures import session_cookie

    return session_cookie(username)


def instructions(work: Path, count: int, env: dict[str, str]) -> int:
    """The instructions a run of `count` requests (`work`'s) executes, start-up included."""
    empty_redis(env["REDIS_URL"])
    command = [
        "valgrind",
        "--tool=cachegrind",
        "--cache-sim=no",
        "--cachegrind-out-file=/dev/null",
        PYTHON,
        "-m",
        "bench.instructions",
        "--serve",
        str(count),
        str(work),
    ]
    completed = subprocess.run(command, cwd=ROOT, env=env, capture_output=True, text=True)
    found = re.search(r"I\s+refs:\s+([\d,]+)", completed.stderr)
    if completed.returncode or not found:
        raise SystemExit(f"the run under Valgrind failed:\n{completed.stderr[-3000:]}")
    return int(found.group(1).replace(",", ""))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("urls", nargs="*", help="paths to GET, e.g. /work/issues/")
    parser.add_argument("--user", default="shinan", help="who is signed in (default: shinan)")
    parser.add_argument(
        "--scenario",
        help="instead of URLs, a bench.run scenario's requests and cookie, e.g. submit",
    )
    parser.add_argument("--requests", type=int, default=40, help="requests counted (40)")
    parser.add_argument("--warmup", type=int, default=20, help="requests not counted (20)")
    parser.add_argument("--database", default="portal_bench")
    parser.add_argument("--redis", default="redis://127.0.0.1:6379/14")
    parser.add_argument("--serve", type=int, help=argparse.SUPPRESS)  # the run under Valgrind
    parser.add_argument("--signed-in", help=argparse.SUPPRESS)  # prints a session cookie
    args = parser.parse_args()
    if args.signed_in:
        print(signed_in(args.signed_in))
        return
    if args.serve is not None:
        work = Path(args.urls[0])
        cookie = (work / "cookie.txt").read_text()
        serve(read_requests(work / "requests.txt"), cookie, args.serve)
        return
    if bool(args.urls) == bool(args.scenario):
        parser.error("give either URLs or --scenario")
    if args.warmup < max(1, len(args.urls)):
        parser.error("--warmup must serve each URL at least once")
    if not shutil.which("valgrind"):
        raise SystemExit("valgrind is not installed: apt-get install -y valgrind")
    env = bench_env(args.database, args.redis, Path(ROOT) / "var" / "bench-instructions")
    # The same in both runs and in the fixtures (the submission's signed fill time).
    env["SECRET_KEY"] = "bench-instructions"
    with tempfile.TemporaryDirectory() as directory:
        work = Path(directory)
        prepare(args, work, env)
        warm = instructions(work, args.warmup, env)
        full = instructions(work, args.warmup + args.requests, env)
    print(f"{(full - warm) / args.requests:,.0f} instructions a request", flush=True)


def prepare(args: argparse.Namespace, work: Path, env: dict[str, str]) -> None:
    """Write `work`/requests.txt and `work`/cookie.txt for the run under Valgrind."""
    if args.scenario:
        fixtures = work / "fixtures"
        command = [PYTHON, "-m", "bench.fixtures", str(fixtures)]
        subprocess.run(command, cwd=ROOT, env=env, check=True)
        cookies = json.loads((fixtures / "cookies.json").read_text())
        if args.scenario not in cookies:
            raise SystemExit(f"no such scenario: {args.scenario} (one of {', '.join(cookies)})")
        requests = read_requests(fixtures / f"{args.scenario}.txt")
        (work / "requests.txt").write_text(lines(warm_round(requests, args.warmup)))
        (work / "cookie.txt").write_text(cookies[args.scenario])
        return
    (work / "requests.txt").write_text(lines([("GET", url, "") for url in args.urls]))
    command = [PYTHON, "-m", "bench.instructions", "--signed-in", args.user]
    cookie = subprocess.run(command, cwd=ROOT, env=env, check=True, capture_output=True, text=True)
    (work / "cookie.txt").write_text(cookie.stdout.strip())


if __name__ == "__main__":
    main()
