"""`{% kept "name" value … %}…{% endkept %}`: markup kept in the cache (portal/choices.py)."""

from __future__ import annotations

from django import template
from django.http import QueryDict
from django.utils.safestring import SafeString, mark_safe

from portal.choices import kept_fragment

register = template.Library()


class KeptNode(template.Node):
    def __init__(
        self, nodelist: template.NodeList, name: str, vary: list, *, for_everyone: bool = False
    ) -> None:
        self.nodelist = nodelist
        self.name = name
        self.vary = vary
        self.for_everyone = for_everyone

    def render(self, context: template.Context) -> SafeString:
        if self.for_everyone:
            user = None
        else:
            request = context.get("request")
            if request is None or not request.user.is_authenticated:
                return self.nodelist.render(context)
            user = request.user
        values = [value.resolve(context) for value in self.vary]
        markup = kept_fragment(self.name, values, user, lambda: self.nodelist.render(context))
        return mark_safe(markup)  # what the nodelist rendered, through autoescaping


def _parse(
    parser: template.base.Parser, token: template.base.Token, *, for_everyone: bool
) -> KeptNode:
    bits = token.split_contents()
    if len(bits) < 2:
        raise template.TemplateSyntaxError(f"{{% {bits[0]} %}} needs a name")
    name = bits[1].strip("\"'")
    vary = [parser.compile_filter(bit) for bit in bits[2:]]
    nodelist = parser.parse((f"end{bits[0]}",))
    parser.delete_first_token()
    return KeptNode(nodelist, name, vary, for_everyone=for_everyone)


@register.tag
def kept(parser: template.base.Parser, token: template.base.Token) -> KeptNode:
    """Keep what the block renders, per user and language, for each set of `value`s.

    Only for markup that is a function of those alone (and of kept options): a filter form
    and its query string. The kept copy is dropped when a filter option's row changes.
    """
    return _parse(parser, token, for_everyone=False)


@register.tag
def kept_for_everyone(parser: template.base.Parser, token: template.base.Token) -> KeptNode:
    """Keep what the block renders, per language, for each set of `value`s, for every visitor.

    Only for markup that is a function of those values and of rows in CHOICE_MODELS alone,
    the same signed in or not: a district's public list of stations. The block's data is best
    passed as a callable, so that it is read only when the kept copy is missing.
    """
    return _parse(parser, token, for_everyone=True)


@register.filter
def query_without(query: QueryDict, name: str) -> str:
    """The query string without `name`: `{% kept "filters" request.GET|query_without:"page" %}`
    keeps one filter form for every page of a list."""
    rest = query.copy()
    rest.pop(name, None)
    return rest.urlencode()
