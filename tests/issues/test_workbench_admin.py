"""Admin for categories, the phone blocklist and departments: who may look, add and change."""

import pytest
from django.urls import reverse

from issues.models import BlockedPhone, Category
from portal.models import Department
from tests import factories
from tests.admin_forms import form_data

pytestmark = pytest.mark.django_db


def admin_url(model: str, view: str, *args) -> str:
    return reverse(f"admin:{model}_{view}", args=args)


# ----- categories: shared by every district ------------------------------------------------


def test_staff_may_view_categories(staff_client):
    factories.CategoryFactory()
    assert staff_client.get(admin_url("issues_category", "changelist")).status_code == 200


def test_staff_may_not_add_a_category(staff_client):
    assert staff_client.get(admin_url("issues_category", "add")).status_code == 403


def test_staff_may_not_change_a_category(staff_client):
    category = factories.CategoryFactory()
    url = admin_url("issues_category", "change", category.pk)
    response = staff_client.post(url, {"name": "改名", "default_days": 3, "sort_order": 0})
    assert response.status_code == 403
    assert Category.objects.get(pk=category.pk).name != "改名"


def test_superuser_adds_a_category(admin_client):
    admin_client.post(
        admin_url("issues_category", "add"),
        {"name": "教育医疗", "default_days": 20, "sort_order": 5, "is_active": "on"},
    )
    assert Category.objects.get(name="教育医疗").default_days == 20


def test_deputy_account_has_no_admin(client, shinan_deputy_user):
    client.force_login(shinan_deputy_user)
    response = client.get(admin_url("issues_category", "changelist"))
    assert response.status_code == 302


# ----- the phone blocklist -------------------------------------------------------------------


def test_staff_add_a_blocked_phone_and_are_recorded_as_adding_it(staff_client, shinan_staff):
    staff_client.post(
        admin_url("issues_blockedphone", "add"), {"phone": "13512345678", "reason": "骚扰"}
    )
    assert BlockedPhone.objects.get(phone="13512345678").created_by == shinan_staff


def test_blocked_phone_must_be_a_mobile_number(staff_client):
    staff_client.post(admin_url("issues_blockedphone", "add"), {"phone": "123", "reason": "x"})
    assert not BlockedPhone.objects.exists()


def test_blocklist_shows_phones_masked(staff_client):
    factories.BlockedPhoneFactory(phone="13512345678")
    content = staff_client.get(admin_url("issues_blockedphone", "changelist")).content.decode()
    assert "135****5678" in content
    assert "13512345678" not in content


def test_blocked_phone_page_shows_the_phone_masked(staff_client):
    blocked = factories.BlockedPhoneFactory(phone="13512345678")
    url = admin_url("issues_blockedphone", "change", blocked.pk)
    content = staff_client.get(url).content.decode()
    assert "135****5678" in content
    assert "13512345678" not in content


def test_superuser_page_shows_the_phone_masked_too(admin_client):
    blocked = factories.BlockedPhoneFactory(phone="13512345678")
    url = admin_url("issues_blockedphone", "change", blocked.pk)
    assert "13512345678" not in admin_client.get(url).content.decode()


def test_a_blocked_phone_cannot_be_changed(staff_client):
    blocked = factories.BlockedPhoneFactory(phone="13512345678")
    url = admin_url("issues_blockedphone", "change", blocked.pk)
    staff_client.post(url, {"phone": "13600000000", "reason": "改"})
    assert BlockedPhone.objects.get(pk=blocked.pk).phone == "13512345678"


def test_staff_may_delete_a_blocked_phone(staff_client):
    blocked = factories.BlockedPhoneFactory()
    staff_client.post(admin_url("issues_blockedphone", "delete", blocked.pk), {"post": "yes"})
    assert not BlockedPhone.objects.exists()


def test_blocklist_search_by_the_last_four_digits(staff_client):
    factories.BlockedPhoneFactory(phone="13512345678")
    factories.BlockedPhoneFactory(phone="13599990000")
    response = staff_client.get(admin_url("issues_blockedphone", "changelist"), {"q": "5678"})
    assert response.context["cl"].result_count == 1


def test_blocklist_search_by_a_whole_number_needs_the_phone_permission(staff_client):
    factories.BlockedPhoneFactory(phone="13512345678")
    response = staff_client.get(
        admin_url("issues_blockedphone", "changelist"), {"q": "13512345678"}
    )
    assert response.context["cl"].result_count == 0


# ----- departments: each district keeps its own ----------------------------------------------


def test_staff_see_only_their_districts_departments(
    staff_client, shinan_department, laoshan_department
):
    response = staff_client.get(admin_url("portal_department", "changelist"))
    assert list(response.context["cl"].result_list) == [shinan_department]


def test_staff_get_404_for_another_districts_department(staff_client, laoshan_department):
    url = admin_url("portal_department", "change", laoshan_department.pk)
    assert staff_client.get(url).status_code == 404


def test_staff_add_a_department_to_their_district(staff_client, shinan):
    url = admin_url("portal_department", "add")
    data = form_data(staff_client, url) | {"name": "市南区住房和城乡建设局"}
    staff_client.post(url, data)
    assert Department.objects.get(name="市南区住房和城乡建设局").district == shinan


def test_staff_may_not_add_a_department_to_another_district(staff_client, laoshan):
    url = admin_url("portal_department", "add")
    data = form_data(staff_client, url) | {"name": "越权部门", "district": laoshan.pk}
    staff_client.post(url, data)
    assert not Department.objects.filter(name="越权部门").exists()


def test_staff_rename_their_department(staff_client, shinan_department):
    url = admin_url("portal_department", "change", shinan_department.pk)
    staff_client.post(url, form_data(staff_client, url) | {"name": "市南区城市管理局(新)"})
    assert Department.objects.get(pk=shinan_department.pk).name == "市南区城市管理局(新)"


def test_staff_may_not_delete_a_department(staff_client, shinan_department):
    url = admin_url("portal_department", "delete", shinan_department.pk)
    assert staff_client.post(url, {"post": "yes"}).status_code == 403


# ----- department accounts are made by superusers --------------------------------------------


def test_superuser_creates_a_department_account(admin_client, shinan_department):
    url = admin_url("portal_user", "add")
    admin_client.post(
        url,
        {
            "username": "chengguan2",
            "password1": "a-Long-pass-2026",
            "password2": "a-Long-pass-2026",
            "usable_password": "true",
            "role": "department",
            "department": shinan_department.pk,
        },
    )
    from portal.models import User

    assert User.objects.get(username="chengguan2").department == shinan_department


def test_user_change_form_has_the_department(admin_client, shinan_staff):
    url = admin_url("portal_user", "change", shinan_staff.pk)
    assert "department" in admin_client.get(url).context["adminform"].form.fields
