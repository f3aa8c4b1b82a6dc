"""Writing and reading .xlsx ledgers: the formula guard, the reading limits, files that are not."""

import datetime
import io
import zipfile
from decimal import Decimal

import pytest
from openpyxl import Workbook, load_workbook

from portal import xlsx
from portal.xlsx import Column, SheetError, read_sheet, write_workbook

COLUMNS = [
    Column("text", "文本"),
    Column("day", "日期", kind="date"),
    Column("n", "数", kind="number"),
]


def _written(rows, columns=COLUMNS):
    buffer = io.BytesIO()
    write_workbook(buffer, columns, rows, title="测试")
    buffer.seek(0)
    return buffer


def _sheet_of(buffer):
    return load_workbook(buffer).worksheets[0]


def _upload(rows):
    """An .xlsx upload made the way a user's spreadsheet program would save it."""
    workbook = Workbook()
    sheet = workbook.active
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    buffer.seek(0)
    return buffer


@pytest.mark.parametrize(
    "payload",
    [
        '=HYPERLINK("http://evil.example","点我")',
        "+1+1",
        "-2+3",
        "@SUM(A1:A2)",
        "\t=1+1",
        "\r=1+1",
        "  =cmd|' /C calc'!A0",
    ],
)
def test_formula_like_text_is_written_as_quoted_text(payload):
    cell = _sheet_of(_written([{"text": payload}]))["A2"]
    # XML reads a stored CR back as LF; the quote in front is what matters.
    assert (cell.data_type, cell.value) == ("s", ("'" + payload).replace("\r", "\n"))


def test_plain_text_is_written_unchanged():
    cell = _sheet_of(_written([{"text": "小区门口路灯坏了"}]))["A2"]
    assert (cell.data_type, cell.value) == ("s", "小区门口路灯坏了")


def test_numbers_stay_numbers_even_when_negative():
    cell = _sheet_of(_written([{"n": -3}]))["C2"]
    assert (cell.data_type, cell.value) == ("n", -3)


def test_a_formula_like_header_is_neutralised_too():
    cell = _sheet_of(_written([], [Column("x", "=1+1")]))["A1"]
    assert cell.value == "'=1+1"


def test_dates_are_written_as_dates():
    cell = _sheet_of(_written([{"day": datetime.date(2026, 3, 5)}]))["B2"]
    assert (cell.is_date, cell.value.date()) == (True, datetime.date(2026, 3, 5))


def test_aware_datetimes_are_written_in_local_time():
    moment = datetime.datetime(2026, 3, 5, 1, 30, tzinfo=datetime.UTC)
    cell = _sheet_of(_written([{"day": moment}], [Column("day", "时间", kind="datetime")]))["A2"]
    assert cell.value == datetime.datetime(2026, 3, 5, 9, 30)  # Asia/Shanghai


def test_header_row_is_bold_and_frozen():
    sheet = _sheet_of(_written([]))
    assert (sheet["A1"].font.b, sheet.freeze_panes) == (True, "A2")


def test_booleans_are_written_as_yes_or_no_words():
    cell = _sheet_of(_written([{"flag": True}], [Column("flag", "是否", kind="bool")]))["A2"]
    assert cell.value == "是"


def test_reading_undoes_the_export_guard():
    sheet = read_sheet(_written([{"text": "=1+1"}]))
    assert sheet.rows[0].values["文本"] == "=1+1"


def test_reading_keys_rows_by_header_and_numbers_them_as_excel_does():
    sheet = read_sheet(
        _upload([["姓名", "手机号"], ["张三", 13800001111], [None, None], ["李四", ""]])
    )
    assert [(row.number, row.values) for row in sheet.rows] == [
        (2, {"姓名": "张三", "手机号": "13800001111"}),
        (4, {"姓名": "李四", "手机号": ""}),
    ]


def test_reading_never_evaluates_a_formula():
    # openpyxl saves no cached value, as a formula typed into a cell and never calculated.
    sheet = read_sheet(_upload([["姓名", "备注"], ["张三", "=1+1"]]))
    assert sheet.rows[0].values["备注"] == ""


def test_a_text_file_is_not_a_workbook():
    with pytest.raises(SheetError, match="xlsx"):
        read_sheet(io.BytesIO("姓名,手机号\n张三,13800001111\n".encode()))


def test_a_zip_that_is_not_a_workbook_is_refused():
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("hello.txt", "hi")
    buffer.seek(0)
    with pytest.raises(SheetError, match="xlsx"):
        read_sheet(buffer)


def test_too_many_rows_are_refused():
    with pytest.raises(SheetError, match="3"):
        read_sheet(_upload([["姓名"], *[[f"代表{n}"] for n in range(4)]]), max_rows=3)


def test_too_large_a_file_is_refused(monkeypatch):
    monkeypatch.setattr(xlsx, "MAX_UPLOAD_BYTES", 100)
    with pytest.raises(SheetError):
        read_sheet(_upload([["姓名"], ["张三"]]))


def test_an_empty_sheet_is_refused():
    with pytest.raises(SheetError):
        read_sheet(_upload([]))


def test_a_workbook_that_unpacks_too_large_is_refused(monkeypatch):
    monkeypatch.setattr(xlsx, "MAX_UNPACKED_BYTES", 1000)
    with pytest.raises(SheetError):
        read_sheet(_upload([["姓名"], ["张三"]]))


def test_uploaded_workbooks_are_parsed_with_defusedxml():
    import openpyxl.xml

    assert openpyxl.xml.DEFUSEDXML


@pytest.mark.parametrize("number", [float("nan"), float("inf"), Decimal("NaN")])
def test_a_number_excel_cannot_hold_is_written_as_text(number):
    cell = _sheet_of(_written([{"n": number}]))["C2"]
    assert (cell.data_type, cell.value) == ("s", str(number))
