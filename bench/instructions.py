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

The requests go round the URLs given. The Redis database (`--redis`, db 14 unless told, never
db 0) is emptied before each of the two runs, so both fill the same caches in their warm-up.
"""

from __future__ import annotations

import argparse
import io
import re
import shutil
import subprocess
import sys
from pathlib import Path

from bench.run import PYTHON, ROOT, bench_env, empty_redis


def serve(urls: list[str], username: str, count: int) -> None:
    """Inside Django: sign `username` in and serve `count` GETs, going round `urls`."""
    import django

    django.setup()
    from django.conf import settings
    from django.core.handlers.wsgi import WSGIHandler
    from django.test import Client

    from portal.models import User

    client = Client()
    client.force_login(User.objects.get(username=username))
    cookie = f"{settings.SESSION_COOKIE_NAME}={client.cookies[settings.SESSION_COOKIE_NAME].value}"
    handler = WSGIHandler()
    statuses: list[str] = []

    def start_response(status: str, headers: list, *_: object) -> None:
        statuses.append(status)

    for number in range(count):
        path, _, query = urls[number % len(urls)].partition("?")
        environ = {
            "REQUEST_METHOD": "GET",
            "PATH_INFO": path,
            "QUERY_STRING": query,
            "SERVER_NAME": "127.0.0.1",
            "SERVER_PORT": "80",
            "HTTP_HOST": "127.0.0.1",
            "HTTP_COOKIE": cookie,
            "SERVER_PROTOCOL": "HTTP/1.1",
            "wsgi.url_scheme": "http",
            "wsgi.input": io.BytesIO(),
            "wsgi.errors": sys.stderr,
        }
        b"".join(handler(environ, start_response))
        if not statuses[-1].startswith("200"):
            raise SystemExit(f"{urls[number % len(urls)]} answered {statuses[-1]}")


def instructions(args: argparse.Namespace, count: int, env: dict[str, str]) -> int:
    """The instructions a run of `count` requests executes, start-up included."""
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
        "--user",
        args.user,
        *args.urls,
    ]
    completed = subprocess.run(command, cwd=ROOT, env=env, capture_output=True, text=True)
    found = re.search(r"I\s+refs:\s+([\d,]+)", completed.stderr)
    if completed.returncode or not found:
        raise SystemExit(f"the run under Valgrind failed:\n{completed.stderr[-3000:]}")
    return int(found.group(1).replace(",", ""))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("urls", nargs="+", help="paths to GET, e.g. /work/issues/")
    parser.add_argument("--user", default="shinan", help="who is signed in (default: shinan)")
    parser.add_argument("--requests", type=int, default=40, help="requests counted (40)")
    parser.add_argument("--warmup", type=int, default=20, help="requests not counted (20)")
    parser.add_argument("--database", default="portal_bench")
    parser.add_argument("--redis", default="redis://127.0.0.1:6379/14")
    parser.add_argument("--serve", type=int, help=argparse.SUPPRESS)  # the run under Valgrind
    args = parser.parse_args()
    if args.serve is not None:
        serve(args.urls, args.user, args.serve)
        return
    if not shutil.which("valgrind"):
        raise SystemExit("valgrind is not installed: apt-get install -y valgrind")
    env = bench_env(args.database, args.redis, Path(ROOT) / "var" / "bench-instructions")
    env["SECRET_KEY"] = "bench-instructions"  # the same in both runs
    warm = instructions(args, args.warmup, env)
    full = instructions(args, args.warmup + args.requests, env)
    print(f"{(full - warm) / args.requests:,.0f} instructions a request", flush=True)


if __name__ == "__main__":
    main()
