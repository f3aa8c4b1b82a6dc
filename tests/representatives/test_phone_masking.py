"""A deputy's phone: masked on every admin page, shown in full only by the logged reveal POST."""

import pytest
from django.contrib.auth.models import Permission
from django.urls import reverse

from portal.models import PersonalDataAccess
from portal.personal_data import mask_phone
from representatives.models import Deputy
from tests import factories
from tests.admin_forms import form_data

FULL = "13800001111"
MASKED = "138****1111"
CHANGELIST = reverse("admin:representatives_deputy_changelist")


def change_url(deputy: Deputy) -> str:
    return reverse("admin:representatives_deputy_change", args=[deputy.pk])


def reveal_url(deputy: Deputy) -> str:
    return reverse("admin:representatives_deputy_phone", args=[deputy.pk])


@pytest.fixture
def phone_staff(shinan):
    """市南 staff who also hold the permission to see phones in full."""
    staff = factories.StaffFactory(district=shinan)
    staff.user_permissions.add(Permission.objects.get(codename="view_deputy_phone"))
    return staff


@pytest.fixture
def phone_client(client, phone_staff):
    client.force_login(phone_staff)
    return client


def saved_phone(deputy: Deputy) -> str:
    return Deputy.objects.get(pk=deputy.pk).phone


# Masking


def test_mobile_number_is_masked_in_the_middle():
    assert mask_phone(FULL) == MASKED


def test_other_number_shows_only_its_last_four_digits():
    assert mask_phone("053288886666") == "********6666"


def test_no_number_masks_to_nothing():
    assert mask_phone("") == ""


def test_changelist_shows_the_masked_phone(staff_client, shinan_deputy):
    assert MASKED in staff_client.get(CHANGELIST).text


def test_changelist_never_shows_the_full_phone(staff_client, shinan_deputy):
    assert FULL not in staff_client.get(CHANGELIST).text


def test_change_form_shows_the_masked_phone(staff_client, shinan_deputy):
    assert MASKED in staff_client.get(change_url(shinan_deputy)).text


def test_change_form_never_shows_the_full_phone(staff_client, shinan_deputy):
    assert FULL not in staff_client.get(change_url(shinan_deputy)).text


def test_change_form_never_shows_the_full_phone_to_a_superuser(admin_client, shinan_deputy):
    assert FULL not in admin_client.get(change_url(shinan_deputy)).text


def test_change_form_never_shows_the_full_phone_to_staff_who_may_reveal_it(
    phone_client, shinan_deputy
):
    assert FULL not in phone_client.get(change_url(shinan_deputy)).text


def test_changelist_never_shows_the_full_phone_to_a_superuser(admin_client, shinan_deputy):
    assert FULL not in admin_client.get(CHANGELIST).text


def test_history_never_shows_the_full_phone(staff_client, shinan_deputy):
    data = form_data(staff_client, change_url(shinan_deputy)) | {"new_phone": "13700003333"}
    staff_client.post(change_url(shinan_deputy), data)
    history = reverse("admin:representatives_deputy_history", args=[shinan_deputy.pk])
    assert "13700003333" not in staff_client.get(history).text


def test_reveal_button_is_offered_to_staff_who_may_reveal(phone_client, shinan_deputy):
    assert reveal_url(shinan_deputy) in phone_client.get(change_url(shinan_deputy)).text


def test_reveal_button_is_not_offered_to_staff_who_may_not_reveal(staff_client, shinan_deputy):
    assert reveal_url(shinan_deputy) not in staff_client.get(change_url(shinan_deputy)).text


# Search by phone tail


def listed(response) -> set[Deputy]:
    return set(response.context["cl"].result_list)


def test_search_by_phone_tail_finds_the_deputy(staff_client, shinan_deputy):
    assert listed(staff_client.get(CHANGELIST, {"q": "1111"})) == {shinan_deputy}


def test_search_by_phone_tail_keeps_the_list_filters(staff_client, shinan_deputy):
    response = staff_client.get(CHANGELIST, {"q": "1111", "is_active__exact": "0"})
    assert listed(response) == set()


def test_search_by_phone_tail_works_with_the_level_filter(staff_client, shinan_deputy):
    factories.MandateFactory(deputy=shinan_deputy)
    response = staff_client.get(CHANGELIST, {"q": "1111", "level": "county"})
    assert listed(response) == {shinan_deputy}


def test_search_by_three_digits_does_not_match_phones(staff_client, shinan_deputy):
    assert listed(staff_client.get(CHANGELIST, {"q": "111"})) == set()


# Reveal


def test_reveal_shows_the_full_number_to_staff_with_permission(phone_client, shinan_deputy):
    response = phone_client.post(reveal_url(shinan_deputy))
    assert response.status_code == 200
    assert FULL in response.text


def test_reveal_writes_an_access_log_row(phone_client, phone_staff, shinan_deputy):
    phone_client.post(reveal_url(shinan_deputy))
    access = PersonalDataAccess.objects.get()
    assert (access.user, access.target, access.field) == (phone_staff, shinan_deputy, "phone")


def test_every_reveal_writes_its_own_row(phone_client, shinan_deputy):
    phone_client.post(reveal_url(shinan_deputy))
    phone_client.post(reveal_url(shinan_deputy))
    assert PersonalDataAccess.objects.count() == 2


def test_revealed_number_is_not_cached(phone_client, shinan_deputy):
    response = phone_client.post(reveal_url(shinan_deputy))
    assert "no-store" in response.headers["Cache-Control"]


def test_superuser_may_reveal(admin_client, laoshan_deputy):
    assert "13900002222" in admin_client.post(reveal_url(laoshan_deputy)).text


def test_reveal_without_permission_is_forbidden(staff_client, shinan_deputy):
    assert staff_client.post(reveal_url(shinan_deputy)).status_code == 403


def test_forbidden_reveal_logs_nothing(staff_client, shinan_deputy):
    staff_client.post(reveal_url(shinan_deputy))
    assert not PersonalDataAccess.objects.exists()


def test_reveal_by_get_is_not_allowed(phone_client, shinan_deputy):
    assert phone_client.get(reveal_url(shinan_deputy)).status_code == 405


def test_reveal_by_get_logs_nothing(phone_client, shinan_deputy):
    phone_client.get(reveal_url(shinan_deputy))
    assert not PersonalDataAccess.objects.exists()


def test_reveal_of_other_district_deputy_is_not_found(phone_client, laoshan_deputy):
    assert phone_client.post(reveal_url(laoshan_deputy)).status_code == 404


def test_reveal_of_other_district_deputy_logs_nothing(phone_client, laoshan_deputy):
    phone_client.post(reveal_url(laoshan_deputy))
    assert not PersonalDataAccess.objects.exists()


def test_reveal_by_anonymous_user_sends_to_login(client, shinan_deputy):
    response = client.post(reveal_url(shinan_deputy))
    assert response.status_code == 302 and "/admin/login/" in response.url


def test_reveal_by_user_without_role_is_not_found(client, shinan_deputy):
    """A staff account with the permission but no role has no scope: the deputy is not there."""
    user = factories.UserFactory(is_staff=True)
    user.user_permissions.add(Permission.objects.get(codename="view_deputy_phone"))
    client.force_login(user)
    assert client.post(reveal_url(shinan_deputy)).status_code == 404


# Editing the phone


def submit(client, deputy: Deputy, **changes):
    data = form_data(client, change_url(deputy)) | changes
    return client.post(change_url(deputy), data)


def test_blank_new_phone_keeps_the_phone(staff_client, shinan_deputy):
    submit(staff_client, shinan_deputy, new_phone="")
    assert saved_phone(shinan_deputy) == FULL


def test_new_phone_replaces_the_phone(staff_client, shinan_deputy):
    submit(staff_client, shinan_deputy, new_phone="13700003333")
    assert saved_phone(shinan_deputy) == "13700003333"


def test_invalid_new_phone_is_rejected(staff_client, shinan_deputy):
    response = submit(staff_client, shinan_deputy, new_phone="12345")
    assert "new_phone" in response.context["adminform"].form.errors
    assert saved_phone(shinan_deputy) == FULL


def test_clear_phone_removes_the_phone(staff_client, shinan_deputy):
    submit(staff_client, shinan_deputy, clear_phone="on")
    assert saved_phone(shinan_deputy) == ""


def test_new_phone_and_clear_phone_together_are_rejected(staff_client, shinan_deputy):
    response = submit(staff_client, shinan_deputy, new_phone="13700003333", clear_phone="on")
    assert response.context["adminform"].form.non_field_errors()
    assert saved_phone(shinan_deputy) == FULL


def test_invalid_new_phone_is_not_echoed_as_a_full_number(staff_client, shinan_deputy):
    """A rejected entry is shown back to its typist, but the stored number never is."""
    response = submit(staff_client, shinan_deputy, new_phone="1380000111x")
    assert FULL not in response.text


def test_staff_without_phone_permission_cannot_confirm_a_full_number(staff_client, shinan_deputy):
    response = staff_client.get("/admin/representatives/deputy/", {"q": shinan_deputy.phone})
    assert list(response.context["cl"].result_list) == []


def test_staff_with_phone_permission_find_a_deputy_by_full_number(
    staff_client, shinan_staff, shinan_deputy
):
    from django.contrib.auth.models import Permission

    shinan_staff.user_permissions.add(Permission.objects.get(codename="view_deputy_phone"))
    response = staff_client.get("/admin/representatives/deputy/", {"q": shinan_deputy.phone})
    assert list(response.context["cl"].result_list) == [shinan_deputy]
