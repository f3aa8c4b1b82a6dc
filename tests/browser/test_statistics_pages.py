"""The dashboard and the merit board in a real browser, at desktop and phone widths.

The demo data (load_demo) holds the report's figures; each page's numbers are read off the
rendered page and checked against the database by hand: plain counts written here, not the
dashboard's or the assessment's own selectors.
"""

import io
import re
from datetime import date

import pytest
from django.core.management import call_command
from django.db.models import Q, Sum
from django.utils import timezone
from playwright.sync_api import expect

from issues.models import Issue, IssueEvent, Source, State
from representatives.models import Activity, AnnualTarget, Deputy
from stations.models import DutyShift, Station

from .conftest import zh

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PASSWORD = "demo-2026!"
SINCE_2024 = "?period=custom&from=2024-01-01"


@pytest.fixture
def demo(live_server):
    call_command("load_demo", stdout=io.StringIO())


def sign_in(page, live_server, username: str) -> None:
    page.goto(f"{live_server.url}/work/login/")
    page.locator("input[name=username]").fill(username)
    page.locator("input[name=password]").fill(PASSWORD)
    page.locator("main form button[type=submit]").click()
    expect(page.locator("input[name=password]")).to_have_count(0)


def table(page, caption: str):
    return page.locator("table", has=page.locator("caption", has_text=caption))


def row(page, caption: str, label: str):
    return table(page, caption).locator("tbody tr", has=page.locator("th", has_text=label))


def cells(row_locator) -> list[str]:
    return [text.strip() for text in row_locator.locator("td").all_inner_texts()]


def number(text: str) -> int:
    return int(re.sub(r"\D", "", text))


def this_year() -> int:
    return timezone.localdate().year


def test_laixi_dashboard_shows_15_monthly_talks_and_90_problems_solved(
    page, live_server, demo, screenshot
):
    sign_in(page, live_server, "laixi")
    page.goto(f"{live_server.url}/work/stats/{SINCE_2024}")
    screenshot(page, "dashboard-laixi-since-2024")

    talks = Activity.objects.filter(
        district__name="莱西市", type__name="代表月月谈", date__gte=date(2024, 1, 1)
    ).count()
    talk_row = row(page, zh("Activities by type"), "代表月月谈")
    assert number(talk_row.locator(".bar-value").inner_text()) == talks == 15

    problems = Issue.objects.filter(
        district__name="莱西市", source=Source.MONTHLY_TALK, is_flagged=False
    )
    solved = problems.filter(state__in=[State.ANSWERED, State.CLOSED]).count()
    issues, rate, *_ = cells(row(page, zh("Issues by source"), "代表月月谈"))
    assert number(issues) == problems.count() == 90
    assert solved == 90
    assert rate == "100%"


def test_jiaozhou_dashboard_shows_the_hotline_transferred_and_95_percent_done(
    page, live_server, demo
):
    sign_in(page, live_server, "jiaozhou")
    page.goto(f"{live_server.url}/work/stats/{SINCE_2024}")

    hotline = Issue.objects.filter(district__name="胶州市", source=Source.HOTLINE)
    transfers = IssueEvent.objects.filter(action="transfer").values("issue")
    transferred = hotline.filter(Q(department__isnull=False) | Q(pk__in=transfers))
    done = transferred.filter(state__in=[State.ANSWERED, State.CLOSED]).count()
    issues, _rate, moved, moved_rate = cells(row(page, zh("Issues by source"), "直通车"))
    assert number(issues) == hotline.count() == 40
    assert number(moved) == transferred.count() == 40
    assert done == 38
    assert moved_rate.replace(" ", "") == "95%(38/40)"


def test_pingdu_dashboard_shows_its_nine_specialised_homes(page, live_server, demo, screenshot):
    sign_in(page, live_server, "pingdu")
    page.goto(f"{live_server.url}/work/stats/")
    screenshot(page, "dashboard-pingdu")

    homes = Station.objects.filter(
        area__district__name="平度市", kind=Station.Kind.HOME, focus__isnull=False, is_active=True
    )
    held = Activity.objects.filter(station__in=homes, date__year=this_year())
    participants = held.aggregate(total=Sum("participants"))["total"]
    stations, activities, people = cells(page.locator("tbody.venue-specialised tr"))
    assert number(stations) == homes.count() == 9
    assert number(activities) == held.count() >= 70
    assert number(people) == participants >= 1300


@pytest.mark.parametrize("width", ["desktop", "phone"])
def test_shinan_dashboard_headline_figures_match_the_database(
    request, width, live_server, demo, screenshot
):
    page = request.getfixturevalue("page" if width == "desktop" else "phone_page")
    sign_in(page, live_server, "shinan")
    page.goto(f"{live_server.url}/work/stats/")
    screenshot(page, f"dashboard-shinan-{width}")

    year = Issue.objects.filter(
        district__name="市南区", is_flagged=False, submitted_at__year=this_year()
    )
    accepted = year.exclude(state__in=[State.REJECTED, State.MERGED]).count()
    completed = year.filter(state__in=[State.ANSWERED, State.CLOSED]).count()
    values = page.locator(".kpi .kpi-value").all_inner_texts()
    assert number(values[0]) == year.count()
    # The page prints a rate with one decimal, dropped when it is whole (floatformat:"-1").
    assert float(values[1].rstrip("%")) == pytest.approx(100 * completed / accepted, abs=0.05)
    # Nothing overflows a phone's width: the tables reflow into cards.
    overflow = page.evaluate("document.documentElement.scrollWidth > window.innerWidth")
    assert not overflow


@pytest.mark.parametrize("width", ["desktop", "phone"])
def test_shibei_merit_board_leader_scores_as_a_hand_count_says(
    request, width, live_server, demo, screenshot
):
    page = request.getfixturevalue("page" if width == "desktop" else "phone_page")
    sign_in(page, live_server, "shibei")
    page.goto(f"{live_server.url}/work/assessment/")
    screenshot(page, f"merit-board-shibei-{width}")

    first = page.locator("table.board-table tbody tr").first
    name = first.locator("th").inner_text().strip()
    shown_score = float(first.locator(".score").inner_text())
    deputy = Deputy.objects.get(name=name, district__name="市北区")

    # By hand, with the default weights (25/20/15/10/15/15) and the district's target.
    year, today = this_year(), timezone.localdate()
    target = AnnualTarget.objects.get(district=deputy.district, year=year)
    mine = Activity.objects.filter(
        Q(deputy=deputy) | Q(fellow_deputies=deputy), date__year=year
    ).distinct()
    parts = [  # (weight, share)
        (25, min(mine.count() / target.activities, 1)),
        (20, min(mine.filter(type__counts_as="reception").count() / target.receptions, 1)),
        (15, min(mine.filter(type__counts_as="training").count() / target.trainings, 1)),
        (10, 1 if mine.filter(type__counts_as="report").exists() else 0),
    ]
    shifts = DutyShift.objects.filter(deputy=deputy, date__year=year, date__lte=today)
    if shifts.exists():  # duty attendance applies when shifts were planned
        parts.append((15, shifts.filter(checked_in_at__isnull=False).count() / shifts.count()))
    assert not Issue.objects.filter(assignee__deputy=deputy).exists()  # no issue part here
    score = 100 * sum(weight * share for weight, share in parts) / sum(w for w, _ in parts)
    assert shown_score == pytest.approx(score, abs=0.05)


def test_shibei_leaders_annual_report_agrees_with_the_board_and_the_records(
    page, live_server, demo, screenshot
):
    sign_in(page, live_server, "shibei")
    page.goto(f"{live_server.url}/work/assessment/")
    first = page.locator("table.board-table tbody tr").first
    board_score = first.locator(".score").inner_text().strip()
    first.locator("th a").click()
    expect(page.locator("article.annual-report")).to_be_visible()
    screenshot(page, "annual-report-shibei-leader")

    pk = int(re.search(r"/deputies/(\d+)/", page.url).group(1))
    deputy = Deputy.objects.get(pk=pk, district__name="市北区")
    assert page.locator("article.annual-report h1").inner_text().startswith(deputy.name)
    assert page.locator(".score-large").inner_text().strip() == board_score

    # The head, by hand: levels, resident stations and groups.
    facts = dict(
        zip(
            [t.strip() for t in page.locator("dl.facts").first.locator("dt").all_inner_texts()],
            [t.strip() for t in page.locator("dl.facts").first.locator("dd").all_inner_texts()],
            strict=True,
        )
    )
    stations = deputy.assignments.filter(role="resident").values_list("station__name", flat=True)
    groups = deputy.deputy_groups.values_list("name", flat=True)
    assert set(facts[zh("Stations")].split("、")) == (set(stations) or {"–"})
    assert set(facts[zh("Groups")].split("、")) == (set(groups) or {"–"})
    assert facts[zh("Levels")].count("人大代表") == deputy.mandates.count()

    # The trainings listed, by hand: each one the deputy logged or joined this year.
    year = this_year()
    trainings = Activity.objects.filter(
        Q(deputy=deputy) | Q(fellow_deputies=deputy),
        date__year=year,
        type__counts_as="training",
    ).distinct()
    listed = page.locator("ul.report-list li")
    expect(listed).to_have_count(trainings.count())
    dates = sorted(day.isoformat() for day in trainings.values_list("date", flat=True))
    assert sorted(t.split(" ")[0] for t in listed.all_inner_texts()) == dates
