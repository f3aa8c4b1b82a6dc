"""The dashboard's figures are kept a few minutes, shared by a scope, recomputed on demand."""

import pytest
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
