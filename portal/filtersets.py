"""The portal's FilterSet base: what each request needs of its own is made once, not copied
deep (django-filter's filters and Django's form fields were both deep-copied per request),
and only the filters a request gives are validated and applied."""

from __future__ import annotations

import copy
from collections.abc import Collection

import django_filters
from django import forms
from django.db.models import QuerySet
from django.forms.utils import ErrorDict

from portal.params import BoundedDateField


class _FieldsMadeForThisForm(dict):
    """A form class's base fields that no other form instance will ever use.

    Django's Form deep-copies its class's fields for each instance, so that instances never
    share a field. A FilterSet builds a new form class with new fields for every request
    (`get_form_class`), and makes one form of it: the copy keeps nothing apart, and the issue
    list's filter set took 2.46 ms with it, 1.79 ms without (docs/PERFORMANCE.md).
    """

    def __deepcopy__(self, memo: dict) -> dict[str, forms.Field]:
        return dict(self)


class _FiltersCopiedShallow(dict):
    """A FilterSet class's filters, copied for each instance one level deep.

    django-filter deep-copies every declared filter for each request, and with it each
    filter's labels, choices, widgets and querysets, which no request changes: a filter's
    own attributes (`model` and `parent` are set on the copy, its `method` bound to it) and
    its field kwargs (`extra`, copied too) are all an instance may change, and its form
    field is made afresh from them. The issue list's filter set took 2.1 ms of CPU with the
    deep copy and 1.3 ms without (docs/PERFORMANCE.md).
    """

    def __deepcopy__(self, memo: dict) -> dict[str, django_filters.Filter]:
        return {name: _own_copy(filter_) for name, filter_ in self.items()}


def _own_copy(filter_: django_filters.Filter) -> django_filters.Filter:
    copied = copy.copy(filter_)
    copied.extra = dict(filter_.extra)
    copied.__dict__.pop("_field", None)
    if copied.method is not None:
        # Setting it binds a new FilterMethod to the copy (the original's finds no parent).
        copied.method = filter_.method
    return copied


class DateFilter(django_filters.DateFilter):
    """A date filter that takes days from FIRST_YEAR to LAST_YEAR only: a far date is a form
    error, not a day past the calendar's end (9999-12-31 and the day after) in a query."""

    field_class = BoundedDateField


class PortalFilterSet(django_filters.FilterSet):
    """A FilterSet whose request is validated by a form of the filters it gives only.

    django-filter builds one form of every filter's field, and validates and applies all of
    them, on every request. An optional filter the query string does not name has nothing
    to validate or apply: its field cleans to nothing and its filter returns the queryset as
    it was. So `qs` validates the request with `given_form`, the fields of the given filters
    only, and the whole form (`form`) is built when something shows it; a kept filter form
    (portal/choices.py) never does. On the issue list this took the filter set from
    7.2 M to 3.0 M instructions a request (docs/PERFORMANCE.md).

    Subclasses give a form's fields what they take from the request (scoped querysets, kept
    choices) in `prepare_fields`, which runs for both forms, so that validation and display
    always see the same choices.
    """

    @classmethod
    def get_filters(cls) -> dict[str, django_filters.Filter]:
        return _FiltersCopiedShallow(super().get_filters())

    def prepare_fields(self, fields: dict[str, forms.Field]) -> None:
        """Give `fields` (those of the form being built) what they take from the request."""

    def get_form_class(self, names: Collection[str] | None = None) -> type[forms.Form]:
        """A form class of the filters' fields (of those in `names` only, if given)."""
        fields = {
            name: filter_.field
            for name, filter_ in self.filters.items()
            if names is None or name in names
        }
        form_class = type(f"{type(self).__name__}Form", (self._meta.form,), fields)
        form_class.base_fields = _FieldsMadeForThisForm(form_class.base_fields)
        return form_class

    def _make_form(self, names: Collection[str] | None = None) -> forms.Form:
        form_class = self.get_form_class(names)
        if self.is_bound:
            form = form_class(self.data, prefix=self.form_prefix)
        else:
            form = form_class(prefix=self.form_prefix)
        self.prepare_fields(form.fields)
        return form

    @property
    def form(self) -> forms.Form:
        """Every filter's field, bound to the request: the form the page shows."""
        if not hasattr(self, "_form"):
            self._form = self._make_form()
        return self._form

    @property
    def given_form(self) -> forms.Form:
        """The form that validates the request: the fields of `given_filters()` only."""
        if not hasattr(self, "_given_form"):
            self._given_form = self._make_form(self.given_filters())
        return self._given_form

    def given_filters(self) -> set[str]:
        """The filters the query string names: by their own key, or the key and a suffix,
        as a widget of several inputs sends it (`created_0`, `created_after`).

        A filter left out must clean to nothing when absent, as every field of django-filter's
        own filters does; a lone checkbox, which sends nothing when unticked, would not.
        """
        prefix = f"{self.form_prefix}-" if self.form_prefix else ""
        return {
            name
            for name in self.filters
            if any(key == prefix + name or key.startswith(f"{prefix}{name}_") for key in self.data)
        }

    def is_valid(self) -> bool:
        return self.is_bound and self.given_form.is_valid()

    @property
    def errors(self) -> ErrorDict:
        """What did not validate among the given filters (the whole form shows the same)."""
        return self.given_form.errors

    @property
    def cleaned_data(self) -> dict[str, object]:
        """The given filters' valid values (one that did not validate is left out)."""
        self.errors  # noqa: B018 -- validates, once
        return getattr(self.given_form, "cleaned_data", {})

    def filter_queryset(self, queryset: QuerySet) -> QuerySet:
        for name, value in self.cleaned_data.items():
            queryset = self.filters[name].filter(queryset, value)
        return queryset
