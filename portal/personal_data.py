"""Masking of personal data and the logged act of revealing it in full."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.core.exceptions import PermissionDenied
from django.core.validators import RegexValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

if TYPE_CHECKING:
    from portal.models import User


# A mainland mobile number: 11 digits, 1 then 3–9.
MOBILE_PATTERN = r"^1[3-9]\d{9}$"
mobile_validator = RegexValidator(
    MOBILE_PATTERN, _("Enter a mainland mobile number: 11 digits starting with 1.")
)


def mask_phone(phone: str) -> str:
    """138****1234 for a mainland mobile; only the last four digits of anything else."""
    digits = phone.strip()
    if not digits:
        return ""
    if len(digits) == 11:
        return f"{digits[:3]}****{digits[-4:]}"
    return "*" * max(len(digits) - 4, 0) + digits[-4:]


def mask_name(name: str) -> str:
    """张*: the first character and one star, which hides the name's length as well."""
    name = (name or "").strip()
    return f"{name[0]}*" if name else ""


def reveal(user: User, obj: models.Model, field: str, permission: str) -> str:
    """Return `obj.field` in full if `user` holds `permission`, logging the access."""
    from portal.models import PersonalDataAccess

    if not user.has_perm(permission):
        raise PermissionDenied
    PersonalDataAccess.objects.create(user=user, target=obj, field=field)
    return getattr(obj, field)
