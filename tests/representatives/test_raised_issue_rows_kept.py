"""The activity form's rows of issues raised on the spot: kept while unbound, for everyone.

The blank rows (a category list, the issue, the citizen's name and phone) and the row a
phone adds are the same for every deputy in a language; rendering them was a seventh of the
form page's instructions (docs/PERFORMANCE.md). A form sent back shows what was typed.
"""

import re
import uuid

import pytest
from django.template.loader import render_to_string
from django.urls import reverse

from portal.templatetags import kept_tags
from representatives.forms import RaisedIssueFormSet
from tests import factories
from tests.representatives.test_activities import post_data

pytestmark = pytest.mark.django_db

URL = reverse("deputy:activity-new")


def raised_issues(page: str) -> str:
    """The fieldset's rows and the row template, from the management form on."""
    start = page.index('<input type="hidden" name="issue-TOTAL_FORMS"')
    return page[start : page.index("</template>", start) + len("</template>")]


def test_the_rows_are_rendered_once_then_kept(deputy_client, monkeypatch):
    renders = []
    keep = kept_tags.kept_fragment

    def counting(name, vary, user, render):
        def rendering():
            renders.append(name)
            return render()

        return keep(name, vary, user, rendering)

    monkeypatch.setattr(kept_tags, "kept_fragment", counting)
    first = deputy_client.get(URL).content.decode()
    second = deputy_client.get(URL).content.decode()

    assert renders == ["raised-issue-rows"]
    assert raised_issues(second) == raised_issues(first)


def test_the_kept_rows_are_what_the_formset_renders(deputy_client, shinan_deputy_user):
    factories.CategoryFactory(name="道路交通")
    deputy_client.get(URL)  # kept now
    page = deputy_client.get(URL).content.decode()

    issues = RaisedIssueFormSet(prefix="issue", form_kwargs={"user": shinan_deputy_user})
    fresh = render_to_string("representatives/mobile/_raised_issues.html", {"issues": issues})
    assert raised_issues(page).split() == fresh.split()
    assert "道路交通" in raised_issues(page)


def test_deputies_of_other_districts_share_the_rows(client, shinan_deputy_user, laoshan_deputy):
    factories.CategoryFactory(name="道路交通")
    laoshan_deputy.user = factories.DeputyUserFactory(username="deputy_laoshan")
    laoshan_deputy.save()
    client.force_login(shinan_deputy_user)
    shinan_rows = raised_issues(client.get(URL).content.decode())
    client.force_login(laoshan_deputy.user)

    assert raised_issues(client.get(URL).content.decode()) == shinan_rows


def test_a_new_category_shows_at_once_and_a_retired_one_goes(deputy_client):
    roads = factories.CategoryFactory(name="道路交通")
    assert "道路交通" in raised_issues(deputy_client.get(URL).content.decode())

    factories.CategoryFactory(name="物业管理")
    roads.is_active = False
    roads.save()
    rows = raised_issues(deputy_client.get(URL).content.decode())

    assert "物业管理" in rows and "道路交通" not in rows


def test_the_rows_follow_the_language(deputy_client):
    chinese = raised_issues(deputy_client.get(URL).content.decode())
    deputy_client.cookies["django_language"] = "en"
    english = raised_issues(deputy_client.get(URL).content.decode())

    assert "诉求内容" in chinese and "The issue" not in chinese
    assert "The issue" in english and "诉求内容" not in english


def test_a_form_sent_back_shows_what_was_typed_and_its_errors(deputy_client, shinan_station):
    deputy_client.get(URL)  # the blank rows are kept
    data = post_data(shinan_station, uuid.uuid4())
    data["issue-0-category"] = ""  # an issue without its category

    refused = deputy_client.post(URL, data)

    assert refused.status_code == 400
    rows = raised_issues(refused.content.decode())
    assert "小区路灯坏了" in rows and "王大妈" in rows
    assert re.search(r'class="errorlist[^"]*"', rows)
    blank = raised_issues(deputy_client.get(URL).content.decode())
    assert "小区路灯坏了" not in blank and "errorlist" not in blank
