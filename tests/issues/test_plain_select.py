"""The work queue's fast <select> writes exactly the markup of Django's template widget."""

import pytest
from django import forms

from issues.filters import PlainSelect

CHOICES = [("", "All"), (1, "a<b"), (2, "c&d"), ("group", [(3, "x"), (4, "y")])]


@pytest.mark.parametrize("value", [None, 2, 4])
def test_plain_select_renders_the_same_html_as_djangos_select(value):
    attrs = {"id": "id_deputy", "class": "filter", "required": True, "disabled": False}
    expected = forms.Select(choices=CHOICES, attrs=attrs).render("deputy", value)
    assert PlainSelect(choices=CHOICES, attrs=attrs).render("deputy", value) == expected
