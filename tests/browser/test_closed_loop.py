"""The whole closed loop in real browsers: 收集 → 挂号 → 转办 → 办结 → 不满意 → 再办结 → 销号.

A citizen on a phone submits through a station's QR URL and follows the issue; district staff
register and transfer it; the department answers; the citizen is not satisfied, so it reopens;
staff answer again and the citizen's rating closes it. Every step shows on the citizen's
timeline.
"""

import pytest
from PIL import Image
from playwright.sync_api import expect

from issues.models import Issue, State
from tests import factories

from .conftest import SCREENSHOTS, zh

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PASSWORD = "pass-1234-word"


@pytest.fixture
def world(settings):
    settings.ISSUE_MIN_FILL_SECONDS = 0
    shinan = factories.DistrictFactory(name="市南区", code="SN")
    street = factories.SubdistrictFactory(name="八大关街道", parent=shinan)
    station = factories.StationFactory(name="八大关街道代表之家", area=street)
    factories.CategoryFactory(name="城市管理", default_days=10)
    department = factories.DepartmentFactory(name="市南区城市管理局", district=shinan)
    factories.StaffFactory(username="shinan", district=shinan)
    factories.DepartmentUserFactory(username="chengguan", department=department)
    return station


def signed_in(browser, live_server, username):
    context = browser.new_context(
        locale="zh-CN", timezone_id="Asia/Shanghai", viewport={"width": 1280, "height": 900}
    )
    page = context.new_page()
    page.set_default_timeout(15_000)
    page.goto(f"{live_server.url}/work/login/")
    page.locator("input[name=username]").fill(username)
    page.locator("input[name=password]").fill(PASSWORD)
    page.locator("main form button[type=submit]").click()
    expect(page.locator("input[name=password]")).to_have_count(0)
    return page


def take_action(page, label: str, fill=None) -> None:
    """Open the action's panel on the issue page, fill it in and submit it."""
    panel = page.locator("details.action", has=page.locator("summary", has_text=label))
    if panel.get_attribute("open") is None:
        panel.locator("summary").click()
    if fill:
        fill(panel)
    panel.get_by_role("button", name=label).click()
    expect(page.locator(".messages, .message, [role=status]").first).to_be_visible()


def test_an_issue_goes_round_the_whole_loop(live_server, browser, phone_page, world, tmp_path):
    citizen = phone_page
    photo = tmp_path / "road.png"
    Image.new("RGB", (400, 300), (90, 90, 90)).save(photo)

    # 收集: the citizen scans the station's code and submits with a photo.
    citizen.goto(f"{live_server.url}/s/{world.code}")
    citizen.get_by_role("link", name=zh("Send a suggestion / report a problem")).click()
    citizen.get_by_label(zh("Category")).select_option(label="城市管理")
    citizen.get_by_label(zh("Your suggestion or problem")).fill(
        "西黄埠社区路面破损，雨天积水严重，老人孩子出行不便。"
    )
    citizen.get_by_label(zh("Photos (optional)")).set_input_files(photo)
    citizen.get_by_label(zh("Mobile phone (optional)")).fill("13712345678")
    citizen.locator("#id_consent").check()
    citizen.get_by_role("button", name=zh("Send"), exact=True).click()
    issue = Issue.objects.get()
    expect(citizen.locator(".receipt-number")).to_have_text(issue.tracking_number)

    # The citizen looks the issue up by number and the phone's last four digits.
    citizen.goto(f"{live_server.url}/t/")
    citizen.get_by_label(zh("Tracking number")).fill(issue.tracking_number)
    citizen.get_by_label(zh("Last 4 digits of your mobile phone")).fill("5678")
    citizen.get_by_role("button", name=zh("Find my issue")).click()
    expect(citizen.get_by_role("heading", level=1)).to_contain_text(issue.tracking_number)
    status_url = citizen.url

    # 挂号 and 转办: staff register it (the category's default deadline) and transfer it.
    staff = signed_in(browser, live_server, "shinan")
    staff.goto(f"{live_server.url}/work/issues/{issue.pk}/")
    take_action(staff, zh("register"))
    take_action(
        staff,
        zh("transfer to a department"),
        lambda panel: panel.get_by_label(zh("Department")).select_option(label="市南区城市管理局"),
    )
    issue.refresh_from_db()
    assert (issue.state, issue.deadline is not None) == (State.TRANSFERRED, True)

    # 办结: the department answers.
    department = signed_in(browser, live_server, "chengguan")
    department.goto(f"{live_server.url}/work/issues/{issue.pk}/")
    take_action(
        department,
        zh("answer"),
        lambda panel: panel.get_by_label(zh("Answer to the citizen")).fill(
            "已安排施工队修补路面。"
        ),
    )

    # 不满意: the citizen rates the answer and the issue reopens.
    citizen.goto(status_url)
    citizen.get_by_label(zh("Not satisfied"), exact=True).check()
    citizen.get_by_label(zh("Comment (optional)")).fill("只补了一半，还在积水")
    citizen.get_by_role("button", name=zh("Send my rating")).click()
    expect(citizen.locator(".state-badge")).to_have_text(zh("Reopened, being handled again"))
    issue.refresh_from_db()
    assert issue.state == State.REOPENED

    # Answered again by staff, then the citizen is satisfied: 销号.
    staff.goto(f"{live_server.url}/work/issues/{issue.pk}/")
    take_action(
        staff,
        zh("answer"),
        lambda panel: panel.get_by_label(zh("Answer to the citizen")).fill(
            "已全部重新铺设并疏通排水。"
        ),
    )
    citizen.goto(status_url)
    citizen.get_by_label(zh("Satisfied"), exact=True).check()
    citizen.get_by_role("button", name=zh("Send my rating")).click()
    issue.refresh_from_db()
    assert issue.state == State.CLOSED

    timeline = citizen.locator(".timeline li")
    expect(timeline).to_have_count(issue.events.filter(is_public=True).count())
    for answer in ("已安排施工队修补路面。", "已全部重新铺设并疏通排水。"):
        expect(citizen.locator("main")).to_contain_text(answer)
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    citizen.screenshot(path=str(SCREENSHOTS / "closed-loop-citizen-phone.png"), full_page=True)
    staff.goto(f"{live_server.url}/work/issues/{issue.pk}/")
    staff.screenshot(path=str(SCREENSHOTS / "closed-loop-staff.png"), full_page=True)
