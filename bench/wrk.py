"""Running wrk with `lua/requests.lua` and reading the figures its done() hook prints."""

from __future__ import annotations

import json
import subprocess
from dataclasses import dataclass
from pathlib import Path

SCRIPT = Path(__file__).parent / "lua" / "requests.lua"


@dataclass(frozen=True)
class Result:
    """One load run: requests per second, latency percentiles (ms) and errors."""

    requests: int
    seconds: float
    p50_ms: float
    p95_ms: float
    p99_ms: float
    errors: int  # non-2xx/3xx answers plus connect, read, write and timeout errors

    @property
    def rps(self) -> float:
        return self.requests / self.seconds if self.seconds else 0.0


def parse(output: str) -> Result:
    """The Result from wrk's output: the `BENCH {json}` line our Lua done() writes."""
    for line in output.splitlines():
        if line.startswith("BENCH "):
            data = json.loads(line.removeprefix("BENCH "))
            break
    else:
        raise ValueError("no BENCH line in wrk's output:\n" + output)
    errors = sum(data[key] for key in ("connect", "read", "write", "status", "timeout"))
    return Result(
        requests=data["requests"],
        seconds=data["duration_us"] / 1e6,
        p50_ms=data["p50_us"] / 1000,
        p95_ms=data["p95_us"] / 1000,
        p99_ms=data["p99_us"] / 1000,
        errors=errors,
    )


def run(
    base_url: str,
    requests_file: Path,
    cookie: str,
    *,
    duration: str,
    threads: int = 2,
    connections: int = 8,
) -> Result:
    """Load `base_url` with the requests in `requests_file` for `duration` (e.g. "20s")."""
    command = [
        "wrk",
        f"-t{threads}",
        f"-c{connections}",
        f"-d{duration}",
        "--latency",
        "--timeout",
        "5s",
        "-s",
        str(SCRIPT),
        base_url,
        "--",
        str(requests_file),
        cookie,
    ]
    completed = subprocess.run(command, capture_output=True, text=True, check=True, timeout=600)
    return parse(completed.stdout)
