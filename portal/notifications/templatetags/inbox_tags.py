"""`{% inbox_unread as count %}`: the signed-in user's unread notifications, for the nav."""

from django import template

from portal.notifications.selectors import unread_badge

register = template.Library()


@register.simple_tag(takes_context=True)
def inbox_unread(context) -> str:
    """ "" when nothing is unread, else the count ("99+" past 99)."""
    request = context.get("request")
    return unread_badge(request.user) if request is not None else ""
