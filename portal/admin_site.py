"""The staff admin's site: every model admin registered on it, ours and those of the apps we
install (auth, django-celery-beat), lists its rows by its own filters only and prefills a
form only with ids the database can be asked for."""

from __future__ import annotations

from datetime import date, datetime

from django.contrib import admin
from django.contrib.admin.options import IncorrectLookupParameters
from django.contrib.admin.views.main import ChangeList
from django.core.exceptions import FieldDoesNotExist, ValidationError
from django.db import models
from django.http import HttpRequest

from portal.params import FIRST_YEAR, LAST_YEAR, parse_id, parse_year


class OwnFiltersChangeList(ChangeList):
    """A changelist filtered by its list filters' parameters and its date hierarchy only.

    Django's admin takes any other key as a lookup on the model (`?id__in=…`,
    `?phone__regex=(`, `?created_at__year=…`), and most of what can be wrong in one shows
    only when the database runs it: a number past the column's range, a year past the
    calendar's, a broken pattern, each a 500. No page or link of ours writes such a key;
    it is treated as Django treats a lookup it cannot build (IncorrectLookupParameters: the
    unfiltered list, with `?e=1`).
    """

    def get_filters(self, request: HttpRequest):
        if self.date_hierarchy:
            year = self.get_filters_params().get(f"{self.date_hierarchy}__year")
            # Django adds a year (or a day) to the one asked for: 9999 is an OverflowError.
            if year is not None and parse_year(year[-1]) is None:
                raise IncorrectLookupParameters(f"year {year[-1]!r}")
        specs, has_filters, remaining, duplicates, active = super().get_filters(request)
        bounds = {f"{self.date_hierarchy}__{lookup}" for lookup in ("gte", "lt")}
        unknown = sorted(set(remaining) - (bounds if self.date_hierarchy else set()))
        if unknown:
            raise IncorrectLookupParameters(f"not a list filter: {', '.join(unknown)}")
        for spec in specs:
            for key, values in getattr(spec, "used_parameters", {}).items():
                if not all(_within_calendar(spec, key, value) for value in _listed(values)):
                    raise IncorrectLookupParameters(f"{key}: out of range")
        return specs, has_filters, remaining, duplicates, active


def _listed(values: object) -> list[object]:
    return list(values) if isinstance(values, (list, tuple)) else [values]


def _within_calendar(spec: admin.ListFilter, key: str, value: object) -> bool:
    """Whether a date filter's value (`?start_time__gte=0001-01-01`) is a day of the years we
    keep: moved into UTC, the first day of year 1 is out of Python's calendar."""
    field = getattr(spec, "field", None)
    if not isinstance(field, models.DateField) or key.endswith("__isnull"):
        return True
    try:
        day = field.to_python(value)
    except ValidationError:
        return True  # the filter reports it (IncorrectLookupParameters) itself
    if not isinstance(day, (date, datetime)):
        return True
    return FIRST_YEAR <= day.year <= LAST_YEAR


class OwnFiltersAdminMixin:
    """What every model admin of the site gets (PortalAdminSite.register adds it)."""

    def get_changelist(self, request: HttpRequest, **kwargs) -> type[ChangeList]:
        return OwnFiltersChangeList

    def get_changeform_initial_data(self, request: HttpRequest) -> dict[str, object]:
        """The add form's prefill from the query string, less relations that are no ids.

        A related object's widget reads the objects named (the autocomplete's do, with
        `pk__in`): "abc" or an id too large for the database was a 500 there.
        """
        initial = super().get_changeform_initial_data(request)
        for name, value in list(initial.items()):
            try:
                field = self.opts.get_field(name)
            except FieldDoesNotExist:
                continue
            if not field.is_relation:
                continue
            values = value if isinstance(value, list) else [value]
            if not all(isinstance(given, str) for given in values):
                continue  # set by the admin class itself (a district's own id), not typed
            ids = [str(pk) for pk in map(parse_id, values) if pk is not None]
            if isinstance(value, list):
                initial[name] = ids
            elif ids:
                initial[name] = ids[0]
            else:
                del initial[name]
        return initial


class PortalAdminSite(admin.AdminSite):
    """Django's admin site, each registered model admin given OwnFiltersAdminMixin."""

    def register(self, model_or_iterable, admin_class=None, **options) -> None:
        admin_class = admin_class or admin.ModelAdmin
        if not issubclass(admin_class, OwnFiltersAdminMixin):
            admin_class = type(
                admin_class.__name__,
                (OwnFiltersAdminMixin, admin_class),
                {"__module__": admin_class.__module__, "__qualname__": admin_class.__qualname__},
            )
        super().register(model_or_iterable, admin_class, **options)
