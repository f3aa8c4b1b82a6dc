"""`portal.links.url` and `{% named_url %}` give what reverse() and `{% url %}` give, reversing
each name once, and follow the script prefix and the URL configuration."""

from unittest import mock

import pytest
from django.template import Context, Template
from django.test import override_settings
from django.urls import reverse, set_script_prefix

from portal import links

NAMES = [
    "home",
    "set_language",
    "workbench:home",
    "workbench:mine",
    "workbench:logout",
    "dashboard:index",
    "assessment:board",
    "inbox:list",
    "admin:index",
    "deputy:activity-new",
]


@pytest.fixture(autouse=True)
def fresh():
    links._reversed.cache_clear()
    yield
    links._reversed.cache_clear()


@pytest.mark.parametrize("name", NAMES)
def test_the_url_and_the_tag_are_what_reverse_and_the_url_tag_give(name):
    assert links.url(name) == reverse(name)
    rendered = Template("{% load url_tags %}{% named_url name %}").render(Context({"name": name}))
    assert rendered == Template("{% url name %}").render(Context({"name": name}))


def test_each_name_is_reversed_once():
    with mock.patch("portal.links.reverse", wraps=reverse) as reversing:
        for _ in range(3):
            links.url("workbench:home")
            links.url("inbox:list")
    assert reversing.call_count == 2


def test_the_script_prefix_is_followed():
    first = links.url("workbench:home")
    set_script_prefix("/portal/")
    try:
        assert links.url("workbench:home") == "/portal" + first
    finally:
        set_script_prefix("/")
    assert links.url("workbench:home") == first


def test_another_url_configuration_is_followed():
    assert links.url("home") == reverse("home")
    with override_settings(ROOT_URLCONF="tests.portal.urls_elsewhere"):
        assert links.url("home") == "/elsewhere/"
    assert links.url("home") == reverse("home")


def test_an_unknown_name_fails_as_reverse_does():
    from django.urls import NoReverseMatch

    with pytest.raises(NoReverseMatch):
        links.url("no-such-page")
