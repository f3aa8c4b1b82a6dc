"""Roles: what RoleBackend grants each role, and the rules that keep a role's account sound."""

import pytest
from django.contrib.auth.models import Group, Permission
from django.core.exceptions import ValidationError
from django.db import IntegrityError

from portal.roles import ROLE_PERMISSIONS, Role
from representatives.models import PHONE_PERMISSION
from tests import factories


def fresh(user):
    """The user reloaded, without the permission cache of earlier checks."""
    return type(user).objects.get(pk=user.pk)


def test_district_staff_hold_every_permission_of_their_role(shinan_staff):
    assert shinan_staff.get_all_permissions() >= ROLE_PERMISSIONS[Role.DISTRICT_STAFF]


def test_district_staff_may_change_stations(shinan_staff):
    assert shinan_staff.has_perm("stations.change_station")


def test_district_staff_may_delete_deputies(shinan_staff):
    assert shinan_staff.has_perm("representatives.delete_deputy")


def test_district_staff_may_add_to_shared_vocabulary(shinan_staff):
    assert shinan_staff.has_perm("representatives.add_specialty")


def test_district_staff_may_not_change_shared_vocabulary(shinan_staff):
    assert not shinan_staff.has_perm("representatives.change_specialty")


def test_district_staff_may_not_delete_areas(shinan_staff):
    assert not shinan_staff.has_perm("portal.delete_area")


def test_district_staff_may_not_keep_user_accounts(shinan_staff):
    assert not shinan_staff.has_perm("portal.change_user")


def test_district_staff_role_does_not_include_seeing_phones(shinan_staff):
    assert not shinan_staff.has_perm(PHONE_PERMISSION)


def test_granted_permission_adds_to_the_role(shinan_staff):
    shinan_staff.user_permissions.add(Permission.objects.get(codename="view_deputy_phone"))
    assert fresh(shinan_staff).has_perm(PHONE_PERMISSION)


def test_a_role_permission_is_checked_without_a_query(shinan_staff, django_assert_num_queries):
    user = fresh(shinan_staff)
    with django_assert_num_queries(0):
        assert user.has_perm("representatives.change_assessmentweights")


def test_other_permissions_are_still_read_from_the_tables(shinan_staff, django_assert_num_queries):
    user = fresh(shinan_staff)
    with django_assert_num_queries(1):  # the user's own and their groups' permissions
        assert not user.has_perm(PHONE_PERMISSION)
    with django_assert_num_queries(0):  # kept on the user for the rest of the request
        assert not user.has_perm("portal.change_user")


def test_permissions_come_from_the_user_and_from_each_of_their_groups(shinan_staff):
    phone = Permission.objects.get(codename="view_deputy_phone")
    citizen = Permission.objects.get(codename="view_citizen_phone")
    areas = Permission.objects.get(codename="delete_area")
    readers, keepers = Group.objects.create(name="读者"), Group.objects.create(name="管理")
    readers.permissions.add(phone, citizen)
    keepers.permissions.add(areas, citizen)
    factories.UserFactory().groups.add(keepers)  # another user's group grants nothing here
    assert not fresh(shinan_staff).has_perm("portal.delete_area")
    shinan_staff.user_permissions.add(phone)
    shinan_staff.groups.add(readers)
    user = fresh(shinan_staff)
    granted = {PHONE_PERMISSION, "issues.view_citizen_phone"}
    assert user.get_all_permissions() == ROLE_PERMISSIONS[Role.DISTRICT_STAFF] | granted
    assert not user.has_perm("portal.delete_area")
    # Django's own answers per source stay as they were.
    assert user.get_user_permissions() == {PHONE_PERMISSION}
    assert user.get_group_permissions() == granted


@pytest.mark.parametrize("app_label", ["portal", "stations", "representatives"])
def test_district_staff_have_module_perms_for_their_apps(shinan_staff, app_label):
    assert shinan_staff.has_module_perms(app_label)


def test_district_staff_have_no_module_perms_for_auth(shinan_staff):
    assert not shinan_staff.has_module_perms("auth")


def test_role_permissions_are_not_object_permissions(shinan_staff, shinan_station):
    """Object-level checks are the scoping layer's job, not the backend's."""
    assert not shinan_staff.has_perm("stations.view_station", shinan_station)


def test_user_without_role_has_no_permissions(db):
    assert factories.UserFactory(is_staff=True).get_all_permissions() == set()


def test_user_without_role_has_no_module_perms(db):
    assert not factories.UserFactory(is_staff=True).has_module_perms("stations")


def test_deputy_role_grants_no_permissions(db):
    assert factories.DeputyUserFactory().get_all_permissions() == set()


def test_inactive_district_staff_have_no_permissions(shinan):
    inactive = factories.StaffFactory(district=shinan, is_active=False)
    assert not inactive.has_perm("stations.view_station")


def test_superuser_holds_the_phone_permission(superuser):
    assert superuser.has_perm(PHONE_PERMISSION)


def test_district_staff_log_in_through_the_role_backend(client, shinan_staff):
    assert client.login(username="shinan_staff", password="pass-1234-word")


def test_district_staff_role_forces_admin_access(shinan):
    staff = factories.UserFactory(role=Role.DISTRICT_STAFF, district=shinan, is_staff=False)
    assert fresh(staff).is_staff


def test_deputy_role_gives_no_admin_access(db):
    assert not factories.DeputyUserFactory().is_staff


def test_database_refuses_district_staff_without_district(db):
    with pytest.raises(IntegrityError):
        factories.UserFactory(role=Role.DISTRICT_STAFF, district=None)


def test_district_staff_without_district_fail_validation(db):
    user = factories.UserFactory.build(role=Role.DISTRICT_STAFF, district=None)
    with pytest.raises(ValidationError) as raised:
        user.clean()
    assert "district" in raised.value.message_dict


def test_staff_district_must_be_a_district_not_a_subdistrict(shinan):
    street = factories.SubdistrictFactory(parent=shinan)
    user = factories.UserFactory.build(role=Role.DISTRICT_STAFF, district=street)
    with pytest.raises(ValidationError) as raised:
        user.clean()
    assert "district" in raised.value.message_dict
