"""Citizens' names and phones are masked on every workbench page; full view is a logged POST."""

import pytest
from django.contrib.auth.models import Permission
from django.urls import reverse

from portal.models import PersonalDataAccess
from tests import factories

pytestmark = pytest.mark.django_db

PHONE = "13712345678"  # shinan_issue's citizen


@pytest.fixture
def phone_staff(shinan):
    user = factories.StaffFactory(district=shinan)
    user.user_permissions.add(Permission.objects.get(codename="view_citizen_phone"))
    return user


@pytest.fixture
def phone_client(client, phone_staff):
    client.force_login(phone_staff)
    return client


def page(client, url: str) -> str:
    response = client.get(url)
    assert response.status_code == 200
    return response.content.decode()


def detail_url(issue) -> str:
    return reverse("workbench:issue-detail", args=[issue.pk])


def reveal_url(issue) -> str:
    return reverse("workbench:citizen-reveal", args=[issue.pk])


def test_list_shows_the_phone_masked(staff_client, shinan_issue):
    assert "137****5678" in page(staff_client, "/work/issues/")


def test_list_never_shows_the_full_phone(staff_client, shinan_issue):
    assert PHONE not in page(staff_client, "/work/issues/")


def test_detail_never_shows_the_full_phone_without_the_permission(staff_client, shinan_issue):
    assert PHONE not in page(staff_client, detail_url(shinan_issue))


def test_detail_masks_the_name_to_its_first_character(staff_client, shinan_issue):
    content = page(staff_client, detail_url(shinan_issue))
    assert "王*" in content
    assert "王小明" not in content


def test_my_issues_never_shows_the_full_phone(staff_client, shinan_staff, shinan_issue):
    shinan_issue.assignee = shinan_staff
    shinan_issue.state = "registered"
    shinan_issue.save()
    assert PHONE not in page(staff_client, "/work/mine/")


def test_department_pages_never_show_the_full_phone(
    client, shinan_department, shinan_department_user, shinan
):
    issue = factories.issue_in_state(
        "transferred", district=shinan, department=shinan_department, citizen_phone=PHONE
    )
    client.force_login(shinan_department_user)
    assert PHONE not in page(client, "/work/") + page(client, detail_url(issue))


def test_no_reveal_button_without_the_permission(staff_client, shinan_issue):
    assert reveal_url(shinan_issue) not in page(staff_client, detail_url(shinan_issue))


def test_with_the_permission_the_list_is_still_masked(phone_client, shinan_issue):
    assert PHONE not in page(phone_client, "/work/issues/")


def test_with_the_permission_the_detail_is_still_masked(phone_client, shinan_issue):
    assert PHONE not in page(phone_client, detail_url(shinan_issue))


def test_with_the_permission_the_detail_offers_the_reveal_button(phone_client, shinan_issue):
    assert reveal_url(shinan_issue) in page(phone_client, detail_url(shinan_issue))


def test_reveal_shows_phone_and_name_in_full(phone_client, shinan_issue):
    content = phone_client.post(reveal_url(shinan_issue)).content.decode()
    assert PHONE in content
    assert "王小明" in content


def test_reveal_is_logged(phone_client, phone_staff, shinan_issue):
    phone_client.post(reveal_url(shinan_issue))
    logged = PersonalDataAccess.objects.filter(user=phone_staff, object_id=shinan_issue.pk)
    assert sorted(logged.values_list("field", flat=True)) == ["citizen_name", "citizen_phone"]


def test_reveal_is_not_stored_by_any_cache(phone_client, shinan_issue):
    response = phone_client.post(reveal_url(shinan_issue))
    assert "no-store" in response["Cache-Control"]


def test_reveal_without_the_permission_is_403_and_not_logged(staff_client, shinan_issue):
    assert staff_client.post(reveal_url(shinan_issue)).status_code == 403
    assert not PersonalDataAccess.objects.exists()


def test_reveal_is_a_post_only(phone_client, shinan_issue):
    assert phone_client.get(reveal_url(shinan_issue)).status_code == 405


def test_reveal_of_another_districts_issue_is_404(phone_client, laoshan_issue):
    assert phone_client.post(reveal_url(laoshan_issue)).status_code == 404
    assert not PersonalDataAccess.objects.exists()


def test_reveal_url_carries_no_personal_data(shinan_issue):
    assert reveal_url(shinan_issue) == f"/work/issues/{shinan_issue.pk}/citizen/"


def test_entering_an_issue_redirects_to_a_url_without_the_phone(staff_client):
    category = factories.CategoryFactory()
    response = staff_client.post(
        "/work/issues/new/",
        {"source": "hotline", "category": category.pk, "text": "噪音", "citizen_phone": PHONE},
    )
    assert PHONE not in response["Location"]
