"""Reading the dashboard's period from the query string: month, quarter, year, custom, nonsense."""

from datetime import date

import pytest
from django.urls import reverse

from portal.dashboard import PeriodError, parse_period, period_or_default

TODAY = date(2026, 5, 17)


def span(params):
    period = parse_period(params, TODAY)
    return period.kind, period.start, period.end


def test_default_period_is_the_current_year():
    assert span({}) == ("year", date(2026, 1, 1), date(2026, 12, 31))


def test_a_year():
    assert span({"period": "year", "year": "2024"}) == (
        "year",
        date(2024, 1, 1),
        date(2024, 12, 31),
    )


def test_a_month_ends_on_its_last_day():
    assert span({"period": "month", "month": "2024-02"}) == (
        "month",
        date(2024, 2, 1),
        date(2024, 2, 29),
    )


def test_a_month_without_value_is_the_current_month():
    assert span({"period": "month"})[1:] == (date(2026, 5, 1), date(2026, 5, 31))


def test_a_quarter():
    assert span({"period": "quarter", "year": "2025", "quarter": "4"}) == (
        "quarter",
        date(2025, 10, 1),
        date(2025, 12, 31),
    )


def test_a_quarter_without_value_is_the_current_quarter():
    assert span({"period": "quarter"})[1:] == (date(2026, 4, 1), date(2026, 6, 30))


def test_custom_dates_are_both_included():
    assert span({"period": "custom", "from": "2024-01-01", "to": "2024-03-15"}) == (
        "custom",
        date(2024, 1, 1),
        date(2024, 3, 15),
    )


def test_custom_period_without_an_end_runs_to_today():
    assert span({"period": "custom", "from": "2024-01-01"})[2] == TODAY


@pytest.mark.parametrize(
    "params",
    [
        {"period": "month", "month": "2026-13"},
        {"period": "month", "month": "May"},
        {"period": "quarter", "quarter": "5"},
        {"period": "year", "year": "20x6"},
        {"period": "year", "year": "1066"},
        {"period": "custom"},
        {"period": "custom", "from": "2024-02-30"},
        {"period": "custom", "from": "2024-03-01", "to": "2024-02-01"},
        {"period": "decade"},
    ],
)
def test_unreadable_periods_are_refused(params):
    with pytest.raises(PeriodError):
        parse_period(params, TODAY)


def test_unreadable_period_falls_back_to_the_current_year():
    period, unreadable = period_or_default({"period": "month", "month": "2026-13"}, TODAY)

    assert (period.kind, period.start, unreadable) == ("year", date(2026, 1, 1), True)


def test_period_parameters_round_trip():
    for params in (
        {"period": "month", "month": "2025-07"},
        {"period": "quarter", "year": "2025", "quarter": "3"},
        {"period": "custom", "from": "2024-01-01", "to": "2025-06-30"},
    ):
        assert parse_period(parse_period(params, TODAY).params(), TODAY).params() == params


def test_bad_dates_show_a_message_and_the_default_period(staff_client):
    response = staff_client.get(
        reverse("dashboard:index"), {"period": "custom", "from": "yesterday"}
    )

    messages = [str(message) for message in response.context["messages"]]
    assert response.status_code == 200
    assert response.context["period"].kind == "year"
    assert len(messages) == 1


def test_custom_period_applies_to_issues_by_submission_day(staff_client, shinan):
    from datetime import datetime

    from django.utils import timezone

    from tests import factories

    for day in (date(2024, 1, 1), date(2024, 6, 30), date(2023, 12, 31)):
        factories.issue_in_state(
            "submitted",
            district=shinan,
            submitted_at=timezone.make_aware(datetime.combine(day, datetime.min.time())),
        )

    response = staff_client.get(
        reverse("dashboard:index"), {"period": "custom", "from": "2024-01-01", "to": "2024-06-30"}
    )

    assert response.context["board"].issues.total == 2
