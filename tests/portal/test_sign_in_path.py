"""The newcomer's path: one sign-in page for every role, linked from every public page, and
each role landing on its own home; the admin offered only to those who may use it."""

import pytest
from django.core import checks
from django.urls import reverse

from tests import factories

LOGIN = reverse("workbench:login")
PASSWORD = "pass-1234-word"  # the factories' password


def sign_in(client, username: str):
    return client.post(LOGIN, {"username": username, "password": PASSWORD}, follow=True)


@pytest.mark.django_db
def test_the_home_page_links_to_the_one_sign_in_page_not_the_admin(client):
    page = client.get(reverse("home")).content.decode()

    assert f'href="{LOGIN}"' in page
    assert 'href="/admin/' not in page


def test_a_signed_in_staff_member_is_offered_the_admin_not_the_sign_in(staff_client):
    page = staff_client.get(reverse("workbench:issue-list")).content.decode()

    assert 'href="/admin/"' in page
    assert 'class="sign-in-link"' not in page


@pytest.mark.parametrize("account", ["shinan_deputy_user", "shinan_department_user"])
def test_deputies_and_departments_are_not_offered_the_admin(client, request, account):
    client.force_login(request.getfixturevalue(account))

    page = client.get(reverse("workbench:home")).content.decode()

    assert 'href="/admin/' not in page


def test_district_staff_land_on_their_issue_queue(client, shinan_staff):
    response = sign_in(client, shinan_staff.username)

    assert response.redirect_chain[-1][0] == reverse("workbench:issue-list")


def test_a_superuser_lands_on_the_issue_queue(client, superuser):
    response = sign_in(client, superuser.username)

    assert response.redirect_chain[-1][0] == reverse("workbench:issue-list")


def test_a_deputy_lands_on_the_phone_home(client, shinan_deputy_user):
    response = sign_in(client, shinan_deputy_user.username)

    assert response.redirect_chain[-1][0] == reverse("workbench:home")
    assert response.status_code == 200
    assert reverse("deputy:activity-new") in response.content.decode()


def test_a_department_lands_on_its_queue(client, shinan_department_user, shinan_department):
    response = sign_in(client, shinan_department_user.username)

    assert response.redirect_chain[-1][0] == reverse("workbench:home")
    assert response.status_code == 200
    assert shinan_department.name in response.content.decode()


def test_an_account_that_keeps_only_the_admin_lands_there(client, db):
    user = factories.UserFactory(username="keeper", is_staff=True)

    response = sign_in(client, user.username)

    assert response.redirect_chain[-1][0] == reverse("admin:index")


def test_an_account_with_no_workbench_is_told_so_and_not_signed_in(client, db):
    user = factories.UserFactory(username="nobody")

    response = sign_in(client, user.username)

    assert "此账号无权使用工作台" in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_a_signed_in_page_sends_a_visitor_to_the_one_sign_in_page(client, db):
    response = client.get(reverse("inbox:list"))

    assert response.status_code == 302
    assert response["Location"].startswith(f"{LOGIN}?next=")


@pytest.mark.django_db
def test_the_admins_sign_in_page_points_deputies_to_the_workbench(client):
    page = client.get(reverse("admin:login")).content.decode()

    assert f'href="{LOGIN}"' in page


@pytest.mark.django_db
def test_the_system_checks_find_nothing_to_warn_about():
    found = checks.run_checks(databases=["default"], include_deployment_checks=False)

    # As `manage.py check` and runserver report them: settings may silence a known one.
    shown = [m for m in found if m.is_serious(checks.WARNING) and not m.is_silenced()]
    assert [f"{message.id}: {message.msg}" for message in shown] == []
