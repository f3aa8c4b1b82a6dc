"""The workbench issue export (/work/issues/export.xlsx): scope, filters, masking, queries."""

import io
from datetime import UTC

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from openpyxl import load_workbook

from tests import factories

URL = reverse("workbench:issue-export")


def _sheet(response):
    assert response.status_code == 200, response.status_code
    workbook = load_workbook(io.BytesIO(b"".join(response.streaming_content)))
    return [list(row) for row in workbook.worksheets[0].iter_rows(values_only=True)]


def _numbers(rows):
    return sorted(row[0] for row in rows[1:])


@pytest.fixture
def issues(shinan_issue, laoshan_issue):
    return shinan_issue, laoshan_issue


def test_headers_are_chinese(staff_client, issues):
    rows = _sheet(staff_client.get(URL))
    assert rows[0][:3] == ["受理编号", "区市", "状态"]


def test_district_staff_export_only_their_district(staff_client, issues):
    assert _numbers(_sheet(staff_client.get(URL))) == ["SN-2026-000001"]


def test_district_staff_cannot_export_other_district_by_its_filter(staff_client, laoshan, issues):
    rows = _sheet(staff_client.get(URL, {"district": laoshan.pk}))
    assert _numbers(rows) == ["SN-2026-000001"]


def test_superuser_exports_every_district(client, superuser, issues):
    client.force_login(superuser)
    assert _numbers(_sheet(client.get(URL))) == ["LS-2026-000001", "SN-2026-000001"]


def test_export_follows_the_list_filters(staff_client, shinan, shinan_station, issues):
    factories.issue_in_state(
        "registered", district=shinan, station=shinan_station, tracking_number="SN-2026-000002"
    )
    rows = _sheet(staff_client.get(URL, {"state": "registered"}))
    assert _numbers(rows) == ["SN-2026-000002"]


def test_export_is_not_paged(staff_client, shinan):
    for n in range(30):
        factories.IssueFactory(district=shinan, tracking_number=f"SN-2026-{n:06d}")
    assert len(_sheet(staff_client.get(URL))) == 31


def test_citizen_name_and_phone_are_masked(staff_client, issues):
    row = _sheet(staff_client.get(URL))[1]
    assert (row[-2], row[-1]) == ("王*", "137****5678")


def test_no_cell_holds_the_full_citizen_phone(staff_client, issues):
    cells = [str(cell) for row in _sheet(staff_client.get(URL)) for cell in row]
    assert not any("13712345678" in cell or "王小明" in cell for cell in cells)


def test_state_is_written_as_its_label(staff_client, issues):
    from django.utils import translation

    from issues.models import State

    with translation.override("zh-hans"):
        label = str(State.SUBMITTED.label)
    assert _sheet(staff_client.get(URL))[1][2] == label != "submitted"


def test_overdue_issue_says_yes(staff_client, shinan):
    from datetime import timedelta

    from django.utils import timezone

    factories.issue_in_state(
        "registered", district=shinan, deadline=timezone.now() - timedelta(days=1)
    )
    row = _sheet(staff_client.get(URL))[1]
    assert row[13] == "是"


def test_each_column_reads_what_the_issue_holds(staff_client, shinan, shinan_station):
    from datetime import datetime

    from django.utils import translation

    from issues.models import Rating, Source

    answered = datetime(2026, 3, 6, 9, 30, tzinfo=UTC)
    factories.issue_in_state(
        "closed",
        district=shinan,
        station=shinan_station,
        source=Source.DEPUTY_QR,
        deputy=factories.DeputyFactory(district=shinan, name="李代表"),
        department=factories.DepartmentFactory(district=shinan, name="城管局"),
        answered_at=answered,
        rating=Rating.BASICALLY,
    )

    row = _sheet(staff_client.get(URL))[1]

    with translation.override("zh-hans"):
        labels = (str(Source.DEPUTY_QR.label), str(Rating.BASICALLY.label))
    assert (row[1], row[5], row[6], row[7]) == (
        shinan.name,
        shinan_station.name,
        "李代表",
        "城管局",
    )
    assert (row[3], row[14]) == labels
    assert row[10] == datetime(2026, 3, 6, 17, 30)  # Asia/Shanghai, without a zone
    assert (row[11], row[13]) == (None, "否")


def test_formula_in_a_station_name_is_neutralised(staff_client, shinan):
    street = factories.SubdistrictFactory(parent=shinan)
    station = factories.StationFactory(area=street, name='=HYPERLINK("http://x","y")')
    factories.IssueFactory(district=shinan, station=station)
    row = _sheet(staff_client.get(URL))[1]
    assert row[5] == '\'=HYPERLINK("http://x","y")'


def test_department_user_may_not_export(client, shinan_department_user, issues):
    client.force_login(shinan_department_user)
    assert client.get(URL).status_code == 403


def test_deputy_may_not_export(deputy_client, issues):
    assert deputy_client.get(URL).status_code == 403


def test_anonymous_user_is_sent_to_login(client, issues):
    response = client.get(URL)
    assert response.status_code == 302 and reverse("workbench:login") in response["Location"]


def test_query_count_does_not_grow_with_rows(staff_client, shinan, shinan_station):
    def count_queries():
        with CaptureQueriesContext(connection) as captured:
            _sheet(staff_client.get(URL))
        return len(captured)

    factories.IssueFactory(district=shinan, station=shinan_station)
    few = count_queries()
    for _ in range(10):
        factories.issue_in_state(
            "transferred",
            district=shinan,
            station=shinan_station,
            department=factories.DepartmentFactory(district=shinan),
            deputy=factories.DeputyFactory(district=shinan),
        )
    assert count_queries() == few


def test_list_page_links_to_the_export_with_its_filters(staff_client, issues):
    response = staff_client.get(reverse("workbench:issue-list"), {"state": "submitted"})
    assert f'href="{URL}?state=submitted"' in response.content.decode()


def test_a_list_past_the_export_limit_goes_back_to_the_list_with_a_message(
    monkeypatch, staff_client, shinan
):
    from issues import exports

    monkeypatch.setattr(exports, "EXPORT_MAX_ROWS", 2)
    for _ in range(3):
        factories.IssueFactory(district=shinan, state="submitted")

    response = staff_client.get(URL, {"state": "submitted"}, follow=True)

    assert response.redirect_chain == [(reverse("workbench:issue-list") + "?state=submitted", 302)]
    assert "符合条件的群众诉求超过 2 件" in response.content.decode()


def test_a_list_at_the_export_limit_is_exported_whole(monkeypatch, staff_client, shinan):
    from issues import exports

    monkeypatch.setattr(exports, "EXPORT_MAX_ROWS", 3)
    for n in range(3):
        factories.IssueFactory(district=shinan, tracking_number=f"SN-2026-{n:06d}")

    assert len(_sheet(staff_client.get(URL))) == 1 + 3


def test_the_limit_counts_only_what_the_filters_and_the_scope_let_through(
    monkeypatch, staff_client, shinan, laoshan
):
    from issues import exports

    monkeypatch.setattr(exports, "EXPORT_MAX_ROWS", 2)
    for _ in range(3):
        factories.IssueFactory(district=laoshan)
        factories.IssueFactory(district=shinan, state="closed")
    factories.IssueFactory(district=shinan, state="submitted", tracking_number="SN-2026-000009")

    assert _numbers(_sheet(staff_client.get(URL, {"state": "submitted"}))) == ["SN-2026-000009"]
