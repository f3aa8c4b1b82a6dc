"""`{% kept "name" value … %}…{% endkept %}`: markup kept in the cache (portal/choices.py)."""

from __future__ import annotations

from django import template
from django.http import QueryDict
from django.utils.safestring import SafeString, mark_safe

from portal.choices import kept_fragment

register = template.Library()


class KeptNode(template.Node):
    def __init__(self, nodelist: template.NodeList, name: str, vary: list) -> None:
        self.nodelist = nodelist
        self.name = name
        self.vary = vary

    def render(self, context: template.Context) -> SafeString:
        request = context.get("request")
        if request is None or not request.user.is_authenticated:
            return self.nodelist.render(context)
        values = [value.resolve(context) for value in self.vary]
        markup = kept_fragment(
            self.name, values, request.user, lambda: self.nodelist.render(context)
        )
        return mark_safe(markup)  # what the nodelist rendered, through autoescaping


@register.tag
def kept(parser: template.base.Parser, token: template.base.Token) -> KeptNode:
    """Keep what the block renders, per user and language, for each set of `value`s.

    Only for markup that is a function of those alone (and of kept options): a filter form
    and its query string. The kept copy is dropped when a filter option's row changes.
    """
    bits = token.split_contents()
    if len(bits) < 2:
        raise template.TemplateSyntaxError("{% kept %} needs a name")
    name = bits[1].strip("\"'")
    vary = [parser.compile_filter(bit) for bit in bits[2:]]
    nodelist = parser.parse(("endkept",))
    parser.delete_first_token()
    return KeptNode(nodelist, name, vary)


@register.filter
def query_without(query: QueryDict, name: str) -> str:
    """The query string without `name`: `{% kept "filters" request.GET|query_without:"page" %}`
    keeps one filter form for every page of a list."""
    rest = query.copy()
    rest.pop(name, None)
    return rest.urlencode()
