"""Template tags of the assessment pages: the merit board's rows and part cells, in Python.

The board has six part cells on each of its rows (fifty a page then). Rendered by the
template (an `{% include %}` per cell inside a `{% for %}` over the parts) they were half of
the page's time: a template lookup, a context push and a dozen variable resolutions per
cell. Here a cell is one string format; the column labels are translated and escaped once
per page. Since 2026-12-03 the rest of each row is written here too (`merit_row`): the
page's template time went from 9.2–9.4 to 7.6–7.7 ms (docs/PERFORMANCE.md).
"""

from __future__ import annotations

from collections.abc import Sequence
from decimal import ROUND_HALF_UP, Decimal

from django import template
from django.template.context import Context
from django.template.defaultfilters import floatformat
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from portal.markup import conditional_escape, format_html
from representatives.assessment import PartResult

register = template.Library()

_WHOLE = Decimal(1)


def whole_percent(percent: float) -> str:
    """`percent|floatformat:0` for a share of 0..100 percent, at a tenth of its cost.

    The same rounding (half up, on the number as printed, so 12.5 is 13), and a whole
    number needs neither a decimal nor a thousands separator in any language we offer.
    """
    rounded = Decimal(repr(percent)).quantize(_WHOLE, rounding=ROUND_HALF_UP)
    return str(rounded) if rounded else "0"  # never "-0"


def part_figures(part: PartResult, does_not_apply: str) -> str:
    """One part's figures as HTML: "achieved / goal percent%", or the count greyed when the
    part does not apply, with the reason in words for screen readers and as a tooltip.

    `does_not_apply` comes escaped; the counts are formatted with `:d`, which refuses
    anything but an integer, so nothing unescaped can reach the page.
    """
    if part.applies:
        return (
            f"{part.achieved:d}&#8239;/&#8239;{part.goal:d} "
            f'<span class="part-percent">{whole_percent(part.percent)}%</span>'
        )
    return (
        f'<span class="muted" title="{does_not_apply}">{part.achieved:d}'
        f'<span class="visually-hidden"> ({does_not_apply})</span></span>'
    )


@register.simple_tag(takes_context=True)
def merit_part_cells(context: Context, parts: Sequence[PartResult]) -> SafeString:
    """A board row's part cells: one `<td>` each, labelled for the phone layout (where the
    table becomes cards and each cell shows its column's name from `data-label`)."""
    # Translated and escaped on the page's first row, kept for the others.
    words = context.render_context.get("merit_part_words")
    if words is None:
        words = {"does_not_apply": conditional_escape(gettext("does not apply"))}
        context.render_context["merit_part_words"] = words
    cells = []
    for part in parts:
        label = words.get(part.component.key)
        if label is None:
            label = words[part.component.key] = conditional_escape(part.component.label)
        figures = part_figures(part, words["does_not_apply"])
        cells.append(f'<td data-label="{label}"><span class="cell">{figures}</span></td>')
    return mark_safe("".join(cells))


_ROW_WORDS = {
    "rank": _("Rank"),
    "deputy": _("Deputy"),
    "places": _("Group / station"),
    "score": _("Score"),
    "top": _("Top ten"),
}
_ROW = (
    "<tr{}>"
    '<td data-label="{}"><span class="cell"><span class="rank">{}</span>{}{}</span></td>'
    '<th scope="row" data-label="{}"><span class="cell"><a href="{}">{}</a></span></th>'
    '<td data-label="{}"><span class="cell">{}</span></td>'
    "{}"
    '<td data-label="{}" class="score-cell"><span class="cell">'
    '<strong class="score">{}</strong></span></td>'
    "</tr>"
)


@register.simple_tag(takes_context=True)
def merit_row(context: Context, r: dict) -> SafeString:
    """One row of the board from the view's row: rank and medal, name, groups and stations,
    the part cells and the score (written by the template before, tested to be the same).
    """
    words = context.render_context.get("merit_row_words")
    if words is None:
        words = {key: str(text) for key, text in _ROW_WORDS.items()}
        context.render_context["merit_row_words"] = words
    row = r["deputy"]
    medal = (
        format_html(' <span class="medal medal-{}">{}</span>', row.rank, r["medal"])
        if r["medal"]
        else ""
    )
    top = format_html(' <span class="top-badge">{}</span>', words["top"]) if r["is_top"] else ""
    groups, stations = r["groups"], r["stations"]
    if groups or stations:
        places = format_html(
            "{}{}{}",
            mark_safe("、".join(conditional_escape(g) for g in groups)),
            " · " if groups and stations else "",
            mark_safe("、".join(conditional_escape(s) for s in stations)),
        )
    else:
        places = mark_safe('<span class="muted">–</span>')
    return format_html(
        _ROW,
        mark_safe(' class="is-top"') if r["is_top"] else "",
        words["rank"],
        row.rank,
        medal,
        top,
        words["deputy"],
        r["report_url"],
        row.name,
        words["places"],
        places,
        merit_part_cells(context, r["parts"]),
        words["score"],
        floatformat(row.score, 1),
    )
