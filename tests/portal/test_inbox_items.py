"""`{% inbox_items %}` writes exactly what the inbox template's loop over notifications wrote."""

import re
from datetime import UTC, datetime

import pytest
from django.template import Context, Template
from django.test import RequestFactory
from django.utils import timezone, translation

from portal.notifications.models import Notification

# The inbox template's former loop, verbatim (hence its long lines).
# ruff: noqa: E501
OLD_ITEMS = """{% load i18n %}
      {% for note in notes %}
        <li class="inbox-item{% if not note.is_read %} is-unread{% endif %}">
          <p class="inbox-title">{% if not note.is_read %}<span class="inbox-dot" aria-hidden="true"></span><span class="visually-hidden">{% translate "Unread:" %} </span>{% endif %}{{ note.title }}</p>
          {% if note.body %}<p class="inbox-body">{{ note.body|linebreaksbr }}</p>{% endif %}
          <p class="inbox-meta"><time datetime="{{ note.created_at|date:'c' }}">{{ note.created_at|date:"Y-m-d H:i" }}</time></p>
          <form method="post" action="{% url 'inbox:read' note.pk %}" class="inbox-actions">
            {% csrf_token %}
            <input type="hidden" name="next" value="{{ request.get_full_path }}">
            {% if note.link %}<button type="submit" name="open" value="1" class="inbox-button inbox-button-primary">{% translate "Open" %}</button>{% endif %}
            {% if not note.is_read %}<button type="submit" class="inbox-button">{% translate "Mark as read" %}</button>{% endif %}
          </form>
        </li>
      {% endfor %}
"""
NEW_ITEMS = "{% load inbox_tags %}{% inbox_items notes %}"


def render(source: str, notes: list[Notification], csrf_token: object = "tok<en>") -> str:
    request = RequestFactory().get("/work/inbox/", {"show": "all", "page": "2"})
    context = {"notes": notes, "request": request, "csrf_token": csrf_token}
    return Template(source).render(Context(context))


def between_tags(markup: str) -> str:
    """The markup without the template's indentation and line breaks between tags."""
    return re.sub(r">\s+<", "><", markup.strip())


def note(pk: int, **fields) -> Notification:
    values = {
        "title": "诉求 SN-2026-000001 将在 24 小时内到期",
        "body": "",
        "link": "",
        "created_at": datetime(2026, 3, 9, 23, 30, 5, tzinfo=UTC),
        "read_at": None,
    }
    values.update(fields)
    return Notification(pk=pk, kind="deadline", **values)


NOTES = [
    note(1),
    note(2, body="第一行\r\n第二行 <b>&</b>\r第三行\n", link="/work/issues/1/"),
    note(3, title='<script>"x"</script>', read_at=datetime(2026, 3, 10, tzinfo=UTC)),
    note(4, link="/work/issues/4/", read_at=datetime(2026, 3, 10, tzinfo=UTC), body="一行"),
    note(5, created_at=datetime(2026, 12, 31, 16, 0, 0, 123456, tzinfo=UTC)),
]


@pytest.mark.parametrize("language", ["zh-hans", "en"])
@pytest.mark.parametrize("zone", ["Asia/Shanghai", "UTC"])
@pytest.mark.parametrize("csrf_token", ["tok<en>", "NOTPROVIDED", ""])
# Django's own {% csrf_token %} (the former loop) calls format_html("") for NOTPROVIDED.
@pytest.mark.filterwarnings("ignore:Calling format_html:DeprecationWarning")
def test_inbox_items_write_what_the_template_loop_wrote(language, zone, csrf_token):
    with translation.override(language), timezone.override(zone):
        new = render(NEW_ITEMS, NOTES, csrf_token)
        old = render(OLD_ITEMS, NOTES, csrf_token)
    assert between_tags(new) == between_tags(old)
    assert new.count("<li ") == len(NOTES)
    assert (
        "&lt;script&gt;" in new and "第一行<br>第二行 &lt;b&gt;&amp;&lt;/b&gt;<br>第三行<br>" in new
    )
    assert 'value="/work/inbox/?show=all&amp;page=2"' in new


def test_no_notifications_write_nothing():
    assert render(NEW_ITEMS, []) == ""
