"""Authentication backend: Django's model permissions plus those of the user's role."""

from django.contrib.auth.backends import ModelBackend

from portal.roles import ROLE_PERMISSIONS


def _role_permissions(user_obj, obj) -> frozenset[str]:
    """What the user's role brings: model permissions of an active, signed-in user only."""
    if obj is not None or not user_obj.is_active or user_obj.is_anonymous:
        return frozenset()
    return ROLE_PERMISSIONS.get(user_obj.role, frozenset())


class RoleBackend(ModelBackend):
    """Django's model backend plus the permissions that come with the user's role."""

    def get_all_permissions(self, user_obj, obj=None) -> set[str]:
        return super().get_all_permissions(user_obj, obj) | _role_permissions(user_obj, obj)

    def has_perm(self, user_obj, perm: str, obj=None) -> bool:
        # A permission the role brings needs no look at the user's and groups' permission
        # tables (two queries a page): only the others do.
        return perm in _role_permissions(user_obj, obj) or super().has_perm(user_obj, perm, obj)
