"""`make bench`: build a scale database, serve it with gunicorn, load each page with wrk.

Steps: drop and create the benchmark database (never `portal` or `test_*`), migrate, load the
demo structure topped up to --stations/--deputies, write --issues issues with their events,
the reminders earlier sweeps would have sent and --activities activities (bench.dataset);
time a reminder sweep with --due reminders due and one with nothing due (bench.sweep); then
serve with gunicorn (2 workers, bench.settings: the portal plus the ceiling view) and run wrk
against every page and the ceiling. Prints a table and writes it to var/bench/.

Redis serves as in production (the cache the workers share, Celery's broker), in a database
of its own (--redis, db 15 by default, never db 0), emptied before and after the run.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import shutil
import signal
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from datetime import UTC, datetime
from pathlib import Path

from bench import exports, wrk

ROOT = Path(__file__).resolve().parent.parent
PYTHON = sys.executable
PROTECTED = {"portal", "postgres", "template0", "template1"}
REDIS_DEFAULT = "redis://127.0.0.1:6379/15"

# (scenario, what it is): each has a request file written by bench.fixtures.
SCENARIOS = (
    ("qr_form", "GET /s/<code>/submit/ (station QR form)"),
    ("submit", "POST /s/<code>/submit/ (citizen submission)"),
    ("status", "GET /t/<token> (status page)"),
    ("lookup", "POST /t/ (lookup by number + phone digits)"),
    ("issue_list", "GET /work/issues/?<filter> (staff list)"),
    ("issue_detail", "GET /work/issues/<id>/ (staff detail)"),
    ("dashboard", "GET /work/stats/ (district dashboard, this year)"),
    ("merit_board", "GET /work/assessment/ (merit board)"),
    ("deputy_home", "GET /work/ (deputy home)"),
    ("my_issues", "GET /work/mine/ (deputy's open issues)"),
    ("ledger", "GET /work/stats/activities/?<filter> (duty ledger)"),
    ("inbox", "GET /work/inbox/ (staff inbox)"),
    ("annual_report", "GET /work/assessment/deputies/<id>/<year>/ (annual report)"),
    ("deputy_year", "GET /work/year/ (deputy's year)"),
    ("activity_form", "GET /work/activities/new/ (deputy's activity form)"),
    ("activity_form_all", "GET /work/activities/new/?fellows=all (the form, whole district)"),
    ("fellow_search", "GET /work/activities/fellows/?q=<name> (the form's name search)"),
    ("deputy_qr_form", "GET /r/<code>/submit/ (deputy card QR form)"),
    ("deputy_page", "GET /r/<code> (deputy's public page)"),
    ("station_page", "GET /s/<code> (station's public page)"),
    ("district_page", "GET /districts/<id>/ (district's stations)"),
    ("home", "GET / (public home)"),
    ("ceiling", "GET /bench/ceiling/ (one indexed SELECT)"),
    ("ceiling_write", "POST /bench/ceiling/write/ (one INSERT and its commit)"),
)
CEILINGS = {"ceiling", "ceiling_write"}
P95_TARGET_MS = 100
SUBMIT_TARGET_SHARE = 0.5
SWEEP_TARGET_S = 1.0
BUILD_TARGET_S = 600


def log(message: str) -> None:
    print(f"[{datetime.now(UTC):%H:%M:%S}] {message}", flush=True)


def empty_redis(url: str) -> None:
    """FLUSHDB the bench's own Redis database; refuses db 0, the portal's and the tests'."""
    import redis

    client = redis.Redis.from_url(url, socket_connect_timeout=2)
    if client.connection_pool.connection_kwargs.get("db", 0) == 0:
        raise SystemExit(f"refusing to empty Redis db 0 ({url}): give --redis another database")
    try:
        client.flushdb()
    except redis.RedisError as error:
        raise SystemExit(
            f"Redis at {url} is not answering ({error}); start it, or run with --redis none"
        ) from error


def bench_env(database: str, redis_url: str, var_dir: Path) -> dict[str, str]:
    """The environment every step of a run works in: the portal's settings as in production,
    on `database`, with the rate limits lifted and Redis only if `redis_url` is given."""
    env = {
        **os.environ,
        "DATABASE_URL": f"postgres://postgres@127.0.0.1:5432/{database}",
        "DJANGO_SETTINGS_MODULE": "bench.settings",
        "DEBUG": "false",
        "SECRET_KEY": "bench-" + os.urandom(16).hex(),
        "ALLOWED_HOSTS": "127.0.0.1,localhost",
        "RATE_LIMITS_ENABLED": "0",
        "VAR_DIR": str(var_dir),  # the filesystem broker takes the sweep's messages
        "LOG_LEVEL": "WARNING",
        # No worker takes these: the sweep's and the submissions' messages are emptied after.
        "CELERY_QUEUE": "bench",
    }
    env.pop("REDIS_URL", None)
    if redis_url:
        env["REDIS_URL"] = redis_url
    return env


def psql(sql: str, database: str = "postgres") -> None:
    connect = ["-h", "127.0.0.1", "-U", "postgres", "-d", database]
    subprocess.run(["psql", *connect, "-v", "ON_ERROR_STOP=1", "-qc", sql], check=True)


def create_write_table(database: str) -> None:
    """The write ceiling's table: one row per POST, nothing else reads it."""
    psql(
        "CREATE TABLE IF NOT EXISTS bench_write (id bigserial PRIMARY KEY, body text NOT NULL,"
        " created_at timestamptz NOT NULL DEFAULT now())",
        database,
    )


def django(args: list[str], env: dict[str, str]) -> str:
    """Run a Python module or manage.py command in the benchmark environment; its stdout."""
    completed = subprocess.run(
        [PYTHON, *args], cwd=ROOT, env=env, check=True, capture_output=True, text=True
    )
    return completed.stdout


def machine() -> dict[str, str]:
    """Where the figures come from."""
    cpu = "unknown"
    with open("/proc/cpuinfo") as cpuinfo:
        for line in cpuinfo:
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    with open("/proc/meminfo") as meminfo:
        kib = int(meminfo.readline().split()[1])
    version = subprocess.run(
        ["psql", "-h", "127.0.0.1", "-U", "postgres", "-Atc", "SHOW server_version"],
        capture_output=True,
        text=True,
    ).stdout.strip()
    return {
        "date": datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC"),
        "cpu": cpu,
        "nproc": str(os.cpu_count()),
        "memory": f"{kib / 1024 / 1024:.1f} GiB",
        "postgresql": version,
        "python": platform.python_version(),
    }


def wait_until_up(url: str, seconds: float = 30) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(url, timeout=2):
                return
        except (urllib.error.URLError, ConnectionError):
            time.sleep(0.3)
    raise RuntimeError(f"gunicorn did not answer {url} within {seconds} s")


def table(results: dict[str, wrk.Result]) -> list[str]:
    """The results as a Markdown table, each page's rate as a share of the ceiling's."""
    ceiling = results.get("ceiling")
    lines = [
        "| page | req/s | p50 ms | p95 ms | p99 ms | errors | of ceiling |",
        "|---|---:|---:|---:|---:|---:|---:|",
    ]
    for name, label in SCENARIOS:
        if name not in results:
            continue
        r = results[name]
        share = f"{r.rps / ceiling.rps:.0%}" if ceiling and ceiling.rps else "-"
        lines.append(
            f"| {label} | {r.rps:.0f} | {r.p50_ms:.1f} | {r.p95_ms:.1f} | {r.p99_ms:.1f} "
            f"| {r.errors} | {share} |"
        )
    return lines


def export_lines(downloads: list[tuple[str, exports.Download]]) -> list[str]:
    """The exports' paragraph of the report (none if they were not timed)."""
    if not downloads:
        return []
    timed = "; ".join(f"{label}: {download.describe()}" for label, download in downloads)
    return [
        "",
        f"Excel exports, one download each as 市南's staff: {timed} "
        f"(gunicorn kills a sync worker after {exports.WORKER_TIMEOUT_S} s).",
    ]


# The loop's steps as the report names them (bench.transitions' actions).
STEP_WORDS = {
    "register": "registered (登记)",
    "transfer": "transferred (转办)",
    "answer": "answered (答复)",
    "close": "closed (销号)",
}


def transition_lines(transitions: dict | None) -> list[str]:
    """The loop's paragraph of the report, a line a step (none if it was not timed)."""
    if not transitions:
        return []
    if not transitions["steps"]:
        return ["", f"Staff walking the closed loop: skipped, {transitions['skipped']}."]
    first = transitions["steps"][0]
    lines = [
        "",
        "Staff walking the closed loop on citizens' issues of 市南, each POST a different "
        f"issue, {first['connections']} at a time, each step on the issues the step before "
        "moved:",
        "",
    ]
    for t in transitions["steps"]:
        words = STEP_WORDS.get(t["action"], t["action"])
        lines.append(
            f"- {words}: {t['requests']} requests, p50 {t['p50_ms']:.1f} ms, "
            f"p95 {t['p95_ms']:.1f} ms, p99 {t['p99_ms']:.1f} ms, max {t['max_ms']:.1f} ms; "
            f"{t['done']} {words.split(' ')[0]}, {t['errors']} errors."
        )
    return lines


def verdicts(
    results: dict[str, wrk.Result],
    sweep: dict,
    build_seconds: float,
    full_scale: bool,
    every_page: bool = True,
    transitions: dict | None = None,
) -> list[str]:
    """Each target against its goal."""
    lines = []
    slow = [n for n, r in results.items() if n not in CEILINGS and r.p95_ms >= P95_TARGET_MS]
    for step in transitions["steps"] if transitions else []:
        if step["requests"] and step["p95_ms"] >= P95_TARGET_MS:
            slow.append(f"transitions ({step['action']})")
    lines.append(
        f"- every page p95 < {P95_TARGET_MS} ms: "
        + ("met" if not slow else f"MISSED by {', '.join(slow)}")
    )
    if "submit" in results and "ceiling" in results and results["ceiling"].rps:
        share = results["submit"].rps / results["ceiling"].rps
        ok = "met" if share >= SUBMIT_TARGET_SHARE else "MISSED"
        line = f"- submission ≥ 50% of the ceiling's req/s: {share:.0%}, {ok}"
        if "ceiling_write" in results:
            floor = results["ceiling_write"].rps / results["ceiling"].rps
            line += f" (the write ceiling, one INSERT and its commit: {floor:.0%})"
        lines.append(line)
    nothing = sweep["nothing_due"]["seconds"]
    ok = "met" if nothing < SWEEP_TARGET_S else "MISSED"
    lines.append(f"- sweep with nothing due < {SWEEP_TARGET_S:.0f} s: {nothing:.2f} s, {ok}")
    ok = "met" if build_seconds < BUILD_TARGET_S else "MISSED"
    lines.append(f"- dataset build < 10 min: {build_seconds:.0f} s, {ok}")
    if not full_scale:
        lines.append("- (not the default scale: a smaller run)")
    if not every_page:
        lines.append(f"- (only some pages measured: {', '.join(sorted(results))})")
    return lines


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--stations", type=int, default=1000)
    parser.add_argument("--deputies", type=int, default=10000)
    parser.add_argument("--issues", type=int, default=1_000_000)
    parser.add_argument("--due", type=int, default=10_000)
    parser.add_argument("--activities", type=int, default=200_000)
    parser.add_argument("--duration", default="20s")
    parser.add_argument(
        "--warmup",
        default="5s",
        help="load each page this long first, not counted (the steady state is measured)",
    )
    parser.add_argument("--connections", type=int, default=8)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--port", type=int, default=8765)
    parser.add_argument("--database", default="portal_bench")
    parser.add_argument(
        "--redis",
        default=REDIS_DEFAULT,
        help="the Redis database for the cache and the broker, emptied before and after "
        "(not db 0); 'none' for the settings without Redis (memory cache, filesystem broker)",
    )
    parser.add_argument(
        "--only",
        default="",
        help="comma-separated scenarios to measure (the ceiling always is), e.g. issue_list,submit;"
        " 'exports' times the Excel exports, 'transitions' the staff walking the closed loop",
    )
    parser.add_argument("--keep", action="store_true", help="keep the database afterwards")
    parser.add_argument(
        "--reuse", action="store_true", help="skip the build: measure an existing database"
    )
    args = parser.parse_args()
    names = {name for name, _label in SCENARIOS}
    only = {name for name in args.only.split(",") if name}
    if only - names - {"exports", "transitions"}:
        raise SystemExit(f"unknown scenarios: {', '.join(sorted(only - names))}")
    scenarios = [(n, label) for n, label in SCENARIOS if not only or n in only | CEILINGS]
    if args.database in PROTECTED or args.database.startswith("test_"):
        raise SystemExit(f"refusing to use the database {args.database!r}")
    for tool in ("wrk", "psql"):
        if shutil.which(tool) is None:
            raise SystemExit(f"{tool} is missing (make bench installs wrk with apt-get)")
    redis_url = "" if args.redis == "none" else args.redis
    if redis_url:
        empty_redis(redis_url)
    gunicorn = Path(PYTHON).with_name("gunicorn")
    if not gunicorn.exists():
        raise SystemExit("gunicorn is missing: pip install -e '.[bench]'")

    work = Path(tempfile.mkdtemp(prefix="portal-bench-"))
    env = bench_env(args.database, redis_url, work / "var")
    server: subprocess.Popen | None = None
    info = machine()
    try:
        started = time.monotonic()
        if not args.reuse:
            log(f"building {args.database}: {args.issues} issues, {args.stations} stations")
            psql(f'DROP DATABASE IF EXISTS "{args.database}"')
            psql(f'CREATE DATABASE "{args.database}"')
            django(["manage.py", "migrate", "--noinput", "-v0"], env)
            log(f"migrated: {time.monotonic() - started:.0f} s")
            django(
                [
                    "manage.py",
                    "load_demo",
                    f"--stations={args.stations}",
                    f"--deputies={args.deputies}",
                ],
                env,
            )
            log(f"demo structure loaded: {time.monotonic() - started:.0f} s")
            subprocess.run(  # not captured: its progress lines show as they come
                [
                    PYTHON,
                    "-m",
                    "bench.dataset",
                    f"--issues={args.issues}",
                    f"--due={args.due}",
                    f"--activities={args.activities}",
                ],
                cwd=ROOT,
                env=env,
                check=True,
            )
        build_seconds = time.monotonic() - started
        log(f"dataset ready: {build_seconds:.0f} s")

        log("timing the reminder sweep")
        out = django(["-m", "bench.sweep"], env)
        sweep = json.loads(next(x for x in out.splitlines() if x.startswith("SWEEP "))[6:])
        log(f"sweep: {sweep}")

        django(["-m", "bench.fixtures", str(work)], env)
        cookies = json.loads((work / "cookies.json").read_text())

        # The build and the sweep leave gigabytes of WAL to write out: a checkpoint now, or
        # the first pages are measured against it (a submission's p99 once read 807 ms).
        psql("CHECKPOINT", args.database)
        create_write_table(args.database)
        base = f"http://127.0.0.1:{args.port}"
        server = subprocess.Popen(
            [
                str(gunicorn),
                "--workers",
                str(args.workers),
                "--bind",
                f"127.0.0.1:{args.port}",
                "--log-level",
                "warning",
                "portal.wsgi",
            ],
            cwd=ROOT,
            env=env,
            start_new_session=True,
        )
        wait_until_up(base + "/bench/ceiling/")
        results: dict[str, wrk.Result] = {}
        for name, label in scenarios:
            # Not counted: each worker's first requests fill its caches (the dashboard's kept
            # figures above all: its cold cost is in docs/PERFORMANCE.md, and in production
            # beat keeps them computed in the shared cache).
            try:
                wrk.run(
                    base,
                    work / f"{name}.txt",
                    cookies[name],
                    duration=args.warmup,
                    connections=args.connections,
                )
            except Exception as error:  # a warm-up that saw no answer is no result either
                log(f"warm-up of {name}: {error}")
            time.sleep(3)
            log(f"wrk {args.duration}: {label}")
            results[name] = wrk.run(
                base,
                work / f"{name}.txt",
                cookies[name],
                duration=args.duration,
                connections=args.connections,
            )
            # Sync workers go on answering requests queued by a run after wrk has hung up:
            # let them drain, or the next page is measured against the last one's backlog.
            time.sleep(3)
        downloads: list[tuple[str, exports.Download]] = []
        if not only or "exports" in only:
            for _name, path, label in exports.EXPORTS:
                log(f"export: {label}")
                downloads.append((label, exports.download(base, path, cookies["issue_list"])))
        transitions: dict | None = None
        if not only or "transitions" in only:
            log(f"staff walking the closed loop, {args.connections} at a time")
            out = django(
                ["-m", "bench.transitions", base, f"--connections={args.connections}"], env
            )
            line = next(x for x in out.splitlines() if x.startswith("TRANSITIONS "))
            transitions = json.loads(line[len("TRANSITIONS ") :])
        full = (args.issues, args.stations, args.deputies) == (1_000_000, 1000, 10000)
        services = "Redis cache and broker" if redis_url else "no Redis (memory cache, file broker)"
        report = [
            f"## {info['date']}: {args.issues:,} issues, {args.stations:,} stations, "
            f"{args.deputies:,} deputies, {args.activities:,} activities asked",
            "",
            f"Machine: {info['cpu']}, {info['nproc']} cores, {info['memory']}; PostgreSQL "
            f"{info['postgresql']}; Python {info['python']}; gunicorn {args.workers} sync "
            f"workers; {services}; wrk -t2 -c{args.connections} -d{args.duration}.",
            "",
            *table(results),
            "",
            f"Dataset build: {build_seconds:.0f} s. Sweep with {args.due:,} due: "
            f"{sweep['due']['seconds']:.1f} s {sweep['due']['counts']}; "
            f"with nothing due: {sweep['nothing_due']['seconds']:.2f} s "
            f"{sweep['nothing_due']['counts']}; caught up (what came due meanwhile): "
            f"{sweep['caught_up']['seconds']:.2f} s {sweep['caught_up']['counts']}.",
            *export_lines(downloads),
            *transition_lines(transitions),
            "",
            *verdicts(results, sweep, build_seconds, full, not only, transitions),
        ]
        print("\n" + "\n".join(report))
        results_dir = ROOT / "var" / "bench"
        results_dir.mkdir(parents=True, exist_ok=True)
        stamp = datetime.now(UTC).strftime("%Y%m%d-%H%M%S")
        (results_dir / f"{stamp}.md").write_text("\n".join(report) + "\n")
        log(f"written to var/bench/{stamp}.md")
    finally:
        if server is not None and server.poll() is None:
            os.killpg(server.pid, signal.SIGTERM)
            try:
                server.wait(timeout=15)
            except subprocess.TimeoutExpired:
                os.killpg(server.pid, signal.SIGKILL)
        if not args.keep and not args.reuse:
            psql(f'DROP DATABASE IF EXISTS "{args.database}"')
        if redis_url:
            empty_redis(redis_url)
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
