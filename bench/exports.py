"""Timing the Excel exports, one download each: the staff pages' and the admin's.

The staff pages export a district's whole issue ledger and duty ledger; the admin its
deputies, stations and activities.

A page is measured under load with wrk. An export is one long request (every row the
filters match, no paging), so it is downloaded alone from the same gunicorn, as 市南's
staff, and timed from the request to the last byte. Gunicorn's sync workers are killed
after 30 s by default, so an export that takes longer never reaches its user.
"""

from __future__ import annotations

import io
import time
import urllib.error
import urllib.request
import zipfile
from dataclasses import dataclass
from http.client import HTTPException

# (name, path, what it is): the staff list's and the ledger's exports with no filter, and
# the admin's, of every row of the district its changelists show.
EXPORTS = (
    ("issues", "/work/issues/export.xlsx", "issue ledger, the whole district"),
    ("activities", "/work/stats/activities/export.xlsx", "duty ledger, the whole district"),
    ("admin_deputies", "/admin/representatives/deputy/export.xlsx", "admin: deputies"),
    ("admin_stations", "/admin/stations/station/export.xlsx", "admin: stations"),
    ("admin_activities", "/admin/representatives/activity/export.xlsx", "admin: activities"),
)
WORKER_TIMEOUT_S = 30


@dataclass(frozen=True)
class Download:
    status: int  # 0: no answer (the worker was killed, or the connection dropped)
    seconds: float
    size: int
    rows: int

    def describe(self) -> str:
        if self.status != 200:
            return f"FAILED (status {self.status or 'none'}) after {self.seconds:.1f} s"
        return f"{self.rows:,} rows, {self.size / 1e6:.1f} MB, {self.seconds:.1f} s"


def data_rows(workbook: bytes) -> int:
    """The rows under the header of an .xlsx's first sheet."""
    with zipfile.ZipFile(io.BytesIO(workbook)) as package:
        sheet = package.read("xl/worksheets/sheet1.xml")
    return max(sheet.count(b"<row ") - 1, 0)


def download(base: str, path: str, cookie: str, timeout: float = 300) -> Download:
    """GET `path` as the holder of `cookie`, timed to the last byte."""
    request = urllib.request.Request(base + path, headers={"Cookie": cookie})
    started = time.monotonic()
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:
            body = response.read()
            status = response.status
    except urllib.error.HTTPError as error:
        body, status = b"", error.code
    except (urllib.error.URLError, HTTPException, ConnectionError, TimeoutError):
        body, status = b"", 0
    seconds = time.monotonic() - started
    rows = data_rows(body) if status == 200 else 0
    return Download(status=status, seconds=seconds, size=len(body), rows=rows)
