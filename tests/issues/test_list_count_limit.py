"""Lists count up to a limit: past it they say "more than", and the first pages still page."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from issues import selectors
from tests import factories

pytestmark = pytest.mark.django_db

LIST = "/work/issues/"


@pytest.fixture
def limit_of_three(monkeypatch):
    monkeypatch.setattr(selectors.BoundedPaginator, "limit", 3)


def issues(district, count: int) -> None:
    for _ in range(count):
        factories.issue_in_state("registered", district=district)


def test_within_the_limit_the_count_is_exact(staff_client, shinan, limit_of_three):
    issues(shinan, 3)

    response = staff_client.get(LIST)

    assert response.context["page"].paginator.capped is False
    assert "共 3 件诉求" in response.content.decode()


def test_past_the_limit_the_list_says_more_than(staff_client, shinan, limit_of_three):
    issues(shinan, 5)

    response = staff_client.get(LIST)
    html = response.content.decode()

    assert response.context["page"].paginator.capped is True
    assert "超过 3 件诉求：可翻阅前 3 件" in html
    assert len(response.context["issues"]) == 3  # a page is 25; only the counted ones page


def test_capped_pages_say_more_than_in_the_pagination(staff_client, shinan, monkeypatch):
    monkeypatch.setattr(selectors.BoundedPaginator, "limit", 30)
    issues(shinan, 32)

    response = staff_client.get(LIST, {"page": 2})
    newest_first = selectors.issues_for(response.wsgi_request.user).order_by("-submitted_at", "-pk")

    assert "第 2 页，共超过 2 页" in response.content.decode()
    # The second page of 25 holds the 26th to the 30th: what was counted can be paged to.
    assert [i.pk for i in response.context["issues"]] == [i.pk for i in newest_first[25:30]]


def test_the_count_reads_no_further_than_the_limit(shinan, shinan_staff, limit_of_three):
    issues(shinan, 5)

    with CaptureQueriesContext(connection) as captured:
        page = selectors.issue_list_for(shinan_staff, {}, page=1)
        page.page.paginator.count  # noqa: B018 (the count is what is measured)
    [count] = [q["sql"] for q in captured if "COUNT(*)" in q["sql"]]

    assert "LIMIT 4" in count
    assert "ORDER BY" not in count


def test_a_deputys_own_list_is_bounded_too(deputy_client, shinan, shinan_station, limit_of_three):
    for _ in range(5):
        factories.issue_in_state("registered", district=shinan, station=shinan_station)

    response = deputy_client.get("/work/mine/")

    assert response.context["page"].paginator.capped is True
    assert len(response.context["issues"]) == 3
