"""The issue page's action forms: an unbound form is kept, rendered as Django renders it."""

import pytest
from django import forms
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from issues.forms_workbench import ACTION_FORMS, ActionForm, RegisterForm
from tests import factories

pytestmark = pytest.mark.django_db

KEPT = sorted(name for name, form_class in ACTION_FORMS.items() if form_class.keepable)


def detail(issue) -> str:
    return reverse("workbench:issue-detail", args=[issue.pk])


def action_form(html: str, action: str) -> str:
    """The action form's fields: after its CSRF token, before its key (both new on each page)."""
    start = html.index(f'/{action}/" class="stack-form"')
    start = html.index(">", html.index("csrfmiddlewaretoken", start)) + 1
    return html[start : html.index(f'<input type="hidden" name="{action}-submission_key"', start)]


@pytest.fixture
def registered(shinan):
    return factories.issue_in_state("registered", district=shinan)


def test_only_the_register_form_is_not_kept():
    assert [name for name in ACTION_FORMS if name not in KEPT] == ["register"]


@pytest.mark.parametrize("action", KEPT)
def test_a_kept_form_is_what_django_renders_and_is_rendered_once(
    action, registered, shinan_staff, monkeypatch
):
    factories.DepartmentFactory(district=registered.district, name="市南区城管局")

    def form():
        return ACTION_FORMS[action](issue=registered, user=shinan_staff, prefix=action)

    expected = form().render()
    assert form().markup() == expected

    def not_again(self, *args, **kwargs):
        raise AssertionError("rendered although kept")

    monkeypatch.setattr(ActionForm, "render", not_again)
    with CaptureQueriesContext(connection) as captured:
        assert form().markup() == expected
    assert len(captured) == 0


def test_the_issue_page_reads_its_transfer_form_from_the_cache(staff_client, registered):
    factories.DepartmentFactory(district=registered.district, name="市南区城管局")
    first = staff_client.get(detail(registered)).content.decode()

    with CaptureQueriesContext(connection) as captured:
        second = staff_client.get(detail(registered)).content.decode()

    assert not [query for query in captured if 'FROM "portal_department"' in query["sql"]]
    assert action_form(second, "transfer") == action_form(first, "transfer")
    assert "市南区城管局" in action_form(second, "transfer")


def test_a_new_department_shows_at_once(staff_client, registered):
    factories.DepartmentFactory(district=registered.district, name="市南区城管局")
    staff_client.get(detail(registered))

    factories.DepartmentFactory(district=registered.district, name="市南区水务局")
    html = staff_client.get(detail(registered)).content.decode()

    assert "市南区水务局" in action_form(html, "transfer")


def test_each_district_gets_its_own_departments(admin_client, registered, laoshan):
    factories.DepartmentFactory(district=registered.district, name="市南区城管局")
    factories.DepartmentFactory(district=laoshan, name="崂山区城管局")
    other = factories.issue_in_state("registered", district=laoshan)

    shinan_form = action_form(admin_client.get(detail(registered)).content.decode(), "transfer")
    laoshan_form = action_form(admin_client.get(detail(other)).content.decode(), "transfer")

    assert "市南区城管局" in shinan_form and "崂山区城管局" not in shinan_form
    assert "崂山区城管局" in laoshan_form and "市南区城管局" not in laoshan_form


def test_kept_forms_follow_the_language(staff_client, registered):
    chinese = action_form(staff_client.get(detail(registered)).content.decode(), "escalate")
    staff_client.cookies["django_language"] = "en"
    english = action_form(staff_client.get(detail(registered)).content.decode(), "escalate")

    assert "督办" in chinese and "Supervision note" not in chinese
    assert "Supervision note" in english


def test_a_form_sent_back_with_errors_shows_them_and_is_not_kept(staff_client, registered):
    staff_client.get(detail(registered))
    url = reverse("workbench:issue-action", args=[registered.pk, "transfer"])

    refused = staff_client.post(url, {"transfer-note": "请尽快处理"})

    assert refused.status_code == 400
    sent_back = action_form(refused.content.decode(), "transfer")
    assert "请尽快处理" in sent_back
    assert "errorlist" in sent_back
    again = action_form(staff_client.get(detail(registered)).content.decode(), "transfer")
    assert "请尽快处理" not in again and "errorlist" not in again


def test_the_register_form_is_rendered_each_time(staff_client, shinan_issue, shinan):
    staff_client.get(detail(shinan_issue))

    factories.StaffFactory(district=shinan, username="li", first_name="李四")
    html = staff_client.get(detail(shinan_issue)).content.decode()

    assert "李四" in action_form(html, "register")


@pytest.mark.usefixtures("cache_down")
def test_forms_are_rendered_without_the_cache(staff_client, registered):
    factories.DepartmentFactory(district=registered.district, name="市南区城管局")

    html = staff_client.get(detail(registered)).content.decode()

    assert "市南区城管局" in action_form(html, "transfer")


def test_the_register_forms_selects_write_djangos_markup(
    shinan_issue, shinan_staff, shinan_deputy_user
):
    form = RegisterForm(issue=shinan_issue, user=shinan_staff, prefix="register")
    plain = form.render()
    for field in form.fields.values():
        if isinstance(field, forms.ModelChoiceField):
            field.widget = forms.Select(attrs=field.widget.attrs)
            field.widget.choices = field.choices

    assert form.render() == plain
    assert shinan_deputy_user.deputy.name in plain


def test_forms_without_a_prefix_are_kept_apart(registered, shinan_staff):
    reject = ACTION_FORMS["reject"](issue=registered, user=shinan_staff).markup()
    close = ACTION_FORMS["close"](issue=registered, user=shinan_staff).markup()

    assert 'name="reason"' in reject
    assert 'name="reason"' not in close
