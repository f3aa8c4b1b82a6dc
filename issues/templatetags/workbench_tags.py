"""Template filters for the workbench: masked personal data."""

from django import template

from portal.personal_data import mask_name as _mask_name
from portal.personal_data import mask_phone as _mask_phone

register = template.Library()


@register.filter
def mask_phone(phone: str) -> str:
    """138****1234: the list and detail pages never print a citizen's number in full."""
    return _mask_phone(phone or "")


@register.filter
def mask_name(name: str) -> str:
    """张*: the first character and one star, which hides the name's length as well."""
    return _mask_name(name)
