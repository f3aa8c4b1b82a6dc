"""`bench.transitions`: each POST moves a different issue one step round the closed loop,
the steps follow one another on the same issues, and the counts say what moved."""

import pytest

from bench import transitions
from bench.run import transition_lines, verdicts
from issues.models import Issue, State
from tests import factories


@pytest.mark.parametrize(
    ("share", "expected"), [(0.5, 5), (0.95, 10), (0.99, 10), (0.1, 1), (0.01, 1)]
)
def test_percentiles_are_nearest_rank(share, expected):
    assert transitions.percentile([float(n) for n in range(1, 11)], share) == expected


def test_no_values_have_no_percentile():
    assert transitions.percentile([], 0.95) == 0.0


def register_requests(username: str, count: int):
    """The loop's first step, registering, on up to `count` submitted issues."""
    issues = transitions.loop_issues(username, count)
    action, _target, fields = transitions.loop_steps(username)[0]
    assert action == "register"
    csrf, cookie = transitions.signed_in(username)
    return transitions.action_requests(action, fields, issues, csrf), cookie


@pytest.mark.django_db(transaction=True)
def test_each_request_registers_its_own_submitted_issue(live_server, shinan_staff, shinan):
    submitted = [factories.issue_in_state("submitted", district=shinan) for _ in range(5)]
    factories.issue_in_state("submitted", district=factories.DistrictFactory())  # not 市南's
    factories.issue_in_state("registered", district=shinan)

    requests, cookie = register_requests(shinan_staff.username, 10)
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
    requests, cookie = register_requests(shinan_staff.username, 1)
    pk, path, body = requests[0]

    first = transitions.post(live_server.url, path, body, cookie)
    again = transitions.post(live_server.url, path, body, cookie)  # already registered
    unsigned = transitions.post(live_server.url, path, body, "")
    unanswered = transitions.post("http://127.0.0.1:9", path, body, cookie)

    assert first[0] == again[0] == 302  # a refusal redirects too: the count tells them apart
    assert Issue.objects.get(pk=pk).state == State.REGISTERED
    assert (unsigned[0] in {302, 403} and "/login/" in unsigned[2]) or unsigned[0] == 403
    assert unanswered[0] == 0


@pytest.mark.django_db(transaction=True)
def test_the_loop_takes_each_issue_from_submitted_to_closed(
    live_server, shinan_staff, shinan, shinan_department, monkeypatch
):
    monkeypatch.setattr(transitions, "WARMUP", 2)
    submitted = [factories.issue_in_state("submitted", district=shinan) for _ in range(5)]

    result = transitions.walk_loop(live_server.url, shinan_staff.username, 3, connections=2)

    steps = [(s["action"], s["requests"], s["done"], s["errors"]) for s in result["steps"]]
    assert steps == [
        ("register", 3, 3, 0),
        ("transfer", 3, 3, 0),
        ("answer", 3, 3, 0),
        ("close", 3, 3, 0),
    ]
    # The warm-up's issues went round the loop too, untimed.
    states = Issue.objects.filter(pk__in=[i.pk for i in submitted]).values_list("state", flat=True)
    assert set(states) == {State.CLOSED}
    closed = Issue.objects.filter(pk__in=[i.pk for i in submitted])
    assert set(closed.values_list("department", flat=True)) == {shinan_department.pk}
    assert set(closed.values_list("answer", flat=True)) == {transitions.ANSWER}


@pytest.mark.django_db(transaction=True)
def test_a_step_that_moves_nothing_counts_its_errors(
    live_server, shinan_staff, shinan, monkeypatch
):
    # No department in 市南: the transfer's form is refused (400). A registered issue may be
    # answered all the same, so the steps after it still move the issues.
    monkeypatch.setattr(transitions, "WARMUP", 1)
    for _ in range(3):
        factories.issue_in_state("submitted", district=shinan)

    result = transitions.walk_loop(live_server.url, shinan_staff.username, 2, connections=2)

    done = [(s["action"], s["done"], s["errors"]) for s in result["steps"]]
    assert done == [("register", 2, 0), ("transfer", 0, 2), ("answer", 2, 0), ("close", 2, 0)]


@pytest.mark.django_db
def test_too_few_submitted_issues_skip_the_loop(shinan_staff, shinan):
    factories.issue_in_state("submitted", district=shinan)
    result = transitions.walk_loop("http://127.0.0.1:9", shinan_staff.username, 400, 8)
    assert result == {"skipped": "only 1 submitted issues left to register", "steps": []}


def step(action: str, p95: float, done: int = 400) -> dict:
    return {
        "action": action,
        "requests": 400,
        "connections": 8,
        "p50_ms": 37.0,
        "p95_ms": p95,
        "p99_ms": 55.9,
        "max_ms": 57.9,
        "done": done,
        "errors": 400 - done,
    }


@pytest.mark.parametrize(
    ("p95", "verdict"), [(44.4, "met"), (100.0, "MISSED by transitions (answer)")]
)
def test_each_steps_p95_counts_against_the_pages_target(p95, verdict):
    sweep = {"nothing_due": {"seconds": 0.3}}
    timed = {"steps": [step("register", 44.4), step("answer", p95)]}

    lines = verdicts({}, sweep, 100, True, True, timed)

    assert lines[0] == f"- every page p95 < 100 ms: {verdict}"


def test_a_skipped_loop_counts_for_nothing():
    timed = {"skipped": "only 3 submitted issues left to register", "steps": []}

    lines = verdicts({}, {"nothing_due": {"seconds": 0.3}}, 100, True, True, timed)

    assert lines[0] == "- every page p95 < 100 ms: met"


def test_the_report_says_what_was_timed_and_what_was_skipped():
    timed = {"steps": [step("register", 47.3), step("close", 51.0, done=398)]}

    assert transition_lines(None) == []
    assert transition_lines({"skipped": "only 3 submitted issues left", "steps": []}) == [
        "",
        "Staff walking the closed loop: skipped, only 3 submitted issues left.",
    ]
    lines = transition_lines(timed)
    assert lines[-2] == (
        "- registered (登记): 400 requests, p50 37.0 ms, p95 47.3 ms, p99 55.9 ms, "
        "max 57.9 ms; 400 registered, 0 errors."
    )
    assert lines[-1].startswith("- closed (销号): 400 requests, p50 37.0 ms, p95 51.0 ms")
    assert lines[-1].endswith("398 closed, 2 errors.")
