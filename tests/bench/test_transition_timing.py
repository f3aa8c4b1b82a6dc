"""`bench.transitions`: each POST registers a different issue, and the count says so."""

import pytest

from bench import transitions
from issues.models import Issue, State
from tests import factories


@pytest.mark.parametrize(
    ("share", "expected"), [(0.5, 5), (0.95, 10), (0.99, 10), (0.1, 1), (0.01, 1)]
)
def test_percentiles_are_nearest_rank(share, expected):
    assert transitions.percentile([float(n) for n in range(1, 11)], share) == expected


def test_no_values_have_no_percentile():
    assert transitions.percentile([], 0.95) == 0.0


@pytest.mark.django_db(transaction=True)
def test_each_request_registers_its_own_submitted_issue(live_server, shinan_staff, shinan):
    submitted = [factories.issue_in_state("submitted", district=shinan) for _ in range(5)]
    factories.issue_in_state("submitted", district=factories.DistrictFactory())  # not 市南's
    factories.issue_in_state("registered", district=shinan)

    requests, cookie = transitions.register_requests(shinan_staff.username, 10)
    answers = transitions.post_all(
        live_server.url, [(path, body) for _pk, path, body in requests], cookie, connections=3
    )

    assert sorted(pk for pk, _path, _body in requests) == sorted(i.pk for i in submitted)
    assert [status for status, _seconds, _location in answers] == [302] * 5
    assert [location.rstrip("/").rsplit("/", 1)[-1] for _s, _t, location in answers] == [
        str(pk) for pk, _path, _body in requests
    ]
    states = Issue.objects.filter(pk__in=[i.pk for i in submitted]).values_list("state", flat=True)
    assert set(states) == {State.REGISTERED}


@pytest.mark.django_db(transaction=True)
def test_a_post_that_registers_nothing_is_told_apart(live_server, shinan_staff, shinan):
    factories.issue_in_state("submitted", district=shinan)
    requests, cookie = transitions.register_requests(shinan_staff.username, 1)
    pk, path, body = requests[0]

    first = transitions.post(live_server.url, path, body, cookie)
    again = transitions.post(live_server.url, path, body, cookie)  # already registered
    unsigned = transitions.post(live_server.url, path, body, "")
    unanswered = transitions.post("http://127.0.0.1:9", path, body, cookie)

    assert first[0] == again[0] == 302  # a refusal redirects too: the count tells them apart
    assert Issue.objects.get(pk=pk).state == State.REGISTERED
    assert (unsigned[0] in {302, 403} and "/login/" in unsigned[2]) or unsigned[0] == 403
    assert unanswered[0] == 0


@pytest.mark.parametrize(("p95", "verdict"), [(44.4, "met"), (100.0, "MISSED by transitions")])
def test_the_registrations_p95_counts_against_the_pages_target(p95, verdict):
    from bench.run import verdicts

    sweep = {"nothing_due": {"seconds": 0.3}}
    timed = {"requests": 400, "p95_ms": p95}

    lines = verdicts({}, sweep, 100, True, True, timed)

    assert lines[0] == f"- every page p95 < 100 ms: {verdict}"


def test_skipped_registrations_count_for_nothing():
    from bench.run import verdicts

    lines = verdicts({}, {"nothing_due": {"seconds": 0.3}}, 100, True, True, {"requests": 0})

    assert lines[0] == "- every page p95 < 100 ms: met"


def test_the_report_says_what_was_timed_and_what_was_skipped():
    from bench.run import transition_lines

    timed = {
        "requests": 400,
        "connections": 8,
        "p50_ms": 37.0,
        "p95_ms": 47.3,
        "p99_ms": 55.9,
        "max_ms": 57.9,
        "registered": 400,
        "errors": 0,
    }

    assert transition_lines(None) == []
    assert transition_lines({"requests": 0, "skipped": "only 3 submitted issues left"}) == [
        "",
        "Staff registering citizens' issues: skipped, only 3 submitted issues left.",
    ]
    assert "400 requests, p50 37.0 ms, p95 47.3 ms" in transition_lines(timed)[1]
    assert transition_lines(timed)[1].endswith("400 registered, 0 errors.")
