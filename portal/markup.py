"""Django's `format_html` and `conditional_escape` for markup written many times a page.

The staff list's rows, the deputy's issue cards and the merit board's rows are written in
Python (their template tags): a few `format_html` calls and some thirty escaped values a
row. Django's versions give the same output at a higher cost: `escape` checks each call's
arguments for lazy strings (`keep_lazy`), and `format_html` escapes through it. These two
write the same characters (tests/portal/test_markup.py); the figures are in
docs/PERFORMANCE.md.
"""

from __future__ import annotations

import unicodedata
from datetime import datetime, tzinfo
from html import escape as _escape

from django.conf import settings
from django.utils import dateformat
from django.utils.functional import Promise
from django.utils.safestring import SafeString
from django.utils.text import Truncator, add_truncation_text, calculate_truncate_chars_length
from django.utils.timezone import get_current_timezone, template_localtime


def _escaped(value: object) -> str:
    kind = type(value)  # the two kinds most values are, first
    if kind is SafeString:
        return value
    if kind is str:
        return _escape(value)
    if isinstance(value, Promise):
        value = str(value)
    if hasattr(value, "__html__"):
        return value.__html__()
    return _escape(str(value))


def conditional_escape(value: object) -> SafeString:
    """`django.utils.html.conditional_escape`: markup (anything with `__html__`) as it is,
    everything else as text with `& < > " '` escaped; a lazy string is translated first."""
    return SafeString(_escaped(value))


def format_html(template: str, *args: object) -> SafeString:
    """`django.utils.html.format_html` with positional arguments: `template` is trusted
    markup, each argument goes through `conditional_escape`."""
    return SafeString(template.format(*map(_escaped, args)))


def truncate_chars(text: str, length: int) -> str:
    """`Truncator(text).chars(length)`, the `truncatechars` filter's cut, without its Python
    loop over each character when no combining mark (which it does not count) is among the
    first `length + 1`: on the deputy's 25 cards the loop was 7 % of the page's work.
    The text comes back unescaped."""
    text = unicodedata.normalize("NFC", text)
    if len(text) <= length:
        return text
    if any(map(unicodedata.combining, text[: length + 1])):
        return Truncator(text).chars(length)
    return add_truncation_text(text[: calculate_truncate_chars_length(length, None)])


def time_element(value: datetime, format_string: str, zone: tzinfo | None = None) -> SafeString:
    """<time datetime="…">…</time>, as `|date:'c'` and `|date:format_string` write them, in
    the current time zone (`zone`, when the caller has looked it up). The two formats the
    lists' rows use are read off the ISO form ("2026-03-10T04:05:07+08:00"): the `date` filter's
    per-character dispatch, and strftime too, cost more than the rest of a row."""
    if type(value) is datetime and settings.USE_TZ and value.utcoffset() is not None:
        # template_localtime() without its look-ups: a plain datetime cannot carry the
        # attribute that asks not to convert it, and the zone is the caller's to give.
        local = value.astimezone(zone or get_current_timezone())
    else:
        local = template_localtime(value)
    iso = local.isoformat()
    if format_string == "Y-m-d":
        shown = iso[:10]
    elif format_string == "Y-m-d H:i":
        shown = f"{iso[:10]} {iso[11:16]}"
    else:
        shown = dateformat.format(local, format_string)
    return format_html('<time datetime="{}">{}</time>', iso, shown)
