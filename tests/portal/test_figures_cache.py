"""The dashboard's figures are kept a few minutes, shared by a scope, recomputed on demand."""

import re
import threading
import time

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from portal import figures
from tests import factories

pytestmark = pytest.mark.django_db

DASHBOARD = reverse("dashboard:index")


def received(client, **params) -> int:
    return client.get(DASHBOARD, params).context["board"].issues.total


def test_figures_are_kept_until_refreshed(staff_client, shinan):
    factories.issue_in_state("registered", district=shinan)
    assert received(staff_client) == 1
    factories.issue_in_state("registered", district=shinan)
    assert received(staff_client) == 1
    assert received(staff_client, refresh="1") == 2


def test_a_kept_dashboard_costs_fewer_queries(staff_client, shinan):
    factories.issue_in_state("registered", district=shinan)
    with CaptureQueriesContext(connection) as first:
        staff_client.get(DASHBOARD)
    with CaptureQueriesContext(connection) as second:
        staff_client.get(DASHBOARD)
    assert len(second) < len(first) - 10


def test_staff_of_one_district_share_the_figures_but_not_with_another(
    client, shinan, laoshan, shinan_staff, laoshan_staff
):
    factories.issue_in_state("registered", district=shinan)
    client.force_login(shinan_staff)
    assert received(client) == 1
    client.force_login(laoshan_staff)
    assert received(client) == 0
    client.force_login(factories.StaffFactory(district=shinan))
    factories.issue_in_state("registered", district=shinan)
    assert received(client) == 1  # the same scope and period: the kept figures


def test_each_period_has_its_own_figures(staff_client, shinan):
    factories.issue_in_state("registered", district=shinan)
    assert received(staff_client) == 1
    assert received(staff_client, period="custom", **{"from": "2000-01-01"}) == 1
    assert received(staff_client, period="year", year="2001") == 0


def test_the_page_says_when_the_figures_were_computed_and_offers_a_refresh(staff_client):
    html = staff_client.get(DASHBOARD, {"period": "year"}).content.decode()
    assert "数据截至" in html
    assert 'href="/work/stats/?period=year&amp;refresh=1"' in html


def test_a_cache_that_is_down_costs_only_time(staff_client, shinan, monkeypatch):
    class Down:
        def get(self, *args, **kwargs):
            raise ConnectionError("cache down")

        set = get

    monkeypatch.setattr(figures, "cache", Down())
    factories.issue_in_state("registered", district=shinan)
    assert received(staff_client) == 1


def test_zero_seconds_computes_on_every_request(staff_client, shinan, settings):
    settings.FIGURES_CACHE_SECONDS = 0
    assert received(staff_client) == 0
    factories.issue_in_state("registered", district=shinan)
    assert received(staff_client) == 1


# ----- single flight: one computation per key at a time ----------------------------------


class SlowFigures:
    """A computation that takes a while and counts how often it ran (from any thread)."""

    def __init__(self, seconds: float = 0.3, value: object = "figures") -> None:
        self.seconds, self.value, self.calls = seconds, value, 0
        self._count = threading.Lock()

    def __call__(self) -> object:
        with self._count:
            self.calls += 1
        time.sleep(self.seconds)
        return self.value


def in_threads(*calls):
    """Run the calls at the same moment, each in its own thread; their results in order."""
    start = threading.Barrier(len(calls))
    results = [None] * len(calls)

    def run(index, call):
        start.wait()
        try:
            results[index] = call()
        except Exception as error:  # handed back to the test, which says what it expects
            results[index] = error

    threads = [threading.Thread(target=run, args=(i, call)) for i, call in enumerate(calls)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    return results


@pytest.fixture
def kept(settings):
    settings.FIGURES_CACHE_SECONDS = 300


def test_concurrent_requests_for_missing_figures_compute_them_once(kept):
    compute = SlowFigures()
    ask = lambda: figures.cached_figures(("herd",), compute)  # noqa: E731
    first, second = in_threads(ask, ask)
    assert (compute.calls, first.value, second.value) == (1, "figures", "figures")


def test_a_lock_left_by_a_request_that_died_does_not_block_forever(kept, monkeypatch):
    monkeypatch.setattr(figures, "LOCK_WAIT_SECONDS", 0.3)
    cache.add(figures.lock_key(figures.cache_key(("orphan",))), "a worker that died", 60)
    started = time.monotonic()
    result = figures.cached_figures(("orphan",), lambda: "computed after all")
    assert result.value == "computed after all" and time.monotonic() - started < 5


def test_a_waiter_computes_when_the_lock_holder_fails(kept):
    computing = threading.Event()

    def failing():
        computing.set()
        time.sleep(0.2)
        raise RuntimeError("the database went away")

    def waiter():
        computing.wait(timeout=5)  # asks while the first request holds the lock
        return figures.cached_figures(("failing",), SlowFigures(0))

    first, second = in_threads(lambda: figures.cached_figures(("failing",), failing), waiter)
    assert isinstance(first, RuntimeError) and second.value == "figures"


def test_refresh_does_not_wait_for_a_computation_under_way(kept):
    cache.add(figures.lock_key(figures.cache_key(("busy",))), "another request", 60)
    started = time.monotonic()
    result = figures.cached_figures(("busy",), lambda: "fresh", refresh=True)
    assert result.value == "fresh" and time.monotonic() - started < 1


def test_figures_computed_under_the_lock_are_kept_for_the_next_request(kept):
    figures.cached_figures(("kept",), lambda: "first")
    assert figures.cached_figures(("kept",), lambda: "second").value == "first"


def test_the_lock_is_let_go_once_the_figures_are_kept(kept):
    figures.cached_figures(("released",), lambda: "figures")
    assert cache.get(figures.lock_key(figures.cache_key(("released",)))) is None


def test_the_warmer_computes_every_districts_dashboard_for_its_staff(staff_client, shinan, laoshan):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from portal import dashboard

    factories.issue_in_state("registered", district=shinan)
    assert dashboard.warm_dashboards() == 2
    factories.issue_in_state("registered", district=shinan)
    with CaptureQueriesContext(connection) as kept:
        assert received(staff_client) == 1  # the warmed figures, not recomputed
    assert len(kept) < 10


def shown_total(client, **params) -> str:
    html = client.get(DASHBOARD, params).content.decode()
    return re.search(r'<span class="kpi-value">(\d+)</span>', html).group(1)


def test_the_kept_page_shows_what_the_kept_figures_say_and_follows_a_refresh(staff_client, shinan):
    factories.issue_in_state("registered", district=shinan)
    assert shown_total(staff_client) == "1"
    factories.issue_in_state("registered", district=shinan)
    assert shown_total(staff_client) == "1"  # the kept figures, and the page kept with them
    assert shown_total(staff_client, refresh="1") == "2"
    assert shown_total(staff_client) == "2"  # the refreshed figures' page, not the old one
