"""`{% named_url 'name' %}`: `{% url 'name' %}` for a URL without arguments, reversed once
per process (`portal.links.url`); the layouts' links go through it."""

from __future__ import annotations

from django import template

from portal.links import url

register = template.Library()


@register.simple_tag
def named_url(viewname: str) -> str:
    """The URL `{% url viewname %}` writes (escaped like it, as a simple tag's output is)."""
    return url(viewname)
