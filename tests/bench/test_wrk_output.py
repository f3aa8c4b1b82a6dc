"""The benchmark's reading of wrk's output (bench.wrk.parse) and its results table."""

import pytest

from bench import wrk
from bench.run import table

OUTPUT = """Running 5s test @ http://127.0.0.1:8765
  2 threads and 8 connections
  Latency Distribution
     50%   25.00ms
BENCH {"requests": 1500, "duration_us": 5000000, "p50_us": 25000, "p95_us": 37200, \
"p99_us": 71100, "connect": 0, "read": 1, "write": 0, "status": 3, "timeout": 2}
"""


def test_parse_reads_rate_percentiles_and_errors():
    result = wrk.parse(OUTPUT)
    assert (result.rps, result.p50_ms, result.p95_ms, result.p99_ms, result.errors) == (
        300.0,
        25.0,
        37.2,
        71.1,
        6,
    )


def test_parse_refuses_output_without_the_figures_line():
    with pytest.raises(ValueError, match="no BENCH line"):
        wrk.parse("Running 5s test\n")


def test_table_gives_each_page_its_share_of_the_ceiling():
    page = wrk.Result(requests=100, seconds=1, p50_ms=1, p95_ms=2, p99_ms=3, errors=0)
    ceiling = wrk.Result(requests=400, seconds=1, p50_ms=1, p95_ms=2, p99_ms=3, errors=0)
    rows = table({"qr_form": page, "ceiling": ceiling})
    assert rows[2].endswith("| 25% |")
