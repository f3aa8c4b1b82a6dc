"""Authentication backend: Django's model permissions plus those of the user's role."""

from django.contrib.auth.backends import ModelBackend

from portal.roles import ROLE_PERMISSIONS


class RoleBackend(ModelBackend):
    """Django's model backend plus the permissions that come with the user's role."""

    def get_all_permissions(self, user_obj, obj=None) -> set[str]:
        perms = super().get_all_permissions(user_obj, obj)
        if obj is not None or not user_obj.is_active or user_obj.is_anonymous:
            return perms
        return perms | ROLE_PERMISSIONS.get(user_obj.role, frozenset())

    def has_perm(self, user_obj, perm: str, obj=None) -> bool:
        # A permission the role brings needs no look at the user's and groups' permission
        # tables (two queries a page): only the others do.
        if (
            obj is None
            and user_obj.is_active
            and not user_obj.is_anonymous
            and perm in ROLE_PERMISSIONS.get(user_obj.role, frozenset())
        ):
            return True
        return super().has_perm(user_obj, perm, obj)
