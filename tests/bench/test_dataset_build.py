"""The bench's dataset builds and sweeps at a small scale, with the portal's own settings.

The full build runs only under `make bench`; this one catches what would stop it (a
statement the database settings refuse, a renamed column) in the test run.
"""

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from bench.exports import EXPORTS
from bench.fixtures import lines
from bench.run import SCENARIOS, bench_env, create_write_table, psql

ROOT = Path(__file__).resolve().parents[2]
DATABASE = "portal_bench_smoke"


@pytest.fixture
def smoke_env(tmp_path):
    if shutil.which("psql") is None:
        pytest.skip("psql is missing")
    psql(f'DROP DATABASE IF EXISTS "{DATABASE}"')
    psql(f'CREATE DATABASE "{DATABASE}"')
    yield bench_env(DATABASE, "", tmp_path / "var")
    psql(f'DROP DATABASE IF EXISTS "{DATABASE}"')


def run(env: dict[str, str], *args: str) -> str:
    done = subprocess.run(
        [sys.executable, *args], cwd=ROOT, env=env, capture_output=True, text=True, timeout=600
    )
    assert done.returncode == 0, done.stdout + done.stderr
    return done.stdout


@pytest.mark.postgresql
def test_a_small_dataset_builds_and_its_reminders_are_swept(smoke_env):
    run(smoke_env, "manage.py", "migrate", "--noinput", "-v0")
    run(smoke_env, "manage.py", "load_demo", "--stations=1", "--deputies=1")

    built = run(smoke_env, "-m", "bench.dataset", "--issues=3000", "--due=40", "--activities=300")
    swept = run(smoke_env, "-m", "bench.sweep")

    assert "reminders claimed, 40 left due" in built
    assert "activities: 300 written" in built
    sweep = json.loads(next(line for line in swept.splitlines() if line.startswith("SWEEP "))[6:])
    due = sweep["due"]["counts"]
    assert sum(v for k, v in due.items() if k not in {"deliveries"}) >= 40
    # The second sweep runs at the first's instant, when everything due has been claimed.
    assert sweep["nothing_due"]["counts"] == {}
    assert set(sweep) == {"due", "nothing_due", "caught_up"}


@pytest.mark.postgresql
def test_every_scenario_is_answered_on_a_small_dataset(smoke_env, tmp_path):
    """Each page `bench.run` loads answers its requests (a GET 200, a POST 302), so that a
    fixture pointing at a missing page fails here rather than as errors in a run."""
    env = smoke_env  # one secret key for the fixtures and the requests (signed fill time)
    run(env, "manage.py", "migrate", "--noinput", "-v0")
    run(env, "manage.py", "load_demo", "--stations=1", "--deputies=1")
    run(env, "-m", "bench.dataset", "--issues=500", "--due=10", "--activities=100")
    create_write_table(DATABASE)
    fixtures = tmp_path / "fixtures"
    run(env, "-m", "bench.fixtures", str(fixtures))
    cookies = json.loads((fixtures / "cookies.json").read_text())

    names = [name for name, _label in SCENARIOS]
    assert set(cookies) == set(names)
    for name in names:
        work = tmp_path / name
        work.mkdir()
        requests = (fixtures / f"{name}.txt").read_text().splitlines()
        assert requests, name
        (work / "requests.txt").write_text("\n".join(requests[:3]) + "\n")
        (work / "cookie.txt").write_text(cookies[name])
        count = min(3, len(requests))
        # `--serve` exits non-zero naming the request whose answer was not the expected one.
        run(env, "-m", "bench.instructions", "--serve", str(count), str(work))

    # The exports it downloads answer too, to the staff list's signed-in staff.
    work = tmp_path / "exports"
    work.mkdir()
    (work / "requests.txt").write_text(lines([("GET", path, "") for _n, path, _l in EXPORTS]))
    (work / "cookie.txt").write_text(cookies["issue_list"])
    run(env, "-m", "bench.instructions", "--serve", str(len(EXPORTS)), str(work))
