"""The portal's FilterSet base: what each request needs of its own is made once, not copied
deep (django-filter's filters and Django's form fields were both deep-copied per request)."""

from __future__ import annotations

import copy

import django_filters
from django import forms


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


class PortalFilterSet(django_filters.FilterSet):
    @classmethod
    def get_filters(cls) -> dict[str, django_filters.Filter]:
        return _FiltersCopiedShallow(super().get_filters())

    def get_form_class(self) -> type[forms.Form]:
        form_class = super().get_form_class()
        form_class.base_fields = _FieldsMadeForThisForm(form_class.base_fields)
        return form_class
