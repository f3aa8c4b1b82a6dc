"""Reading ids, years and dates from a query string or a path: only values the database and
Python's calendar can take get through, so that no typed or crafted value answers 500."""

from __future__ import annotations

from datetime import date

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

# Every table's id is a BigAutoField (settings.DEFAULT_AUTO_FIELD): a larger number reaches
# SQLite as an OverflowError and PostgreSQL as NumericValueOutOfRange, both a 500.
MAX_ID = 2**63 - 1
# Years outside this range are typing mistakes, not periods anyone has data for; a day added
# to 9999-12-31 (an inclusive "until") is an OverflowError.
FIRST_YEAR, LAST_YEAR = 2000, 2100


def parse_id(value: object) -> int | None:
    """`value` as a row id, or None when it cannot be one.

    ASCII digits only: str.isdigit() also takes "²" (which int() refuses) and int() takes
    " 7", "+7", "7_0" and "٧", none of which a link of ours writes.
    """
    if not isinstance(value, str) or not value.isascii() or not value.isdigit():
        return None
    if len(value) > len(str(MAX_ID)):  # int() of thousands of digits is slow, then refused
        return None
    number = int(value)
    return number if 0 < number <= MAX_ID else None


def parse_year(value: object) -> int | None:
    """`value` as a year from FIRST_YEAR to LAST_YEAR, or None."""
    if not isinstance(value, str) or not value.isascii() or not value.isdigit() or len(value) > 4:
        return None
    year = int(value)
    return year if FIRST_YEAR <= year <= LAST_YEAR else None


class IdConverter:
    """`<id:pk>` in a route: a row id the database can store, else the URL does not match
    (a 404) rather than a query the database refuses."""

    regex = "[0-9]+"

    def to_python(self, value: str) -> int:
        number = parse_id(value)
        if number is None:
            raise ValueError(value)  # the resolver takes it as "no match"
        return number

    def to_url(self, value: int | str) -> str:
        return str(value)


class BoundedDateField(forms.DateField):
    """A date field that takes days from FIRST_YEAR to LAST_YEAR only."""

    def validate(self, value: date | None) -> None:
        super().validate(value)
        if value is not None and not FIRST_YEAR <= value.year <= LAST_YEAR:
            raise ValidationError(
                _("Enter a date between %(first)d and %(last)d."),
                code="out_of_range",
                params={"first": FIRST_YEAR, "last": LAST_YEAR},
            )
