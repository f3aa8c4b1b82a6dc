"""A streaming .xlsx writer for the portal's ledgers: one sheet, written as it is read.

An export holds every row the filters match (a district's whole issue ledger is some
80,000 rows at the benchmark's scale), inside one request. openpyxl's write-only mode spent
about 16 µs a cell building and serialising a cell object: 22 s of the 30 s that ledger
took, when gunicorn ends a worker after 30 s. The ledgers need a small part of the format:
text, numbers, dates and times, a bold header, column widths and a frozen first row. This
module writes just that, the way XlsxWriter's constant-memory mode does (inline strings, no
shared-string table, so nothing grows with the rows), and leaves reading to openpyxl.

The parts are those of ECMA-376's minimal workbook: content types, the package and workbook
relationships, the workbook, its styles and the sheet.
"""

from __future__ import annotations

import datetime
import math
import zipfile
from collections.abc import Iterable, Sequence
from decimal import Decimal
from typing import IO, TypeAlias
from xml.sax.saxutils import escape, quoteattr

from openpyxl.utils import get_column_letter

Cell: TypeAlias = str | int | float | Decimal | datetime.date | None

# The cell styles below, by their index in styles.xml's cellXfs.
PLAIN, BOLD, DATE, DATETIME, WRAPPED = range(5)

_MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
_RELATIONSHIPS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
_PACKAGE_RELATIONSHIPS = "http://schemas.openxmlformats.org/package/2006/relationships"
_HEAD = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'

_CONTENT_TYPES = (
    _HEAD + '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    '<Default Extension="rels" '
    'ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
    '<Default Extension="xml" ContentType="application/xml"/>'
    '<Override PartName="/xl/workbook.xml" '
    'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
    '<Override PartName="/xl/worksheets/sheet1.xml" '
    'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>'
    '<Override PartName="/xl/styles.xml" '
    'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/>'
    "</Types>"
)
_PACKAGE_RELS = (
    _HEAD + f'<Relationships xmlns="{_PACKAGE_RELATIONSHIPS}">'
    f'<Relationship Id="rId1" Type="{_RELATIONSHIPS}/officeDocument" Target="xl/workbook.xml"/>'
    "</Relationships>"
)
_WORKBOOK_RELS = (
    _HEAD + f'<Relationships xmlns="{_PACKAGE_RELATIONSHIPS}">'
    f'<Relationship Id="rId1" Type="{_RELATIONSHIPS}/worksheet" Target="worksheets/sheet1.xml"/>'
    f'<Relationship Id="rId2" Type="{_RELATIONSHIPS}/styles" Target="styles.xml"/>'
    "</Relationships>"
)
_FONT = '<sz val="11"/><name val="Calibri"/><family val="2"/>'
_STYLES = (
    _HEAD + f'<styleSheet xmlns="{_MAIN}">'
    '<numFmts count="2"><numFmt numFmtId="164" formatCode="yyyy-mm-dd"/>'
    '<numFmt numFmtId="165" formatCode="yyyy-mm-dd hh:mm"/></numFmts>'
    f'<fonts count="2"><font>{_FONT}</font><font><b/>{_FONT}</font></fonts>'
    '<fills count="2"><fill><patternFill patternType="none"/></fill>'
    '<fill><patternFill patternType="gray125"/></fill></fills>'
    '<borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders>'
    '<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>'
    '<cellXfs count="5">'
    '<xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/>'
    '<xf numFmtId="0" fontId="1" fillId="0" borderId="0" xfId="0" applyFont="1"/>'
    '<xf numFmtId="164" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/>'
    '<xf numFmtId="165" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/>'
    '<xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0" applyAlignment="1">'
    '<alignment vertical="top" wrapText="1"/></xf>'
    "</cellXfs>"
    '<cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles>'
    "</styleSheet>"
)
_PAGE_MARGINS = (
    '<pageMargins left="0.7" right="0.7" top="0.75" bottom="0.75" header="0.3" footer="0.3"/>'
)
# Excel's day 0 (its "1900 date system"); it also counts a 29 February 1900 that never was.
_EPOCH = datetime.datetime(1899, 12, 30)
_ROWS_A_WRITE = 500


def _text(reference: str, text: str, style: int) -> str:
    space = ' xml:space="preserve"' if text[:1].isspace() or text[-1:].isspace() else ""
    return f'<c r="{reference}" s="{style}" t="inlineStr"><is><t{space}>{escape(text)}</t></is></c>'


def _serial(value: datetime.date) -> tuple[int | float, int]:
    """A date, or a datetime without a time zone, as Excel's serial number and its style."""
    if isinstance(value, datetime.datetime):
        delta = value - _EPOCH
        serial: int | float = delta.days + (delta.seconds + delta.microseconds / 1e6) / 86400
        style = DATETIME
    else:
        serial = (value - _EPOCH.date()).days
        style = DATE
    if 0 < serial < 61:  # before 1 March 1900 Excel's serials are one short of the days
        serial -= 1
    return serial, style


def _cell(reference: str, value: Cell) -> str:
    if isinstance(value, str):  # the common case first
        return _text(reference, value, WRAPPED if "\n" in value else PLAIN)
    if isinstance(value, datetime.date):
        if isinstance(value, datetime.datetime) and value.tzinfo is not None:
            raise ValueError("Excel has no time zones: give the local time without one")
        serial, style = _serial(value)
        return f'<c r="{reference}" s="{style}"><v>{serial}</v></c>'
    if isinstance(value, bool) or not isinstance(value, int | float | Decimal):
        raise TypeError(f"not a cell value: {value!r}")
    if not isinstance(value, int) and not math.isfinite(value):
        raise ValueError(f"Excel has no number {value}")
    return f'<c r="{reference}"><v>{value}</v></c>'


def write_xlsx(
    target: IO[bytes],
    *,
    title: str,
    header: Sequence[str],
    widths: Sequence[float],
    rows: Iterable[Sequence[Cell]],
) -> None:
    """Write one sheet called `title` to `target`: the bold, frozen `header`, then `rows`.

    A cell is text (multi-line text wraps), a number, a date, a datetime without a time zone,
    or None for an empty cell; each row has as many as the header. Rows are written as they
    come, so memory stays flat however many there are. Text is never a formula, whatever it
    starts with; guarding against formula-like text in other programs (CSV) is the caller's
    part (`portal.xlsx.neutralise`).
    """
    letters = [get_column_letter(index) for index in range(1, len(header) + 1)]
    columns = "".join(
        f'<col min="{index}" max="{index}" width="{width}" customWidth="1"/>'
        for index, width in enumerate(widths, start=1)
    )
    head = "".join(
        _text(f"{letter}1", text, BOLD) for letter, text in zip(letters, header, strict=True)
    )
    with zipfile.ZipFile(target, "w", compression=zipfile.ZIP_DEFLATED, compresslevel=6) as package:
        package.writestr("[Content_Types].xml", _CONTENT_TYPES)
        package.writestr("_rels/.rels", _PACKAGE_RELS)
        package.writestr(
            "xl/workbook.xml",
            _HEAD + f'<workbook xmlns="{_MAIN}" xmlns:r="{_RELATIONSHIPS}">'
            "<bookViews><workbookView/></bookViews>"
            f'<sheets><sheet name={quoteattr(title)} sheetId="1" r:id="rId1"/></sheets>'
            "</workbook>",
        )
        package.writestr("xl/_rels/workbook.xml.rels", _WORKBOOK_RELS)
        package.writestr("xl/styles.xml", _STYLES)
        with package.open("xl/worksheets/sheet1.xml", "w", force_zip64=True) as sheet:
            sheet.write(
                (
                    _HEAD + f'<worksheet xmlns="{_MAIN}" xmlns:r="{_RELATIONSHIPS}">'
                    '<sheetViews><sheetView tabSelected="1" workbookViewId="0">'
                    '<pane ySplit="1" topLeftCell="A2" activePane="bottomLeft" state="frozen"/>'
                    '<selection pane="bottomLeft" activeCell="A2" sqref="A2"/>'
                    "</sheetView></sheetViews>"
                    '<sheetFormatPr defaultRowHeight="15"/>'
                    + (f"<cols>{columns}</cols>" if columns else "")
                    + f'<sheetData><row r="1">{head}</row>'
                ).encode()
            )
            pending: list[str] = []
            for number, values in enumerate(rows, start=2):
                cells = "".join(
                    _cell(f"{letter}{number}", value)
                    for letter, value in zip(letters, values, strict=True)
                    if value is not None
                )
                pending.append(f'<row r="{number}">{cells}</row>')
                if len(pending) == _ROWS_A_WRITE:
                    sheet.write("".join(pending).encode())
                    pending.clear()
            tail = "".join(pending) + "</sheetData>" + _PAGE_MARGINS + "</worksheet>"
            sheet.write(tail.encode())
