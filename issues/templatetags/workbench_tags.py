"""Template tags for the workbench: masked personal data and the issue lists' per-row cells."""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING

from django import template
from django.utils.functional import cached_property
from django.utils.safestring import SafeString, mark_safe
from django.utils.timezone import get_current_timezone
from django.utils.translation import gettext, gettext_noop
from django.utils.translation import gettext_lazy as _

from issues.models import State
from portal.links import links_to
from portal.markup import conditional_escape, format_html, time_element, truncate_chars
from portal.personal_data import mask_name as _mask_name
from portal.personal_data import mask_phone as _mask_phone

if TYPE_CHECKING:
    from issues.selectors import IssueRow

register = template.Library()


@register.filter
def mask_phone(phone: str) -> str:
    """138****1234: the list and detail pages never print a citizen's number in full."""
    return _mask_phone(phone or "")


@register.filter
def mask_name(name: str) -> str:
    """张*: the first character and one star, which hides the name's length as well."""
    return _mask_name(name)


@register.simple_tag(takes_context=True)
def state_badge(context: template.Context, issue) -> SafeString:
    """The issue's state as a coloured badge (was the include `_state.html`, once per row)."""
    return _cells(context).badge(issue.state)


@register.filter
def state_label(state: str) -> str:
    """A state's name, as `get_<field>_display()` gives it (the timeline's state changes)."""
    # State(...).label rather than get_state_display(): Django rebuilds and hashes the whole
    # (lazy, translated) choice list on each display call, which cost a list row more than
    # its badge's markup and the issue page a tenth of its instructions (its timeline).
    try:
        return str(State(state).label)
    except ValueError:
        return state  # as get_state_display() shows a value outside the choices


def _badge(state: str) -> SafeString:
    return format_html('<span class="state state-{}">{}</span>', state, state_label(state))


@register.simple_tag(takes_context=True)
def deadline_cell(context: template.Context, issue, overdue: bool = False) -> SafeString:
    """The deadline as a <time>, marked when overdue (was the include `_deadline.html`)."""
    return _deadline(issue, overdue, _cells(context))


def _deadline(issue, overdue: bool, cells: _Cells) -> SafeString:
    if not issue.deadline:
        return cells.not_set
    when = time_element(issue.deadline, "Y-m-d", cells.zone)
    if not overdue:
        return when
    return format_html('{} <span class="overdue-mark">{}</span>', when, cells.overdue)


@register.simple_tag(takes_context=True)
def time_tag(
    context: template.Context, value: datetime | None, format_string: str = "Y-m-d H:i"
) -> SafeString | str:
    """<time datetime="…">…</time> for a timestamp, as `|date:'c'` and `|date:format` write it."""
    if value is None:
        return ""
    return time_element(value, format_string, _cells(context).zone)


class _Cells:
    """What the rows or cards of one render share, looked up or written once.

    The current time zone and language are read from context-local storage, about 2 µs a
    look-up: a row's two dates and six words looked them up on every row. Each state's
    badge and each supervision level are written on first use. A render that changes the
    zone or the language part-way (`{% timezone %}`, `{% language %}`) around rows is not
    supported; none of the portal's templates does.
    """

    def __init__(self) -> None:
        self.zone = get_current_timezone()
        self._badges: dict[str, SafeString] = {}
        self._levels: dict[int, SafeString] = {}
        self._words: dict[str, SafeString] = {}

    @cached_property
    def columns(self) -> list[SafeString]:
        """The staff list's column words, escaped (each row's narrow-screen labels)."""
        return [conditional_escape(label) for label in issue_columns()]

    @cached_property
    def not_set(self) -> SafeString:
        return format_html('<span class="muted">{}</span>', gettext("not set"))

    @cached_property
    def overdue(self) -> SafeString:
        return format_html('<span aria-hidden="true">⚠</span> {}', gettext("Overdue"))

    def badge(self, state: str) -> SafeString:
        markup = self._badges.get(state)
        if markup is None:
            markup = self._badges[state] = _badge(state)
        return markup

    def level(self, level: int) -> SafeString:
        markup = self._levels.get(level)
        if markup is None:
            markup = self._levels[level] = _escalation(level)
        return markup

    def word(self, text: str) -> SafeString:
        """`text` translated and escaped."""
        markup = self._words.get(text)
        if markup is None:
            markup = self._words[text] = conditional_escape(gettext(text))
        return markup


def _cells(context: template.Context) -> _Cells:
    """The render's `_Cells`, made on its first row."""
    cells = context.render_context.get(_Cells)
    if cells is None:
        cells = context.render_context[_Cells] = _Cells()
    return cells


@register.simple_tag(takes_context=True)
def issue_url(context: template.Context, issue) -> str:
    """The issue's workbench page, as `{% url 'workbench:issue-detail' issue.pk %}` gives it.

    Reversing once per row cost more than the rest of the row; the pattern is reversed once
    per render and the id put in its place.
    """
    link = context.render_context.get(issue_url)
    if link is None:
        link = context.render_context[issue_url] = links_to("workbench:issue-detail")
    return link(issue.pk)


def _escalation(level: int) -> SafeString:
    """A supervision level (督办) as a marked span: "level 2"."""
    return format_html(
        '<span class="escalation">{}</span>', gettext("level %(level)s") % {"level": level}
    )


# The staff list's columns, in order: the table's head and each row's narrow-screen labels.
ISSUE_COLUMNS = (
    _("Tracking number"),
    _("Category"),
    _("Station"),
    _("State"),
    _("Deadline"),
    _("Supervision"),
    _("Citizen"),
    _("Submitted"),
)

_ROW = (
    "<tr{}>"
    '<th scope="row" data-label="{}"><span class="cell"><a href="{}">{}</a>{}</span></th>'
    '<td data-label="{}"><span class="cell">{}</span></td>'
    '<td data-label="{}"><span class="cell">{}</span></td>'
    '<td data-label="{}"><span class="cell">{}</span></td>'
    '<td data-label="{}"><span class="cell">{}</span></td>'
    '<td data-label="{}"{}><span class="cell">{}</span></td>'
    '<td data-label="{}"><span class="cell">{}</span></td>'
    '<td data-label="{}"><span class="cell">{}</span></td>'
    "</tr>"
)


@register.simple_tag
def issue_columns() -> list[str]:
    """The staff list's column headings, in the current language."""
    return [str(label) for label in ISSUE_COLUMNS]


# Constant markup of the rows and cards (mark_safe() checks its argument for laziness each call).
_NO_LEVEL = SafeString('<span class="muted">–</span>')
_OVERDUE_ROW = SafeString(' class="is-overdue"')
_EMPTY_CELL = SafeString(' class="cell-empty"')
_OVERDUE_CARD = SafeString(" is-overdue")


@register.simple_tag(takes_context=True)
def issue_rows(context: template.Context, issues: list[IssueRow]) -> SafeString:
    """The staff list's rows, one `issue_row` each, in one tag: the template loop around the
    row tag cost about 1.1 M instructions on a page of 25 (docs/PERFORMANCE.md)."""
    return mark_safe("\n".join([issue_row(context, issue) for issue in issues]))  # rows: safe


@register.simple_tag(takes_context=True)
def issue_row(context: template.Context, issue: IssueRow) -> SafeString:
    """One row of the staff list, from `issues_by_ids`' rows.

    Written in the template, 25 rows of some thirty nodes each were two thirds of the page's
    template time (4.1–4.4 ms of CPU); this writes the same markup
    (tests/issues/test_workbench_tags.py) in 2.4–3.2 ms (docs/PERFORMANCE.md).
    """
    cells = _cells(context)
    number, category, station, state, deadline, supervision, citizen, submitted = cells.columns
    if issue.station_id:
        place = issue.station_name
    else:
        place = format_html('<span class="muted">{}</span>', issue.district_name)
    level = cells.level(issue.escalation_level) if issue.escalation_level else _NO_LEVEL
    if issue.citizen_phone:
        caller = _mask_phone(issue.citizen_phone)
    else:
        caller = format_html('<span class="muted">{}</span>', cells.word(gettext_noop("anonymous")))
    return format_html(
        _ROW,
        _OVERDUE_ROW if issue.is_overdue_now else "",
        number,
        issue_url(context, issue),
        issue.tracking_number,
        format_html(' <span class="flag-mark">{}</span>', cells.word(gettext_noop("blocklisted")))
        if issue.is_flagged
        else "",
        category,
        issue.category_name,
        station,
        place,
        state,
        cells.badge(issue.state),
        deadline,
        _deadline(issue, issue.is_overdue_now, cells),
        supervision,
        "" if issue.escalation_level else _EMPTY_CELL,
        level,
        citizen,
        caller,
        submitted,
        time_element(issue.submitted_at, "Y-m-d H:i", cells.zone),
    )


_CARD = (
    '<li class="issue-card{}"><a href="{}">'
    '<span class="issue-card-top"><span class="issue-number">{}</span>{}</span>'
    '<span class="issue-card-text">{}</span>'
    "{}"
    '<span class="issue-card-deadline">{}: {}{}</span>'
    "</a></li>"
)


@register.simple_tag(takes_context=True)
def issue_card(context: template.Context, issue: IssueRow, compact: bool = False) -> SafeString:
    """One issue as a phone card, from `issues_by_ids`' rows: the deputy's list and home.

    The full card shows the text's first 80 characters, the category and station, and the
    supervision level; `compact` (the home page's ten) the first 60 and neither. It writes
    the markup the templates wrote (tests/issues/test_workbench_tags.py); rendering the
    deputy's page of 25 went from 9.4–9.6 to 7.0–7.4 ms of CPU (docs/PERFORMANCE.md).
    """
    cells = _cells(context)
    if compact:
        meta, level = "", ""
    else:
        place = format_html(" · {}", issue.station_name) if issue.station_id else ""
        meta = format_html('<span class="issue-card-meta">{}{}</span>', issue.category_name, place)
        level = (
            format_html(" {}", cells.level(issue.escalation_level))
            if issue.escalation_level
            else ""
        )
    return format_html(
        _CARD,
        _OVERDUE_CARD if issue.is_overdue_now else "",
        issue_url(context, issue),
        issue.tracking_number,
        cells.badge(issue.state),
        truncate_chars(issue.text, 60 if compact else 80),
        meta,
        cells.word(gettext_noop("Deadline")),
        _deadline(issue, issue.is_overdue_now, cells),
        level,
    )
