"""Stations to and from Excel in the admin: export scope and filters, import preview → confirm."""

import io
import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation
from openpyxl import Workbook, load_workbook

from stations.exports import STATION_COLUMNS
from stations.models import BUILD_ITEMS, Station
from tests import factories

EXPORT = reverse("admin:stations_station_export")
IMPORT = reverse("admin:stations_station_import")
# The headers in the portal's default language (名称, 类型, 所属区 … once the catalogue has them).
with translation.override("zh-hans"):
    HEADERS = [str(column.header) for column in STATION_COLUMNS]
    KIND_HOME = str(Station.Kind.HOME.label)
TITLE = dict(zip([column.key for column in STATION_COLUMNS], HEADERS, strict=True))


def _rows(response):
    assert response.status_code == 200, response.status_code
    workbook = load_workbook(io.BytesIO(b"".join(response.streaming_content)))
    return [list(row) for row in workbook.worksheets[0].iter_rows(values_only=True)]


def _xlsx(rows):
    workbook = Workbook()
    for row in rows:
        workbook.active.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return SimpleUploadedFile("stations.xlsx", buffer.getvalue())


def _preview(client, rows):
    return client.post(IMPORT, {"file": _xlsx(rows)})


def _token(response):
    match = re.search(r'name="token" value="([^"]+)"', response.content.decode())
    return match.group(1) if match else None


def _import(client, rows):
    preview = _preview(client, rows)
    token = _token(preview)
    return preview if token is None else client.post(IMPORT, {"token": token})


@pytest.fixture
def community(shinan_station):
    return factories.CommunityFactory(name="太平角社区", parent=shinan_station.area)


@pytest.fixture
def home(community):
    """A compliant deputies' home in a community: all six 六有 items met."""
    return factories.StationFactory(
        name="太平角代表之家",
        kind=Station.Kind.HOME,
        area=community,
        address="太平角一路1号",
        **dict.fromkeys(BUILD_ITEMS, True),
    )


def _row_of(rows, name):
    return next(row for row in rows if row[0] == name)


def _titled(row):
    return dict(zip(HEADERS, row, strict=True))


# ----- export ---------------------------------------------------------------------------------


def test_export_headers_follow_the_columns(staff_client, home):
    assert _rows(staff_client.get(EXPORT))[0] == HEADERS


def test_export_writes_kind_label_area_path_items_and_score(staff_client, home):
    row = _titled(_row_of(_rows(staff_client.get(EXPORT)), "太平角代表之家"))
    assert (
        row[TITLE["kind"]],
        row[TITLE["district"]],
        row[TITLE["area"]],
        row[TITLE["has_site"]],
        row[TITLE["build_score"]],
    ) == (KIND_HOME, "市南区", "八大关街道·太平角社区", "是", 6)


def test_staff_export_only_their_district(staff_client, shinan_station, laoshan_station):
    names = [row[0] for row in _rows(staff_client.get(EXPORT))[1:]]
    assert names == ["新就业群体专业化代表联络站"]


def test_staff_cannot_export_other_district_through_its_filter(
    staff_client, laoshan, shinan_station, laoshan_station
):
    assert _rows(staff_client.get(EXPORT, {"district": laoshan.pk}))[1:] == []


def test_export_follows_the_changelist_filter(staff_client, shinan_station, home):
    rows = _rows(staff_client.get(EXPORT, {"build": "complete"}))
    assert [row[0] for row in rows[1:]] == ["太平角代表之家"]


def test_formula_in_an_address_is_exported_as_text(staff_client, shinan_station):
    Station.objects.filter(pk=shinan_station.pk).update(address="@SUM(1,2)")
    row = _titled(_rows(staff_client.get(EXPORT))[1])
    assert row[TITLE["address"]] == "'@SUM(1,2)"


def test_export_needs_view_permission(client, shinan_station):
    client.force_login(factories.UserFactory(is_staff=True))
    assert client.get(EXPORT).status_code == 403


def test_export_queries_do_not_grow_per_station(staff_client, shinan_station, community):
    def count():
        with CaptureQueriesContext(connection) as captured:
            _rows(staff_client.get(EXPORT))
        return len(captured)

    few = count()
    for _ in range(8):
        factories.StationFactory(area=community)
    assert count() == few


def test_changelist_shows_export_and_import_buttons(staff_client, shinan_station):
    page = staff_client.get(reverse("admin:stations_station_changelist")).content
    assert EXPORT.encode() in page and IMPORT.encode() in page


# ----- import ---------------------------------------------------------------------------------


def _snapshot(station):
    return (
        station.name,
        station.kind,
        station.area_id,
        station.address,
        *(getattr(station, item) for item in BUILD_ITEMS),
        station.is_active,
    )


def test_export_then_import_gives_back_the_same_stations(
    staff_client, shinan, shinan_station, home
):
    Station.objects.filter(pk=shinan_station.pk).update(
        address='=HYPERLINK("x")', is_active=False, has_rules=True
    )
    before = sorted(_snapshot(s) for s in Station.objects.all())
    sheet = _rows(staff_client.get(EXPORT))
    Station.objects.all().delete()

    response = _import(staff_client, sheet)

    assert response.status_code == 302
    assert sorted(_snapshot(s) for s in Station.objects.all()) == before


def test_imported_stations_get_their_own_public_codes(staff_client, shinan_station):
    _import(
        staff_client,
        [["名称", "类型", "街道/社区", "地址"], ["新站", "代表联络站", "八大关街道", "路1号"]],
    )
    assert len(Station.objects.get(name="新站").code) == 6


def test_kind_and_area_are_read_from_chinese_words(staff_client, community):
    rows = [["名称", "类型", "街道/社区", "地址"], ["角站", "代表之家", "太平角社区", "路2号"]]
    _import(staff_client, rows)
    station = Station.objects.get(name="角站")
    assert (station.kind, station.area) == (Station.Kind.HOME, community)


def test_staff_cannot_import_into_another_district(staff_client, laoshan_station):
    rows = [
        ["名称", "类型", "所属区", "街道/社区", "地址"],
        ["越界站", "代表联络站", "崂山区", "沙子口街道", "路3号"],
    ]
    response = _import(staff_client, rows)
    assert response.context["errors"] and not Station.objects.filter(name="越界站").exists()


def test_another_districts_area_is_not_found(staff_client, laoshan_station):
    rows = [["名称", "类型", "街道/社区", "地址"], ["借地站", "代表联络站", "沙子口街道", "路4号"]]
    response = _preview(staff_client, rows)
    assert [e.column for e in response.context["errors"]] == [TITLE["area"]]


def test_one_bad_row_means_nothing_is_imported(staff_client, shinan_station):
    rows = [
        ["名称", "类型", "街道/社区", "地址"],
        ["好站", "代表联络站", "八大关街道", "路5号"],
        ["坏站", "火星站", "八大关街道", "路6号"],
    ]
    response = _import(staff_client, rows)
    assert _token(response) is None and not Station.objects.filter(name="好站").exists()


def test_missing_required_cells_are_row_errors(staff_client, shinan_station):
    response = _preview(staff_client, [["名称", "类型", "街道/社区", "地址"], ["空站", "", "", ""]])
    expected = sorted(TITLE[key] for key in ("kind", "area", "address"))
    assert sorted(e.column for e in response.context["errors"]) == expected


def test_a_name_already_in_the_district_is_a_row_error(staff_client, shinan_station, community):
    rows = [
        ["名称", "类型", "街道/社区", "地址"],
        [shinan_station.name, "代表之家", "太平角社区", "x"],
    ]
    response = _preview(staff_client, rows)
    assert [(e.row, e.column) for e in response.context["errors"]] == [(2, TITLE["name"])]


def test_a_name_twice_in_the_file_is_a_row_error(staff_client, shinan_station):
    rows = [
        ["名称", "类型", "街道/社区", "地址"],
        ["双站", "代表联络站", "八大关街道", "路7号"],
        ["双站", "代表联络站", "八大关街道", "路8号"],
    ]
    response = _preview(staff_client, rows)
    assert [e.row for e in response.context["errors"]] == [3]


def test_import_needs_add_permission(client, shinan):
    client.force_login(factories.UserFactory(is_staff=True))
    assert client.get(IMPORT).status_code == 403


def test_a_damaged_file_gets_a_clear_error(staff_client, shinan):
    upload = SimpleUploadedFile("stations.xlsx", b"PK\x03\x04 not really a zip")
    response = staff_client.post(IMPORT, {"file": upload})
    assert response.status_code == 400 and ".xlsx" in response.content.decode()
