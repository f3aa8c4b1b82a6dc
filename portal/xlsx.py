"""Excel (.xlsx) ledgers: streamed writing, guarded reading, and the admin export/import views."""

from __future__ import annotations

import datetime
import math
import re
import tempfile
import zipfile
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from typing import IO, Any

from django import forms
from django.contrib import messages
from django.contrib.admin.options import IncorrectLookupParameters
from django.core import signing
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.http import FileResponse, HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone, translation
from django.utils.functional import Promise
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from openpyxl import load_workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

from portal import spreadsheetml

XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

# Reading limits: an upload is a ledger of one district, not a data dump. The limits keep a
# crafted file (a zip bomb, a million empty rows) from tying up a worker.
MAX_UPLOAD_BYTES = 5 * 1024 * 1024
MAX_ROWS = 2000
MAX_COLUMNS = 60
MAX_CELL_CHARS = 2000
# What the parts of the zip may unpack to: a real 2,000-row ledger is a few megabytes.
MAX_UNPACKED_BYTES = 50 * 1024 * 1024

# OWASP CSV/formula injection: a text cell starting with one of these (after any leading
# whitespace) may be run as a formula by a spreadsheet program. Tab and CR count even first.
FORMULA_TRIGGERS = ("=", "+", "-", "@")
FORMULA_LEADING_CONTROLS = ("\t", "\r")


# ----- writing ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class Column:
    """One column of a ledger: its key in a row dict, its (translated) header and its look."""

    key: str
    header: str | Promise
    width: int = 14
    # "text", "date", "datetime", "number" or "bool" (written as 是/否).
    kind: str = "text"


def is_formula_like(text: str) -> bool:
    """Whether a spreadsheet could read `text` as a formula (OWASP CSV-injection list)."""
    if text.startswith(FORMULA_LEADING_CONTROLS):
        return True
    return text.lstrip().startswith(FORMULA_TRIGGERS)


def neutralise(text: str) -> str:
    """`text` made safe as a cell: a leading quote in front of anything formula-like."""
    text = ILLEGAL_CHARACTERS_RE.sub("", text)
    return f"'{text}" if is_formula_like(text) else text


def yes_no(value: bool | None) -> str:
    if value is None:
        return ""
    return gettext("Yes") if value else gettext("No")


def _cell_values(columns: Sequence[Column]) -> Callable[[Mapping[str, Any]], list]:
    """A function from a row to its cells' values: text made safe, local times, 是/否.

    The time zone and the words for yes and no are looked up once a workbook, not once a
    cell (an export can have a million cells).
    """
    zone = timezone.get_current_timezone()
    words = {True: yes_no(True), False: yes_no(False)}

    def cell_value(column: Column, value: Any) -> spreadsheetml.Cell:
        if value is None or value == "":
            return None
        if column.kind == "bool" or isinstance(value, bool):
            return words[bool(value)]
        if type(value) is str:  # most cells: checked first
            return neutralise(value)
        if isinstance(value, datetime.datetime):
            # Excel has no time zones: the portal's local time is what staff expect to read.
            if value.tzinfo is not None:
                return value.astimezone(zone).replace(tzinfo=None)
            return value
        if isinstance(value, datetime.date):
            return value
        if isinstance(value, int) or (isinstance(value, float | Decimal) and math.isfinite(value)):
            return value
        return neutralise(str(value))  # NaN and infinity too: Excel has no such numbers

    def cells(row: Mapping[str, Any]) -> list:
        return [cell_value(column, row.get(column.key)) for column in columns]

    return cells


def write_workbook(
    target: IO[bytes], columns: Sequence[Column], rows: Iterable[Mapping[str, Any]], *, title: str
) -> None:
    """Write `rows` under `columns` to `target` as one sheet, streamed: memory stays flat."""
    cells = _cell_values(columns)
    spreadsheetml.write_xlsx(
        target,
        title=_sheet_title(title),
        header=[neutralise(str(column.header)) for column in columns],
        widths=[column.width for column in columns],
        rows=(cells(row) for row in rows),
    )


def _sheet_title(title: str) -> str:
    # Excel forbids []:*?/\ in sheet titles and cuts them at 31 characters.
    return re.sub(r"[\[\]:*?/\\]", " ", str(title))[:31] or "Sheet1"


def xlsx_response(
    columns: Sequence[Column],
    rows: Iterable[Mapping[str, Any]],
    *,
    filename: str,
    title: str,
) -> FileResponse:
    """The workbook as a download, streamed from a temporary file rather than built in memory."""
    spool = tempfile.TemporaryFile()  # noqa: SIM115 (FileResponse closes it when sent)
    write_workbook(spool, columns, rows, title=title)
    spool.seek(0)
    stamp = timezone.localtime().strftime("%Y%m%d-%H%M")
    response = FileResponse(
        spool,
        as_attachment=True,
        filename=f"{filename}-{stamp}.xlsx",
        content_type=XLSX_CONTENT_TYPE,
    )
    # A ledger holds (masked) personal data: no shared cache keeps a copy.
    response["Cache-Control"] = "no-store"
    return response


# ----- reading ---------------------------------------------------------------------------------


class SheetError(ValueError):
    """The upload cannot be read as a ledger at all (not .xlsx, too big, no header …)."""


@dataclass
class SheetRow:
    """One data row: its number as Excel shows it, and its cells as text keyed by header."""

    number: int
    values: dict[str, str]


@dataclass
class Sheet:
    headers: list[str]
    rows: list[SheetRow]


def normalise_header(text: str) -> str:
    return re.sub(r"\s+", "", str(text or "")).casefold()


def _as_text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return gettext("Yes") if value else gettext("No")
    if isinstance(value, float) and value.is_integer():
        # A phone typed into Excel becomes a number: 13800001111.0 must read back as digits.
        return str(int(value))
    if isinstance(value, datetime.datetime):
        return value.date().isoformat() if value.time() == datetime.time() else value.isoformat()
    if isinstance(value, datetime.date):
        return value.isoformat()
    text = str(value).strip()[:MAX_CELL_CHARS]
    # Undo our own export guard, so that export → import gives back the same text.
    if text.startswith("'") and is_formula_like(text[1:]):
        text = text[1:]
    return text


def read_sheet(upload: IO[bytes], *, max_rows: int = MAX_ROWS) -> Sheet:
    """The first sheet of an .xlsx upload: header row, then rows as {header: text}.

    Formulas are never evaluated: the workbook is opened with `data_only=True`, so a formula
    cell reads as the value Excel cached (or nothing), and an error cell (#REF! …) as its text.
    """
    size = getattr(upload, "size", None)
    if size is None:
        upload.seek(0, 2)
        size = upload.tell()
    upload.seek(0)
    if size > MAX_UPLOAD_BYTES:
        raise SheetError(
            _("The file is larger than %(limit)d MB.") % {"limit": MAX_UPLOAD_BYTES // 2**20}
        )
    if not zipfile.is_zipfile(upload):
        raise SheetError(_("This is not an Excel workbook (.xlsx). Save the file as .xlsx."))
    upload.seek(0)
    try:
        with zipfile.ZipFile(upload) as archive:
            unpacked = sum(member.file_size for member in archive.infolist())
    except zipfile.BadZipFile as error:
        raise SheetError(
            _("This is not an Excel workbook (.xlsx). Save the file as .xlsx.")
        ) from error
    if unpacked > MAX_UNPACKED_BYTES:
        # A zip bomb, or a workbook far beyond a ledger: refused before any XML is parsed.
        raise SheetError(_("The workbook is too large to read."))
    upload.seek(0)
    try:
        workbook = load_workbook(upload, read_only=True, data_only=True)
    except Exception as error:  # openpyxl raises many kinds for a damaged or foreign file
        raise SheetError(
            _("This is not an Excel workbook (.xlsx). Save the file as .xlsx.")
        ) from error
    try:
        return _read_rows(workbook.worksheets[0], max_rows)
    except SheetError:
        raise
    except Exception as error:
        raise SheetError(_("The workbook could not be read.")) from error
    finally:
        workbook.close()


def _read_rows(worksheet, max_rows: int) -> Sheet:
    headers: list[str] = []
    rows: list[SheetRow] = []
    # Numbered as Excel shows them, so that an error names the row staff see.
    for number, raw in enumerate(
        worksheet.iter_rows(max_col=MAX_COLUMNS, values_only=True), start=1
    ):
        values = [_as_text(value) for value in raw]
        if not any(values):
            continue
        if not headers:
            headers = values
            continue
        if len(rows) >= max_rows:
            raise SheetError(
                _("The sheet has more than %(limit)d rows. Split it into smaller files.")
                % {"limit": max_rows}
            )
        rows.append(
            SheetRow(
                number=number,
                values={h: v for h, v in zip(headers, values, strict=False) if h},
            )
        )
    if not headers:
        raise SheetError(_("The sheet is empty: the first row must hold the column titles."))
    return Sheet(headers=[h for h in headers if h], rows=rows)


# ----- importing: row errors, header matching, the signed preview -------------------------------


@dataclass(frozen=True)
class RowError:
    row: int
    column: str
    message: str


@dataclass
class ImportCheck:
    """What an import would do: the rows read, keyed by column key, and every row error."""

    rows: list[SheetRow]
    errors: list[RowError] = field(default_factory=list)
    created: int = 0

    @property
    def is_valid(self) -> bool:
        return not self.errors

    def errors_by_row(self) -> dict[int, list[RowError]]:
        grouped: dict[int, list[RowError]] = {}
        for error in self.errors:
            grouped.setdefault(error.row, []).append(error)
        return grouped


def header_names(column: Column, aliases: Iterable[str] = ()) -> set[str]:
    """Every title accepted for `column`: its header in Chinese and English, and aliases."""
    names = {normalise_header(str(column.header))}
    for language in ("zh-hans", "en"):
        with translation.override(language):
            names.add(normalise_header(str(column.header)))
    names.update(normalise_header(alias) for alias in aliases)
    return names


def keyed_rows(
    sheet: Sheet, columns: Sequence[Column], aliases: Mapping[str, Iterable[str]]
) -> list[SheetRow]:
    """The sheet's rows re-keyed from header text to column key; unknown columns dropped."""
    lookup: dict[str, str] = {}
    for column in columns:
        for name in header_names(column, aliases.get(column.key, ())):
            lookup.setdefault(name, column.key)
    mapping = {
        header: lookup[normalise_header(header)]
        for header in sheet.headers
        if normalise_header(header) in lookup
    }
    return [
        SheetRow(
            number=row.number,
            values={mapping[h]: v for h, v in row.values.items() if h in mapping},
        )
        for row in sheet.rows
    ]


def missing_columns(
    rows: Sequence[SheetRow], required: Iterable[str], titles: Mapping[str, Any]
) -> list[RowError]:
    """One sheet-level error per required column the sheet has no title for at all."""
    present = set().union(*(row.values.keys() for row in rows)) if rows else set()
    return [
        RowError(0, str(titles[key]), gettext("The sheet has no column with this title."))
        for key in required
        if key not in present
    ]


def sheet_errors(
    rows: Sequence[SheetRow], required: Iterable[str], titles: Mapping[str, Any]
) -> list[RowError]:
    """Errors of the whole sheet: no rows, or a required column missing (every row would
    repeat the same error, so rows are not checked then)."""
    if not rows:
        return [RowError(0, "", gettext("The sheet has no rows to import."))]
    return missing_columns(rows, required, titles)


class RowCheck:
    """The checks every imported row goes through, collecting its errors by column."""

    def __init__(self, row: SheetRow, titles: Mapping[str, Any]) -> None:
        self.row = row
        self.values = row.values
        self.titles = titles
        self.errors: list[RowError] = []

    def error(self, key: str, message: str) -> None:
        self.errors.append(RowError(self.row.number, str(self.titles[key]), message))

    def required(self, keys: Iterable[str]) -> None:
        for key in keys:
            if not self.values.get(key):
                self.error(key, gettext("This column is required."))

    def district(self, districts: DistrictResolver):
        """The row's district (blank: the user's own), or None with an error."""
        district, problem = districts.resolve(self.values.get("district", ""))
        if problem:
            self.error("district", problem)
        return district

    def flags(self, defaults: Iterable[tuple[str, bool]]) -> dict[str, bool]:
        """是/否 columns; a blank cell takes its default, anything else is an error."""
        flags = {}
        for key, default in defaults:
            text = self.values.get(key, "")
            flags[key] = default if not text else parse_yes_no(text)
            if flags[key] is None:
                self.error(key, gettext("Write 是 or 否."))
                flags[key] = default
        return flags


class UniqueNames:
    """Names already taken in each district, and the ones met earlier in the file."""

    def __init__(self, taken: Iterable[tuple[int, str]], *, exists: str, repeated: str) -> None:
        self.taken = set(taken)
        self.seen: dict[tuple[int, str], int] = {}
        self.exists = exists
        self.repeated = repeated  # with %(row)d

    def check(self, check: RowCheck, district, name: str) -> None:
        if district is None or not name:
            return
        key = (district.pk, name)
        if key in self.taken:
            check.error("name", self.exists)
        elif key in self.seen:
            check.error("name", self.repeated % {"row": self.seen[key]})
        else:
            self.seen[key] = check.row.number


YES_WORDS = {"是", "y", "yes", "true", "1", "√", "✓"}
NO_WORDS = {"否", "n", "no", "false", "0", "×", "✗"}


def parse_yes_no(text: str) -> bool | None:
    """是/否 (or yes/no, 1/0 …) as a boolean; None for anything else."""
    word = text.strip().casefold()
    if word in YES_WORDS or word == gettext("Yes").casefold():
        return True
    if word in NO_WORDS or word == gettext("No").casefold():
        return False
    return None


LIST_SEPARATORS = re.compile(r"[、,，;；\n]+")


def split_list(text: str) -> list[str]:
    return [part.strip() for part in LIST_SEPARATORS.split(text or "") if part.strip()]


def choice_lookup(choices: Iterable[tuple[str, Any]]) -> dict[str, str]:
    """Normalised text → choice value: the value, its label in Chinese and English, and the
    Chinese term our English labels carry in brackets ("national (全国)" → 全国)."""
    lookup: dict[str, str] = {}
    for value, label in choices:
        names = {value}
        for language in ("zh-hans", "en"):
            with translation.override(language):
                names.add(str(label))
        with translation.override("en"):
            names.update(re.findall(r"[(（]([^()（）]+)[)）]", str(label)))
        for name in names:
            if name:
                lookup.setdefault(normalise_header(name), value)
    return lookup


def import_rows(
    rows: list[SheetRow],
    *,
    user,
    check: Callable[[list[SheetRow], Any], tuple[ImportCheck, list]],
    save: Callable[[Any], None],
) -> ImportCheck:
    """Check every row again and, if none has an error, save them all in one transaction.

    `check(rows, user)` gives the check and the unsaved drafts; `save(draft)` writes one.
    Imports into a district queue behind each other (its row is locked first), so that two
    files cannot both pass the duplicate check for the same name.
    """
    from portal.models import Area

    with transaction.atomic():
        districts = DistrictResolver(user)
        lock = Area.objects.select_for_update().filter(
            pk__in=[d.pk for d in districts.by_name.values()]
        )
        list(lock.order_by("pk").values_list("pk", flat=True))
        result, drafts = check(rows, user)
        if not result.is_valid:
            return result
        for draft in drafts:
            save(draft)
        result.created = len(drafts)
    return result


class DistrictResolver:
    """The district a row goes to: a district's staff import into their own only.

    A blank district column means the user's own district; a superuser, who has none, must
    name one. The districts come from `for_user`, so another district's name is an error.
    """

    def __init__(self, user) -> None:
        from portal.models import Area

        self.user = user
        self.by_name = {
            normalise_header(area.name): area
            for area in Area.objects.districts().for_user(user).order_by()
        }
        self.own = user.district if user.district_id else None

    def resolve(self, text: str) -> tuple[Any, str | None]:
        """(district, None) or (None, an error message)."""
        if not text:
            if self.own is not None and not self.user.is_superuser:
                return self.own, None
            return None, gettext("Name the district.")
        district = self.by_name.get(normalise_header(text))
        if district is None:
            if self.own is not None and not self.user.is_superuser:
                return None, gettext(
                    "You may import only into your own district (%(district)s)."
                ) % {"district": self.own.name}
            return None, gettext("No such district: %(name)s.") % {"name": text}
        return district, None


def sign_rows(rows: list[SheetRow], *, salt: str) -> str:
    """The checked rows, signed for the confirm step (nothing kept on the server between)."""
    payload = [[row.number, row.values] for row in rows]
    return signing.dumps(payload, salt=salt, compress=True)


def unsign_rows(token: str, *, salt: str, max_age: int) -> list[SheetRow]:
    payload = signing.loads(token, salt=salt, max_age=max_age)
    return [SheetRow(number=int(number), values=dict(values)) for number, values in payload]


# ----- admin: export button and import pages -----------------------------------------------------

IMPORT_MAX_AGE = 60 * 60  # a preview may be confirmed within the hour
PREVIEW_ROWS = 50


class UploadForm(forms.Form):
    file = forms.FileField(
        label=_("Excel file (.xlsx)"),
        widget=forms.ClearableFileInput(
            attrs={
                "accept": ".xlsx,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
            }
        ),
    )


class XlsxExportAdminMixin:
    """Adds `<changelist>/export.xlsx` exporting exactly the changelist's filtered rows.

    Subclasses set `xlsx_export = staticmethod(f)`, `f(queryset, *, user) -> HttpResponse`.
    """

    xlsx_export: Callable[..., HttpResponse]

    def get_urls(self):
        info = self.opts.app_label, self.opts.model_name
        return [
            path(
                "export.xlsx",
                self.admin_site.admin_view(self.xlsx_export_view),
                name="{}_{}_export".format(*info),
            ),
            *super().get_urls(),
        ]

    def xlsx_export_view(self, request: HttpRequest) -> HttpResponse:
        if not self.has_view_permission(request):
            raise PermissionDenied
        try:
            changelist = self.get_changelist_instance(request)
        except IncorrectLookupParameters:
            return redirect(f"admin:{self.opts.app_label}_{self.opts.model_name}_changelist")
        queryset = changelist.get_queryset(request)
        return self.xlsx_export(queryset, user=request.user)

    def changelist_view(self, request, extra_context=None):
        extra_context = {
            **(extra_context or {}),
            "may_export_xlsx": self.has_view_permission(request),
            "may_import_xlsx": hasattr(self, "xlsx_import_check")
            and self.has_add_permission(request),
        }
        return super().changelist_view(request, extra_context)


class XlsxImportAdminMixin:
    """Adds `<changelist>/import/`: upload → preview with row errors → confirm (atomic).

    Subclasses set, as staticmethods: `xlsx_import_check(rows, *, user) -> ImportCheck`
    (validate only), `xlsx_import_run(rows, *, user) -> ImportCheck` (validate again and
    create, all or nothing), `xlsx_import_sheet(sheet) -> list[SheetRow]` (headers to column
    keys); and `xlsx_import_columns`, the columns the preview shows.
    """

    xlsx_import_columns: Sequence[Column]
    xlsx_import_check: Callable[..., ImportCheck]
    xlsx_import_run: Callable[..., ImportCheck]
    xlsx_import_sheet: Callable[[Sheet], list[SheetRow]]

    def get_urls(self):
        info = self.opts.app_label, self.opts.model_name
        return [
            path(
                "import/",
                self.admin_site.admin_view(self.xlsx_import_view),
                name="{}_{}_import".format(*info),
            ),
            *super().get_urls(),
        ]

    def _import_salt(self, request: HttpRequest) -> str:
        # Bound to the model and the user: a token cannot be replayed by someone else.
        return f"portal.xlsx.import:{self.opts.label_lower}:{request.user.pk}"

    def xlsx_import_view(self, request: HttpRequest) -> HttpResponse:
        if not self.has_add_permission(request):
            raise PermissionDenied
        if request.method == "POST" and "token" in request.POST:
            return self._xlsx_confirm(request)
        form = UploadForm(request.POST or None, request.FILES or None)
        if request.method == "POST" and form.is_valid():
            try:
                sheet = read_sheet(form.cleaned_data["file"])
            except SheetError as error:
                form.add_error("file", str(error))
            else:
                rows = self.xlsx_import_sheet(sheet)
                check = self.xlsx_import_check(rows, user=request.user)
                return self._xlsx_preview(request, check)
        context = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "form": form,
            "title": _("Import %(name)s from Excel") % {"name": self.opts.verbose_name_plural},
            "columns": self.xlsx_import_columns,
        }
        status = 400 if request.method == "POST" else 200
        return TemplateResponse(request, "admin/xlsx_import.html", context, status=status)

    def _xlsx_preview(self, request: HttpRequest, check: ImportCheck, status: int = 200):
        errors = check.errors_by_row()
        preview = [
            {
                "number": row.number,
                "cells": [row.values.get(column.key, "") for column in self.xlsx_import_columns],
                "errors": errors.get(row.number, []),
            }
            for row in check.rows[:PREVIEW_ROWS]
        ]
        context = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "title": _("Check the import of %(name)s") % {"name": self.opts.verbose_name_plural},
            "columns": self.xlsx_import_columns,
            "preview": preview,
            "total": len(check.rows),
            "error_rows": len(errors),
            "errors": check.errors,
            "shown": len(preview),
            "token": sign_rows(check.rows, salt=self._import_salt(request))
            if check.is_valid and check.rows
            else "",
        }
        return TemplateResponse(request, "admin/xlsx_import_preview.html", context, status=status)

    def _xlsx_confirm(self, request: HttpRequest) -> HttpResponse:
        try:
            rows = unsign_rows(
                request.POST["token"], salt=self._import_salt(request), max_age=IMPORT_MAX_AGE
            )
        except signing.BadSignature:
            messages.error(request, _("The preview has expired or was altered. Upload again."))
            return redirect(f"admin:{self.opts.app_label}_{self.opts.model_name}_import")
        # Checked again: another import or an edit may have taken a name since the preview.
        check = self.xlsx_import_run(rows, user=request.user)
        if not check.is_valid:
            messages.error(request, _("Nothing was imported: correct the rows below."))
            return self._xlsx_preview(request, check, status=400)
        messages.success(
            request,
            _("%(count)d %(name)s imported.")
            % {"count": check.created, "name": self.opts.verbose_name_plural},
        )
        return redirect(reverse(f"admin:{self.opts.app_label}_{self.opts.model_name}_changelist"))
