"""`bench.exports`: an export downloaded from a running server, timed and its rows counted."""

import io

import pytest

from bench import exports
from portal.spreadsheetml import write_xlsx
from tests import factories


def _workbook(rows: int) -> bytes:
    buffer = io.BytesIO()
    write_xlsx(buffer, title="t", header=["甲"], widths=[10], rows=([n] for n in range(rows)))
    return buffer.getvalue()


@pytest.mark.parametrize("rows", [0, 1, 1234])
def test_the_rows_under_the_header_are_counted(rows):
    assert exports.data_rows(_workbook(rows)) == rows


@pytest.fixture
def staff_cookie(staff_client):
    return f"sessionid={staff_client.cookies['sessionid'].value}"


@pytest.mark.django_db(transaction=True)
def test_an_export_is_downloaded_whole_and_its_rows_counted(live_server, staff_cookie, shinan):
    for n in range(3):
        factories.IssueFactory(district=shinan, tracking_number=f"SN-2026-{n:06d}")

    download = exports.download(live_server.url, exports.EXPORTS[0][1], staff_cookie)

    assert (download.status, download.rows) == (200, 3)
    assert download.size > 0 and download.seconds > 0
    assert download.describe().startswith("3 rows, ")


@pytest.mark.django_db(transaction=True)
def test_a_refused_or_unanswered_export_is_reported_as_failed(live_server, staff_cookie):
    refused = exports.download(live_server.url, "/work/no-such-export.xlsx", staff_cookie)
    unanswered = exports.download("http://127.0.0.1:9", exports.EXPORTS[0][1], staff_cookie)

    assert (refused.status, refused.rows) == (404, 0)
    assert unanswered.status == 0
    assert unanswered.describe().startswith("FAILED (status none)")


@pytest.mark.django_db(transaction=True)
def test_every_export_timed_answers_the_district_staff(
    live_server, staff_cookie, shinan, shinan_deputy, shinan_station
):
    factories.ActivityFactory(deputy=shinan_deputy, station=shinan_station)
    factories.IssueFactory(district=shinan, tracking_number="SN-2026-000001")

    rows = {
        name: exports.download(live_server.url, path, staff_cookie).rows
        for name, path, _label in exports.EXPORTS
    }

    assert rows == {
        "issues": 1,
        "activities": 1,
        "admin_deputies": 1,
        "admin_stations": 1,
        "admin_activities": 1,
    }
