"""`{% ledger_rows %}`: the duty ledger's rows (履职台账), written in Python.

Fifty rows of some twenty template nodes each were most of the ledger page's work; this
writes the markup the template wrote (tests/portal/test_ledger_rows.py) in one tag, the way
the staff issue list's rows are written (issues.templatetags.workbench_tags.issue_rows).
"""

from __future__ import annotations

from django import template
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext_lazy as _

from portal.dashboard import LedgerRow
from portal.markup import format_html, truncate_chars

register = template.Library()

# The ledger's columns, in order: each row's narrow-screen labels (the table's head).
LEDGER_COLUMNS = (
    _("Date"),
    _("Type"),
    _("Deputy"),
    _("Station or place"),
    _("Participants (人次)"),
    _("Households"),
    _("Summary"),
)
SUMMARY_LENGTH = 60

_ROW = (
    "<tr>"
    '<th scope="row" data-label="{}"><span class="cell">'
    '<a href="{}"><time datetime="{}">{}</time></a></span></th>'
    '<td data-label="{}"><span class="cell">{}</span></td>'
    '<td data-label="{}"><span class="cell">{}</span></td>'
    '<td data-label="{}"><span class="cell">{}</span></td>'
    '<td class="num" data-label="{}"><span class="cell">{}</span></td>'
    '<td class="num" data-label="{}"><span class="cell">{}</span></td>'
    '<td data-label="{}"{}><span class="cell">{}</span></td>'
    "</tr>"
)
_EMPTY_CELL = SafeString(' class="cell-empty"')


@register.simple_tag
def ledger_rows(activities: list[LedgerRow]) -> SafeString:
    """The ledger's rows, from `Ledger.activities`."""
    labels = [str(label) for label in LEDGER_COLUMNS]  # translated once a page
    date, kind, deputy, place, participants, households, summary = labels
    rows = []
    for activity in activities:
        day = activity.date.isoformat()
        rows.append(
            format_html(
                _ROW,
                date,
                activity.change_url,
                day,
                day,
                kind,
                activity.type_name,
                deputy,
                activity.deputy_name,
                place,
                activity.venue or "–",
                participants,
                activity.participants,
                households,
                activity.households,
                summary,
                "" if activity.summary else _EMPTY_CELL,
                truncate_chars(activity.summary, SUMMARY_LENGTH),
            )
        )
    return mark_safe("\n".join(rows))  # every row went through format_html
