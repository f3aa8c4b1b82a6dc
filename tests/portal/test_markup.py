"""portal.markup writes what Django's format_html and conditional_escape write."""

from datetime import date
from decimal import Decimal

import pytest
from django.utils import html as django_html
from django.utils import translation
from django.utils.functional import lazystr
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext_lazy

from portal import markup


class Markup:
    """Anything with `__html__` is markup, as Django's conditional_escape takes it."""

    def __html__(self) -> str:
        return "<b>bold</b>"


VALUES = [
    "plain",
    "<script>alert('x')</script> & \"quoted\"",
    "八大关 & 街道代表之家 <卫生>",
    "",
    mark_safe("<em>already markup</em>"),
    SafeString("<i>&amp;</i>"),
    lazystr("<lazy> & text"),
    gettext_lazy("Overdue"),
    Markup(),
    7,
    Decimal("2.50"),
    None,
    date(2026, 3, 9),
]


@pytest.mark.parametrize("value", VALUES, ids=repr)
@pytest.mark.parametrize("language", ["zh-hans", "en"])
def test_conditional_escape_is_djangos(value, language):
    with translation.override(language):
        ours = markup.conditional_escape(value)
        assert ours == django_html.conditional_escape(value)
    assert isinstance(ours, SafeString)


def test_text_is_escaped_and_markup_kept():
    assert markup.conditional_escape("<a href='x'>&</a>") == (
        "&lt;a href=&#x27;x&#x27;&gt;&amp;&lt;/a&gt;"
    )
    assert markup.conditional_escape(mark_safe("<a>")) == "<a>"


@pytest.mark.parametrize("language", ["zh-hans", "en"])
def test_format_html_is_djangos(language):
    template = '<td data-label="{}"><span class="cell">{}</span>{}{}</td>{}'
    for first in VALUES:
        args = (first, *VALUES[1:5])
        with translation.override(language):
            ours = markup.format_html(template, *args)
            assert ours == django_html.format_html(template, *args)
        assert isinstance(ours, SafeString)


def test_format_html_escapes_every_argument_but_markup():
    written = markup.format_html("<p>{}|{}</p>", "<b>", mark_safe("<i>"))
    assert written == "<p>&lt;b&gt;|<i></p>"
    # What it writes is markup: put into another, it is not escaped again.
    assert markup.format_html("<div>{}</div>", written) == "<div><p>&lt;b&gt;|<i></p></div>"
