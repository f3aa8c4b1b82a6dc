"""Who gets into the workbench: anonymous users log in first; accounts without a role get 403."""

import pytest
from django.urls import reverse

from tests import factories

pytestmark = pytest.mark.django_db


def every_page(issue) -> list[tuple[str, str]]:
    """(method, url) for every workbench view that takes an issue or none."""
    return [
        ("get", reverse("workbench:home")),
        ("get", reverse("workbench:mine")),
        ("get", reverse("workbench:issue-list")),
        ("get", reverse("workbench:issue-create")),
        ("get", reverse("workbench:issue-detail", args=[issue.pk])),
        ("post", reverse("workbench:issue-action", args=[issue.pk, "register"])),
        ("post", reverse("workbench:citizen-reveal", args=[issue.pk])),
        ("get", reverse("workbench:issue-photo", args=[issue.pk, 1])),
    ]


def test_anonymous_user_is_sent_to_the_workbench_login_from_every_page(client, shinan_issue):
    login = reverse("workbench:login")
    for method, url in every_page(shinan_issue):
        response = getattr(client, method)(url)
        assert response.status_code == 302, url
        assert response["Location"].startswith(login), url


def test_login_page_keeps_where_the_user_was_going(client, db):
    response = client.get(reverse("workbench:issue-list"))
    assert "next=/work/issues/" in response["Location"]


def test_account_without_role_is_forbidden_every_page(client, shinan_issue):
    client.force_login(factories.UserFactory(is_staff=True))
    for method, url in every_page(shinan_issue):
        assert getattr(client, method)(url).status_code == 403, url


def test_login_page_renders_for_phones(client, db):
    response = client.get(reverse("workbench:login"))
    assert response.status_code == 200
    assert b'name="viewport"' in response.content
    assert b'autocomplete="current-password"' in response.content


def test_staff_log_in_through_the_workbench_and_land_on_the_issue_list(client, shinan_staff):
    response = client.post(
        reverse("workbench:login"),
        {"username": "shinan_staff", "password": "pass-1234-word"},
        follow=True,
    )
    assert response.redirect_chain[-1][0] == reverse("workbench:issue-list")


def test_wrong_password_is_refused_on_the_login_page(client, shinan_staff):
    response = client.post(
        reverse("workbench:login"), {"username": "shinan_staff", "password": "wrong"}
    )
    assert response.status_code == 200
    assert not response.wsgi_request.user.is_authenticated


def test_login_does_not_follow_a_next_link_to_another_site(client, shinan_staff):
    response = client.post(
        reverse("workbench:login"),
        {"username": "shinan_staff", "password": "pass-1234-word", "next": "https://evil.test/"},
    )
    assert response["Location"] == reverse("workbench:home")


def test_deputy_lands_on_their_phone_home(client, shinan_deputy_user):
    client.force_login(shinan_deputy_user)
    response = client.get(reverse("workbench:home"))
    assert response.templates[0].name == "representatives/mobile/home.html"


def test_superuser_lands_on_the_issue_list(admin_client):
    response = admin_client.get(reverse("workbench:home"))
    assert response["Location"] == reverse("workbench:issue-list")


def test_logout_is_a_post(staff_client):
    assert staff_client.get(reverse("workbench:logout")).status_code == 405


def test_logout_ends_the_session(staff_client):
    staff_client.post(reverse("workbench:logout"))
    response = staff_client.get(reverse("workbench:issue-list"))
    assert response.status_code == 302


def test_signed_in_navigation_offers_the_workbench_and_logout(staff_client):
    content = staff_client.get(reverse("workbench:issue-list")).content.decode()
    assert reverse("workbench:mine") in content
    assert reverse("workbench:logout") in content


def test_department_account_may_not_enter_issues(client, shinan_department_user):
    client.force_login(shinan_department_user)
    assert client.get(reverse("workbench:issue-create")).status_code == 403
