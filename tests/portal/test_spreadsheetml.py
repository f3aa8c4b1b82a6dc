"""The streaming .xlsx writer: what openpyxl (and so Excel's format) reads back from it."""

import datetime
import io
import zipfile
from decimal import Decimal

import pytest
from openpyxl import load_workbook
from openpyxl.utils.datetime import to_excel

from portal import spreadsheetml
from portal.spreadsheetml import write_xlsx
from portal.xlsx import read_sheet


def _written(rows, header=("甲", "乙", "丙"), widths=(10, 20, 30), title="台账"):
    buffer = io.BytesIO()
    write_xlsx(buffer, title=title, header=list(header), widths=list(widths), rows=rows)
    buffer.seek(0)
    return buffer


def _sheet(rows, **kwargs):
    return load_workbook(_written(rows, **kwargs)).worksheets[0]


def test_the_package_holds_the_minimal_workbooks_parts():
    names = zipfile.ZipFile(_written([])).namelist()
    assert names == [
        "[Content_Types].xml",
        "_rels/.rels",
        "xl/workbook.xml",
        "xl/_rels/workbook.xml.rels",
        "xl/styles.xml",
        "xl/worksheets/sheet1.xml",
    ]


def test_the_header_is_bold_frozen_and_the_columns_as_wide_as_asked():
    sheet = _sheet([])
    assert [cell.value for cell in sheet[1]] == ["甲", "乙", "丙"]
    assert all(cell.font.b for cell in sheet[1])
    assert sheet.freeze_panes == "A2"
    assert [sheet.column_dimensions[letter].width for letter in "ABC"] == [10, 20, 30]
    assert sheet.title == "台账"


def test_each_kind_of_value_reads_back_as_itself():
    moment = datetime.datetime(2026, 3, 5, 9, 30)
    sheet = _sheet([["路灯坏了", 42, Decimal("2.5")], [datetime.date(2026, 3, 5), moment, -3.25]])

    text, whole, decimal = sheet[2]
    day, time, negative = sheet[3]
    assert (text.data_type, text.value) == ("s", "路灯坏了")
    assert (whole.data_type, whole.value) == ("n", 42)
    assert decimal.value == 2.5
    assert (day.is_date, day.value, day.number_format) == (
        True,
        datetime.datetime(2026, 3, 5),
        "yyyy-mm-dd",
    )
    assert (time.is_date, time.value, time.number_format) == (True, moment, "yyyy-mm-dd hh:mm")
    assert negative.value == -3.25


@pytest.mark.parametrize(
    "value",
    [
        datetime.datetime(2026, 12, 7, 23, 59, 59),
        datetime.datetime(2000, 1, 1, 0, 0, 0, 500000),
        datetime.datetime(1900, 2, 28, 12, 0),
        datetime.date(1900, 1, 1),
        datetime.date(1900, 3, 1),
        datetime.date(2099, 12, 31),
    ],
)
def test_dates_get_excels_serial_numbers_as_openpyxl_counts_them(value):
    serial, _style = spreadsheetml._serial(value)
    assert serial == pytest.approx(to_excel(value), abs=1e-9)


def test_empty_cells_keep_the_others_in_their_columns():
    sheet = _sheet([[None, "乙", None], ["甲", None, "丙"]])
    assert [[cell.value for cell in row] for row in sheet.iter_rows(min_row=2)] == [
        [None, "乙", None],
        ["甲", None, "丙"],
    ]


@pytest.mark.parametrize(
    "text",
    ["=1+1", "#N/A", "<b>&amp;</b>", "  两端有空格  ", "引号\"和'撇号", "TRUE", "0012"],
)
def test_text_stays_text_exactly(text):
    cell = _sheet([[text, None, None]])["A2"]
    assert (cell.data_type, cell.value) == ("s", text)


def test_multi_line_text_wraps_at_the_top_of_its_cell():
    cell = _sheet([["第一行\n第二行", "一行", None]])["A2"]
    assert cell.value == "第一行\n第二行"
    assert (cell.alignment.wrap_text, cell.alignment.vertical) == (True, "top")
    assert not _sheet([["一行", None, None]])["A2"].alignment.wrap_text


def test_a_sheet_title_with_markup_characters_is_kept():
    assert _sheet([], title='A & "B" <C>').title == 'A & "B" <C>'


def test_rows_are_taken_from_a_generator_past_each_batch_written():
    count = spreadsheetml._ROWS_A_WRITE * 2 + 7
    rows = ([f"第{n}行", n, None] for n in range(count))
    sheet = _sheet(rows)
    assert sheet.max_row == count + 1
    assert [sheet.cell(row=r, column=2).value for r in (2, 502, count + 1)] == [0, 500, count - 1]


def test_what_it_writes_reads_back_through_the_portals_reader():
    sheet = read_sheet(_written([["张三", 13800001111, datetime.date(2026, 3, 5)]]))
    assert sheet.rows[0].values == {"甲": "张三", "乙": "13800001111", "丙": "2026-03-05"}


@pytest.mark.parametrize("row", [["甲", "乙"], ["甲", "乙", "丙", "丁"]])
def test_a_row_of_the_wrong_length_is_refused_not_cut(row):
    with pytest.raises(ValueError):
        _written([row])


@pytest.mark.parametrize(
    ("value", "error"),
    [
        (datetime.datetime(2026, 3, 5, tzinfo=datetime.UTC), ValueError),
        (float("nan"), ValueError),
        (float("inf"), ValueError),
        (True, TypeError),
        (object(), TypeError),
    ],
)
def test_a_value_excel_cannot_hold_is_refused(value, error):
    with pytest.raises(error):
        _written([[value, None, None]])


def test_text_with_spaces_at_either_end_asks_excel_to_keep_them():
    # XML readers keep them anyway; Excel trims a <t> without xml:space="preserve".
    xml = zipfile.ZipFile(_written([["  两端  ", "中间 有空格", None]])).read(
        "xl/worksheets/sheet1.xml"
    )
    assert '<t xml:space="preserve">  两端  </t>'.encode() in xml
    assert "<t>中间 有空格</t>".encode() in xml


def test_a_str_subclass_is_text_like_any_string():
    from django.utils.safestring import mark_safe

    cell = _sheet([[mark_safe("<b>安全</b>"), None, None]])["A2"]
    assert (cell.data_type, cell.value) == ("s", "<b>安全</b>")
