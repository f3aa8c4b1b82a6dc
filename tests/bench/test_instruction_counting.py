"""What bench.instructions counts: requests the warm-up already served (wrk's steady state)."""

import sys

import pytest

from bench import instructions


def requests(count: int) -> list[tuple[str, str, str]]:
    """A scenario's request file: each request a different station, as bench.fixtures writes."""
    return [("POST", f"/s/S{number:05d}/submit/", "text=x") for number in range(count)]


def test_every_counted_request_repeats_one_the_warm_up_served():
    scenario = requests(2000)
    round_ = instructions.warm_round(scenario, 10)
    warm = list(instructions.served(round_, 10))
    full = list(instructions.served(round_, 10 + 25))
    # The two runs differ only by the counted requests, which come after the warm-up's...
    assert full[:10] == warm
    # ...and each finds what the warm-up kept: no cold lookup is counted.
    assert len(set(warm)) == 10
    assert set(full[10:]) <= set(warm)


def test_a_round_shorter_than_the_warm_up_is_served_whole():
    urls = [("GET", "/work/", ""), ("GET", "/work/mine/", "")]
    assert instructions.warm_round(urls, 20) == urls
    assert set(instructions.served(urls, 20)) == set(urls)


def test_a_warm_up_of_nothing_is_refused():
    with pytest.raises(ValueError, match="at least one request"):
        instructions.warm_round(requests(5), 0)


def test_fewer_warm_up_requests_than_urls_is_refused(monkeypatch, capsys):
    argv = ["bench.instructions", "--warmup", "1", "/work/", "/work/mine/"]
    monkeypatch.setattr(sys, "argv", argv)
    with pytest.raises(SystemExit) as exit_:
        instructions.main()
    assert exit_.value.code == 2
    assert "--warmup must serve each URL at least once" in capsys.readouterr().err
