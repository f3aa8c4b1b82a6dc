"""`{% inbox_unread as count %}`: the signed-in user's unread notifications, for the nav."""

from django import template

from portal.notifications.selectors import unread_count

register = template.Library()


@register.simple_tag(takes_context=True)
def inbox_unread(context) -> int:
    request = context.get("request")
    return unread_count(request.user) if request is not None else 0
