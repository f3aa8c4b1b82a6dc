"""Accessibility: axe-core finds no serious or critical violation on any kind of page.

Each kind of page is loaded in Chromium with realistic data, axe-core (vendored under
vendor/axe-core/ by `make vendor`) is injected and run with the WCAG 2.x A/AA rules and axe's
best practices, and the test fails on any violation of impact "serious" or "critical", listing
each rule, what it asks for and the elements at fault. To check a new kind of page, add one
line to PAGE_KINDS (a path, whose `{name}` fields are filled from the `world` fixture, and who
is signed in).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import timedelta
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from django.conf import settings as django_settings
from django.test import Client
from django.utils import timezone
from playwright.sync_api import Page, expect

from issues import services as issue_services
from issues.models import Source
from reminders import services as reminder_services
from tests import factories
from tests.issues.intake import TEXT, answered, processed_png

from .conftest import SCREENSHOTS, zh

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

AXE = Path(__file__).parent / "vendor" / "axe-core" / "axe.min.js"
AXE_VERSION_FILE = AXE.with_name("VERSION")
# WCAG 2.0, 2.1 and 2.2 at levels A and AA (2.2 adds only AA rules to axe: target size), and
# axe's best practices (landmarks, one h1, heading order ...): not noisy on these pages.
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa", "best-practice"]
FAILING_IMPACTS = {"serious", "critical"}

PHONE = "phone"
DESKTOP = "desktop"
VIEWPORTS = {
    PHONE: {
        "viewport": {"width": 375, "height": 812},
        "device_scale_factor": 2,
        "is_mobile": True,
        "has_touch": True,
    },
    DESKTOP: {"viewport": {"width": 1280, "height": 900}},
}


# ----- what happens on a page before it is checked ---------------------------------------


def send_without_filling_in(page: Page) -> None:
    """The intake form sent empty: the server's errors show (the browser's own checks are
    skipped, as by an old phone browser that has none)."""
    page.locator("main form").evaluate("form => { form.noValidate = true; }")
    page.get_by_role("button", name=zh("Send"), exact=True).click()
    expect(page.locator("[aria-invalid=true]").first).to_be_visible()


def send_an_issue(page: Page) -> None:
    """A citizen sends an issue and lands on the receipt."""
    page.locator("select[name=category]").select_option(index=1)
    page.locator("textarea[name=text]").fill(TEXT)
    page.locator("input[name=citizen_phone]").fill("13712345678")
    page.locator("#id_consent").check()
    page.get_by_role("button", name=zh("Send"), exact=True).click()
    expect(page.locator(".receipt-number")).to_be_visible()


def register_the_issue(page: Page) -> None:
    """Staff take an action: the page comes back with its confirmation message."""
    label = zh("register")
    panel = page.locator("details.action", has=page.locator("summary", has_text=label))
    panel.locator("summary").click()
    panel.get_by_role("button", name=label).click()
    expect(page.locator(".message").first).to_be_visible()


def sign_in_with_a_wrong_password(page: Page) -> None:
    page.locator("input[name=username]").fill("shinan")
    page.locator("input[name=password]").fill("not-the-password")
    page.locator("main form button[type=submit]").click()
    expect(page.locator(".form-errors")).to_be_visible()


def look_up_an_unknown_number(page: Page) -> None:
    page.get_by_label(zh("Tracking number")).fill("SN-2026-999999")
    page.get_by_label(zh("Last 4 digits of your mobile phone")).fill("0000")
    page.get_by_role("button", name=zh("Find my issue")).click()


def look_up_too_often(page: Page) -> None:
    look_up_an_unknown_number(page)
    expect(page.get_by_role("heading", level=1)).to_have_text(zh("Too many attempts"))


def check_in(page: Page) -> None:
    page.get_by_role("button", name=zh("Check in here")).click()
    expect(page.locator(".checked-in").first).to_be_visible()


@dataclass(frozen=True)
class PageKind:
    name: str
    path: str  # `{field}`s come from the world fixture
    user: str | None = None  # a key of world["users"], signed in before the page is opened
    viewports: tuple[str, ...] = (PHONE, DESKTOP)
    then: Callable[[Page], None] | None = None  # done on the page before axe runs
    landing: str | None = None  # where `then` leads, if not back to `path`
    # (axe rule id, CSS selector): that rule's findings on matching elements are not ours to
    # fix; say why beside the list.
    ignore: tuple[tuple[str, str], ...] = ()
    status: int = 200  # of the first response: an error page is a kind of page too
    overrides: dict = field(default_factory=dict)  # settings for this page

    @property
    def id(self) -> str:
        return self.name.replace(" ", "-")


# What Django's admin builds itself and our templates, CSS and forms cannot reach. Its
# autocomplete for many-to-many fields (select2 4.0.13, vendored in Django) makes, in the
# browser, a search box with no label beside the chosen items (axe: label, critical). The
# select it replaces is labelled, and the box inherits nothing from it. Only that box is left
# out, and only for the label rule.
DJANGO_ADMIN_OWN = (("label", ".select2-search__field"),)
ADMIN = {"user": "staff", "viewports": (DESKTOP,), "ignore": DJANGO_ADMIN_OWN}
SUPERUSER_ADMIN = {**ADMIN, "user": "superuser"}

# Every lookup is one too many: the "too many attempts" page.
NO_LOOKUPS = {"RATE_LIMITS": {**django_settings.RATE_LIMITS, "lookup_ip": (0, 3600)}}


PAGE_KINDS = [
    # The public site and the citizen's way through it (phones first).
    PageKind("home", "/"),
    PageKind("district", "/districts/{district}/"),
    PageKind("station", "/s/{station_code}"),
    PageKind("deputy public", "/r/{deputy_code}"),
    PageKind("intake form", "/s/{station_code}/submit/"),
    PageKind("intake form errors", "/s/{station_code}/submit/", then=send_without_filling_in),
    PageKind("deputy intake form", "/r/{deputy_code}/submit/", viewports=(PHONE,)),
    PageKind("receipt", "/s/{station_code}/submit/", then=send_an_issue, landing="/submitted/"),
    PageKind("lookup", "/t/"),
    PageKind("lookup not found", "/t/", then=look_up_an_unknown_number, viewports=(PHONE,)),
    PageKind("status with rating form", "/t/{answered_token}"),
    PageKind("status closed", "/t/{closed_token}", viewports=(PHONE,)),
    PageKind("too many attempts", "/t/", then=look_up_too_often, overrides=NO_LOOKUPS),
    PageKind("not found", "/s/NO-SUCH-STATION", status=404),
    PageKind("forbidden", "/work/stats/", user="deputy", status=403),
    PageKind("method not allowed", "/t/rate/", status=405, viewports=(PHONE,)),
    # The rest as the error pages' preview serves them (DEBUG only), after a form that failed:
    # a real 500 or 503 would need a fault or an outage in the live server.
    *(
        PageKind(
            f"error {name}",
            f"/errors/{name}/?post=1",
            status=status,
            viewports=(PHONE,),
            overrides={"DEBUG": True},
        )
        for name, status in (("400", 400), ("csrf", 403), ("413", 413), ("500", 500), ("503", 503))
    ),
    # The workbench: staff at desks, deputies and departments on phones too.
    PageKind("workbench sign-in", "/work/login/"),
    PageKind("workbench sign-in error", "/work/login/", then=sign_in_with_a_wrong_password),
    PageKind("issue list", "/work/issues/", user="staff"),
    PageKind("issue list filtered", "/work/issues/?state=registered&sort=deadline", user="staff"),
    PageKind("issue detail", "/work/issues/{registered}/", user="staff"),
    PageKind("issue detail answered", "/work/issues/{answered}/", user="staff"),
    PageKind(
        "issue detail acted on", "/work/issues/{submitted}/", user="staff", then=register_the_issue
    ),
    PageKind("register on behalf", "/work/issues/new/", user="staff"),
    PageKind("my issues", "/work/mine/", user="staff"),
    PageKind("department home", "/work/", user="department"),
    PageKind("department issue", "/work/issues/{transferred}/", user="department"),
    PageKind("inbox", "/work/inbox/", user="staff"),
    # Statistics, ledgers and assessment (district staff).
    PageKind("dashboard", "/work/stats/", user="staff"),
    PageKind("activity ledger", "/work/stats/activities/?type={reception_type}", user="staff"),
    PageKind("merit board", "/work/assessment/", user="staff"),
    PageKind("annual report", "/work/assessment/deputies/{deputy}/{year}/", user="staff"),
    # A deputy's phone pages.
    PageKind("deputy home", "/work/", user="deputy", viewports=(PHONE,)),
    PageKind("deputy checked in", "/work/", user="deputy", viewports=(PHONE,), then=check_in),
    PageKind("deputy my issues", "/work/mine/", user="deputy", viewports=(PHONE,)),
    PageKind("activity form", "/work/activities/new/", user="deputy"),
    PageKind("activity detail", "/work/activities/{activity}/", user="deputy", viewports=(PHONE,)),
    PageKind("deputy year", "/work/year/", user="deputy", viewports=(PHONE,)),
    PageKind("deputy QR", "/work/qr/", user="deputy", viewports=(PHONE,)),
    # The staff admin: Django's, with our templates, CSS and forms.
    PageKind("admin sign-in", "/admin/login/", viewports=(DESKTOP,)),
    PageKind("admin index", "/admin/", **ADMIN),
    PageKind("admin stations", "/admin/stations/station/", **ADMIN),
    PageKind("admin deputies", "/admin/representatives/deputy/", **ADMIN),
    PageKind("admin station form", "/admin/stations/station/{station}/change/", **ADMIN),
    PageKind("admin deputy form", "/admin/representatives/deputy/{deputy}/change/", **ADMIN),
    # Editable by a superuser only: its list_editable columns.
    PageKind("admin activity types", "/admin/representatives/activitytype/", **SUPERUSER_ADMIN),
]


# ----- the data: one district with a bit of everything --------------------------------------


@pytest.fixture
def world(settings) -> dict:
    settings.ISSUE_MIN_FILL_SECONDS = 0
    now = timezone.now()
    year = timezone.localdate().year
    shinan = factories.DistrictFactory(name="市南区", code="SN", sort_order=1)
    factories.DistrictFactory(name="崂山区", code="LS", sort_order=2)
    street = factories.SubdistrictFactory(name="八大关街道", parent=shinan)
    factories.SubdistrictFactory(name="香港中路街道", parent=shinan)
    home = factories.StationFactory(
        name="八大关街道代表之家",
        kind="home",
        area=street,
        focus=factories.StationFocusFactory(name="城市管理"),
        opening_hours="每周三 9:00-11:30",
        contact_name="李主任",
        description="代表接待选民、听取意见建议的场所。",
        has_site=True,
        has_rules=True,
    )
    factories.StationFactory(name="新就业群体专业化代表联络站", area=street)
    roads = factories.CategoryFactory(name="市政设施", sort_order=1)
    factories.CategoryFactory(name="环境卫生", sort_order=2)
    department = factories.DepartmentFactory(name="市南区城市管理局", district=shinan)

    staff = factories.StaffFactory(username="shinan", district=shinan)
    department_user = factories.DepartmentUserFactory(username="chengguan", department=department)
    deputy = factories.DeputyFactory(name="张代表", district=shinan, phone="13800001111")
    deputy.user = factories.DeputyUserFactory(username="zhang")
    deputy.save()
    factories.MandateFactory(deputy=deputy)
    factories.StationAssignmentFactory(deputy=deputy, station=home)
    fellow = factories.DeputyFactory(name="李同站", district=shinan)
    factories.StationAssignmentFactory(deputy=fellow, station=home)
    factories.DutyShiftFactory(deputy=deputy, station=home, date=timezone.localdate())
    factories.DutyShiftFactory(
        deputy=deputy, station=home, date=timezone.localdate() + timedelta(days=7)
    )

    def submitted(text: str, **fields):
        return issue_services.issue_submit(
            district=shinan,
            source=Source.STATION_QR,
            category=roads,
            text=text,
            place="韶关路口",
            citizen_name="王小明",
            citizen_phone="13712345678",
            station=home,
            photos=[processed_png()],
            **fields,
        )

    awaiting = submitted("八大关路口路灯不亮，晚上出行不安全。")
    registered = submitted("小区门口井盖松动，车辆经过响声很大。", deputy=deputy)
    issue_services.issue_register(
        registered.pk, actor=staff, assignee=staff, deadline=now + timedelta(days=5), note="内部"
    )
    overdue = submitted("人行道砖块破损。")
    issue_services.issue_register(overdue.pk, actor=staff, deadline=now + timedelta(hours=1))
    transferred = submitted("绿化带杂草丛生。")
    issue_services.issue_register(transferred.pk, actor=staff)
    issue_services.issue_transfer(transferred.pk, actor=staff, department=department)
    answered_issue = answered(submitted("公园长椅损坏。"), staff, photos=[processed_png()])
    closed = answered(submitted("公交站牌字迹模糊。"), staff)
    issue_services.issue_rate(closed.pk, rating="satisfied", comment="很及时")
    # Reminders in the staff's inbox, as the sweep two hours on sends them: an issue past its
    # deadline, another waiting to be registered.
    reminder_services.sweep(now=now + timedelta(hours=2))

    reception = factories.ActivityTypeFactory(name="接待选民", counts_as="reception")
    activity = factories.ActivityFactory(
        deputy=deputy, type=reception, station=home, participants=12, summary="接待选民。"
    )
    activity.fellow_deputies.add(fellow)
    factories.ActivityFactory(deputy=fellow, type=reception, station=home)
    factories.AnnualTargetFactory(district=shinan, year=year)
    return {
        "users": {
            "staff": staff,
            "department": department_user,
            "deputy": deputy.user,
            "superuser": factories.SuperuserFactory(username="admin"),
        },
        "district": shinan.pk,
        "station": home.pk,
        "station_code": home.code,
        "deputy": deputy.pk,
        "deputy_code": deputy.code,
        "submitted": awaiting.pk,
        "registered": registered.pk,
        "transferred": transferred.pk,
        "answered": answered_issue.pk,
        "answered_token": answered_issue.token,
        "closed_token": closed.token,
        "activity": activity.pk,
        "reception_type": reception.pk,
        "year": year,
    }


# ----- axe ----------------------------------------------------------------------------------


def axe_violations(page: Page, ignore: tuple[tuple[str, str], ...] = ()) -> list[dict]:
    """axe's violations on the page, less the findings of `ignore` (rule id, selector)."""
    assert AXE.exists(), f"{AXE} is missing: run `make vendor`"
    page.add_script_tag(path=str(AXE))
    options = {
        "runOnly": {"type": "tag", "values": AXE_TAGS},
        "resultTypes": ["violations"],
    }
    return page.evaluate(
        """async ([options, ignore]) => {
            const results = await axe.run(document, options);
            const ignored = (rule, node) => ignore.some(([id, selector]) =>
                id === rule && document.querySelector(node.target[0])?.matches(selector));
            return results.violations
                .map(v => ({...v, nodes: v.nodes.filter(node => !ignored(v.id, node))}))
                .filter(v => v.nodes.length);
        }""",
        [options, [list(pair) for pair in ignore]],
    )


def described(violations: list[dict]) -> str:
    """Each violation with what to fix and where, for the developer reading the failure."""
    lines = []
    for violation in violations:
        lines.append(
            f"[{violation['impact']}] {violation['id']}: {violation['help']} "
            f"({violation['helpUrl']})"
        )
        for node in violation["nodes"]:
            target = " >> ".join(
                " ".join(part) if isinstance(part, list) else part for part in node["target"]
            )
            summary = " / ".join(node.get("failureSummary", "").splitlines()[1:])
            lines.append(f"    {target}: {summary.strip()}"[:400])
    return "\n".join(lines)


def signed_in_context(browser, live_server, viewport: str, user=None):
    context = browser.new_context(
        locale="zh-CN", timezone_id="Asia/Shanghai", **VIEWPORTS[viewport]
    )
    if user is not None:
        # The session a sign-in would make, without the sign-in form's round trip.
        client = Client()
        client.force_login(user)
        cookie = client.cookies[django_settings.SESSION_COOKIE_NAME]
        context.add_cookies([{"name": cookie.key, "value": cookie.value, "url": live_server.url}])
    return context


@pytest.mark.parametrize(
    ("kind", "viewport"),
    [
        pytest.param(kind, viewport, id=f"{kind.id}-{viewport}")
        for kind in PAGE_KINDS
        for viewport in kind.viewports
    ],
)
def test_page_has_no_serious_or_critical_accessibility_violations(
    kind: PageKind, viewport: str, browser, live_server, world, settings
):
    for name, value in kind.overrides.items():
        setattr(settings, name, value)
    user = world["users"][kind.user] if kind.user else None
    context = signed_in_context(browser, live_server, viewport, user)
    page = context.new_page()
    page.set_default_timeout(15_000)
    path = kind.path.format(**world)
    response = page.goto(live_server.url + path)
    # The page itself, not another error page or a redirect to the sign-in form.
    assert response.status == kind.status, f"{path}: HTTP {response.status}"
    if kind.then:
        kind.then(page)
    assert urlsplit(page.url).path == urlsplit(kind.landing or path).path, page.url
    # What a closed <details> holds (the issue page's action forms, the list filters, the
    # activity form's fellow deputies) is hidden, and axe checks only what is shown.
    page.evaluate(
        "document.querySelectorAll('details:not([open])').forEach(d => { d.open = true; })"
    )
    violations = axe_violations(page, kind.ignore)
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / f"axe-{kind.id}-{viewport}.png"), full_page=True)
    context.close()

    failing = [v for v in violations if v["impact"] in FAILING_IMPACTS]
    others = [v for v in violations if v["impact"] not in FAILING_IMPACTS]
    if others:  # shown with -rP, or beside a failure: worth fixing, not failing for
        print(f"{path} ({viewport}), moderate and minor:\n{described(others)}")
    assert not failing, f"{path} ({viewport}):\n{described(failing)}"


def test_the_check_reports_a_serious_violation_with_its_element(page):
    page.set_content(
        '<html lang="zh-hans"><title>测试</title><main><h1>测试</h1><button id="mute"></button>'
    )
    violations = axe_violations(page)
    assert [(v["id"], v["impact"], v["nodes"][0]["target"]) for v in violations] == [
        ("button-name", "critical", ["#mute"])
    ]


def test_the_vendored_axe_is_the_version_its_file_says(page):
    page.set_content("<html><body></body></html>")
    page.add_script_tag(path=str(AXE))
    assert AXE_VERSION_FILE.read_text().split()[1] == page.evaluate("axe.version")


def test_an_ignored_finding_leaves_the_rules_other_findings(page):
    page.set_content(
        '<html lang="zh-hans"><title>测试</title><main><h1>测试</h1>'
        '<input class="select2-search__field" id="theirs"><input id="ours"></main>'
    )
    violations = axe_violations(page, ignore=DJANGO_ADMIN_OWN)
    assert [(v["id"], [n["target"] for n in v["nodes"]]) for v in violations] == [
        ("label", [["#ours"]])
    ]
