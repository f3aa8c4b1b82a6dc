"""Authentication backend: Django's model permissions plus those of the user's role."""

from django.contrib.auth.backends import ModelBackend
from django.contrib.auth.models import Permission
from django.db.models import Q

from portal.roles import ROLE_PERMISSIONS


def _role_permissions(user_obj, obj) -> frozenset[str]:
    """What the user's role brings: model permissions of an active, signed-in user only."""
    if obj is not None or not user_obj.is_active or user_obj.is_anonymous:
        return frozenset()
    return ROLE_PERMISSIONS.get(user_obj.role, frozenset())


def _model_permissions(user_obj) -> set[str]:
    """The user's own permissions and their groups', in one query (Django's backend asks twice)."""
    if user_obj.is_superuser:
        permissions = Permission.objects.all()
    else:
        permissions = Permission.objects.filter(Q(user=user_obj) | Q(group__user=user_obj))
    rows = permissions.values_list("content_type__app_label", "codename").order_by()
    return {f"{app_label}.{codename}" for app_label, codename in rows}


class RoleBackend(ModelBackend):
    """Django's model backend plus the permissions that come with the user's role."""

    def get_all_permissions(self, user_obj, obj=None) -> set[str]:
        if not user_obj.is_active or user_obj.is_anonymous or obj is not None:
            return set()
        if not hasattr(user_obj, "_perm_cache"):  # where Django's backend keeps them too
            user_obj._perm_cache = _model_permissions(user_obj)
        return user_obj._perm_cache | _role_permissions(user_obj, obj)

    def has_perm(self, user_obj, perm: str, obj=None) -> bool:
        # A permission the role brings needs no look at the user's and groups' permission
        # tables: only the others do, in one query a request.
        return perm in _role_permissions(user_obj, obj) or super().has_perm(user_obj, perm, obj)
