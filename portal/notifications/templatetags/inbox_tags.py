"""The inbox's template tags: the nav's unread count and the inbox page's notifications.

`{% inbox_items %}` writes a page's notifications in Python, as the staff list's and the
duty ledger's rows are written: thirty of them, each with two dates, a link reversed and a
form, were most of the inbox page's work. The markup is what the template's loop wrote
(tests/portal/test_inbox_items.py).
"""

from __future__ import annotations

from collections.abc import Iterable

from django import template
from django.utils.safestring import SafeString, mark_safe
from django.utils.text import normalize_newlines
from django.utils.timezone import get_current_timezone
from django.utils.translation import gettext

from portal.links import links_to
from portal.markup import conditional_escape, format_html, time_element
from portal.notifications.models import Notification
from portal.notifications.selectors import unread_badge

register = template.Library()


@register.simple_tag(takes_context=True)
def inbox_unread(context) -> str:
    """ "" when nothing is unread, else the count ("99+" past 99)."""
    request = context.get("request")
    return unread_badge(request.user) if request is not None else ""


_ITEM = (
    '<li class="inbox-item{}">'
    '<p class="inbox-title">{}{}</p>'
    "{}"
    '<p class="inbox-meta">{}</p>'
    '<form method="post" action="{}" class="inbox-actions">{}'
    '<input type="hidden" name="next" value="{}">{}{}</form>'
    "</li>"
)


@register.simple_tag(takes_context=True)
def inbox_items(context: template.Context, notifications: Iterable[Notification]) -> SafeString:
    """A page of the inbox's notifications, each an <li> with its read and open buttons."""
    request = context["request"]
    token = context.get("csrf_token")
    csrf = (
        format_html('<input type="hidden" name="csrfmiddlewaretoken" value="{}">', token)
        if token and token != "NOTPROVIDED"
        else ""
    )
    back = request.get_full_path()
    read_url = links_to("inbox:read")
    zone = get_current_timezone()
    unread_mark = format_html(
        '<span class="inbox-dot" aria-hidden="true"></span>'
        '<span class="visually-hidden">{} </span>',
        gettext("Unread:"),
    )
    open_button = format_html(
        '<button type="submit" name="open" value="1" class="inbox-button inbox-button-primary">'
        "{}</button>",
        gettext("Open"),
    )
    read_button = format_html(
        '<button type="submit" class="inbox-button">{}</button>', gettext("Mark as read")
    )
    items = []
    for note in notifications:
        unread = not note.is_read
        body = ""
        if note.body:  # as `|linebreaksbr` writes it
            text = conditional_escape(normalize_newlines(note.body))
            body = format_html(
                '<p class="inbox-body">{}</p>', SafeString(text.replace("\n", "<br>"))
            )
        items.append(
            format_html(
                _ITEM,
                " is-unread" if unread else "",
                unread_mark if unread else "",
                note.title,
                body,
                time_element(note.created_at, "Y-m-d H:i", zone),
                read_url(note.pk),
                csrf,
                back,
                open_button if note.link else "",
                read_button if unread else "",
            )
        )
    return mark_safe("\n".join(items))  # every item went through format_html
