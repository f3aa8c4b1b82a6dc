"""`links_to` gives what reverse() gives, for every row's id, with one reverse() a page."""

import pytest
from django.urls import reverse, set_script_prefix

from portal.links import links_to


@pytest.mark.parametrize("pk", [1, 42, 987654321, 1234567890])
def test_a_link_is_the_reversed_url(pk):
    assert links_to("workbench:issue-detail")(pk) == reverse("workbench:issue-detail", args=[pk])
    assert links_to("assessment:report", 2026)(pk) == reverse("assessment:report", args=[pk, 2026])


def test_links_follow_the_script_prefix():
    set_script_prefix("/portal/")
    try:
        link = links_to("assessment:report", 2025)
        assert link(7) == reverse("assessment:report", args=[7, 2025])
        assert link(7).startswith("/portal/")
    finally:
        set_script_prefix("/")
