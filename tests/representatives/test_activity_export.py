"""The duty ledger (履职台账) as Excel: from the admin changelist and from the workbench view."""

import datetime
import io

import pytest
from django.core.exceptions import PermissionDenied
from django.db import connection
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation
from openpyxl import load_workbook

from representatives.export_views import activity_export
from representatives.exports import ACTIVITY_COLUMNS
from tests import factories

EXPORT = reverse("admin:representatives_activity_export")
with translation.override("zh-hans"):
    HEADERS = [str(column.header) for column in ACTIVITY_COLUMNS]


def _rows(response):
    assert response.status_code == 200, response.status_code
    workbook = load_workbook(io.BytesIO(b"".join(response.streaming_content)))
    return [list(row) for row in workbook.worksheets[0].iter_rows(values_only=True)]


def _workbench(user, **params):
    """The workbench view called directly (its URL is wired by the workbench's urls)."""
    request = RequestFactory().get("/work/stats/activities/export.xlsx", params)
    request.user = user
    return activity_export(request)


@pytest.fixture
def shinan_activity(shinan_deputy, shinan_station):
    activity = factories.ActivityFactory(
        deputy=shinan_deputy,
        station=shinan_station,
        place="",
        date=datetime.date(2026, 3, 5),
        participants=35,
        households=12,
        summary="听取居民对加装电梯的意见",
    )
    activity.fellow_deputies.add(
        factories.DeputyFactory(name="王同行", district=shinan_deputy.district)
    )
    return activity


@pytest.fixture
def laoshan_activity(laoshan_deputy):
    return factories.ActivityFactory(deputy=laoshan_deputy, place="沙子口广场")


def test_admin_export_writes_the_ledger_row(staff_client, shinan_activity):
    rows = _rows(staff_client.get(EXPORT))
    assert rows[0] == HEADERS
    assert rows[1] == [
        datetime.datetime(2026, 3, 5),
        "市南区",
        "接待选民",
        "张市南",
        "新就业群体专业化代表联络站",
        35,
        12,
        "王同行",
        "听取居民对加装电梯的意见",
    ]


def test_admin_export_is_only_the_staff_district(staff_client, shinan_activity, laoshan_activity):
    assert [row[3] for row in _rows(staff_client.get(EXPORT))[1:]] == ["张市南"]


def test_admin_export_follows_the_changelist_filter(staff_client, shinan_activity, shinan):
    other = factories.ActivityFactory(deputy=factories.DeputyFactory(name="赵另", district=shinan))
    rows = _rows(staff_client.get(EXPORT, {"deputy__id__exact": other.deputy_id}))
    assert [row[3] for row in rows[1:]] == ["赵另"]


def test_a_formula_in_a_summary_is_exported_as_text(staff_client, shinan_deputy):
    factories.ActivityFactory(deputy=shinan_deputy, summary="-1+2 居民反映")
    assert _rows(staff_client.get(EXPORT))[1][-1] == "'-1+2 居民反映"


def test_admin_export_needs_view_permission(client, shinan_activity):
    client.force_login(factories.UserFactory(is_staff=True))
    assert client.get(EXPORT).status_code == 403


def test_admin_export_queries_do_not_grow_per_activity(staff_client, shinan_deputy, shinan):
    def count():
        with CaptureQueriesContext(connection) as captured:
            _rows(staff_client.get(EXPORT))
        return len(captured)

    factories.ActivityFactory(deputy=shinan_deputy)
    few = count()
    for _ in range(8):
        activity = factories.ActivityFactory(deputy=factories.DeputyFactory(district=shinan))
        activity.fellow_deputies.add(shinan_deputy)
    assert count() == few


def test_activity_changelist_shows_the_export_button(staff_client, shinan_activity):
    page = staff_client.get(reverse("admin:representatives_activity_changelist")).content
    assert EXPORT.encode() in page


def test_workbench_export_follows_its_filters(shinan_staff, shinan_activity, shinan_deputy):
    factories.ActivityFactory(deputy=shinan_deputy, date=datetime.date(2026, 1, 2))
    rows = _rows(_workbench(shinan_staff, date_from="2026-03-01"))
    assert [row[0] for row in rows[1:]] == [datetime.datetime(2026, 3, 5)]


def test_workbench_export_ignores_another_districts_filter(
    shinan_staff, laoshan, shinan_activity, laoshan_activity
):
    rows = _rows(_workbench(shinan_staff, district=laoshan.pk))
    assert [row[1] for row in rows[1:]] == ["市南区"]


def test_workbench_export_is_for_staff_only(shinan_deputy_user, shinan_activity):
    with pytest.raises(PermissionDenied):
        _workbench(shinan_deputy_user)


def test_each_entry_gets_its_own_fellows_in_order_across_chunks(
    monkeypatch, staff_client, shinan_deputy, shinan
):
    from representatives import exports

    monkeypatch.setattr(exports, "CHUNK", 2)
    names = {}
    for n in range(5):
        activity = factories.ActivityFactory(
            deputy=shinan_deputy, station=None, place=f"地点{n}", summary=f"第{n}次"
        )
        fellows = [f"乙{n}", f"甲{n}"] if n % 2 else []
        for name in fellows:
            activity.fellow_deputies.add(factories.DeputyFactory(name=name, district=shinan))
        names[f"第{n}次"] = "、".join(sorted(fellows))

    rows = _rows(staff_client.get(EXPORT))[1:]

    assert {row[8]: row[7] or "" for row in rows} == names
    assert {row[8]: row[4] for row in rows} == {f"第{n}次": f"地点{n}" for n in range(5)}
