"""Admin site set-up, the scoping mixin every admin class uses, and area/account admins."""

from __future__ import annotations

from django import forms
from django.contrib import admin
from django.contrib.admin.widgets import RelatedFieldWidgetWrapper
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.db import models
from django.forms.models import BaseInlineFormSet, BaseModelFormSet
from django.http import Http404, HttpRequest
from django.utils.translation import gettext_lazy as _

from portal.models import Area, PersonalDataAccess, User
from portal.params import parse_id
from portal.scoping import ScopedQuerySet

admin.site.site_header = _("Deputy liaison stations · staff admin")
admin.site.site_title = _("Deputy liaison stations")
admin.site.index_title = _("Stations, deputies and areas")


def scoped_queryset(model: type[models.Model], request: HttpRequest) -> models.QuerySet:
    """All rows of `model` this request's user may see (unscoped models: all rows)."""
    queryset = model._default_manager.all()
    if isinstance(queryset, ScopedQuerySet):
        queryset = queryset.for_user(request.user)
    return queryset


class ScopedAdminMixin:
    """Narrows lists, object lookups and every relation choice to the user's scope.

    The changelist, search, filters, actions and the change/delete/history views all start
    from `get_queryset`, so an object outside the scope is a 404. Foreign-key and
    many-to-many choices (including autocomplete's submitted values) come from the related
    model's `for_user`, so another district's object cannot be chosen either.
    """

    def get_queryset(self, request: HttpRequest) -> models.QuerySet:
        return super().get_queryset(request).for_user(request.user)

    def get_object(self, request: HttpRequest, object_id: str, from_field: str | None = None):
        obj = super().get_object(request, object_id, from_field)
        if obj is None:
            raise Http404(_("No such object in your scope."))
        return obj

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        kwargs.setdefault("queryset", scoped_queryset(db_field.remote_field.model, request))
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def formfield_for_manytomany(self, db_field, request, **kwargs):
        kwargs.setdefault("queryset", scoped_queryset(db_field.remote_field.model, request))
        return super().formfield_for_manytomany(db_field, request, **kwargs)


def district_filter(lookup: str) -> type[admin.SimpleListFilter]:
    """A list filter offering only the districts the user may see."""

    class DistrictFilter(admin.SimpleListFilter):
        title = _("district")
        parameter_name = "district"

        def lookups(self, request, model_admin):
            districts = Area.objects.districts().for_user(request.user)
            return [(str(d.pk), d.name) for d in districts]

        def queryset(self, request, queryset):
            value = self.value()
            if value is None:
                return queryset
            pk = parse_id(value)
            if pk is None:  # "abc", "²" or past the largest id: nothing, not a 500
                return queryset.none()
            return queryset.filter(**{lookup: pk})

    return DistrictFilter


# The parts of the admin's split date-and-time box, each named with its field.
PART_LABELS = [
    (forms.DateInput, _("%(field)s, date")),
    (forms.TimeInput, _("%(field)s, time")),
]


def name_inputs_by_column(fields: dict[str, forms.Field]) -> None:
    """Give each visible input its field's label as its accessible name (aria-label).

    A tabular inline and a list_editable changelist show a field's label once, as the column
    heading, and Django renders the inputs under it with no <label>: a screen reader announces
    an unnamed box (axe: label, select-name, critical). Naming them here keeps Django's
    templates, where a copy of tabular.html would drift from Django's on each upgrade.
    """
    for field in fields.values():
        widget = field.widget
        while isinstance(widget, RelatedFieldWidgetWrapper):  # its attrs are not the box's
            widget = widget.widget
        if widget.is_hidden:
            continue
        if isinstance(widget, forms.MultiWidget):  # the split date-and-time box
            for part in widget.widgets:
                pattern = next(
                    (p for kind, p in PART_LABELS if isinstance(part, kind)), "%(field)s"
                )
                part.attrs.setdefault("aria-label", pattern % {"field": field.label})
        else:
            widget.attrs.setdefault("aria-label", str(field.label))


class ColumnNamedInputsMixin:
    """A formset whose forms' inputs are named by their column (name_inputs_by_column)."""

    def add_fields(self, form: forms.Form, index: int | None) -> None:
        super().add_fields(form, index)  # adds the DELETE box, which is named too
        name_inputs_by_column(form.fields)


class ColumnNamedInlineFormSet(ColumnNamedInputsMixin, BaseInlineFormSet):
    pass


class ColumnNamedModelFormSet(ColumnNamedInputsMixin, BaseModelFormSet):
    """For a changelist with list_editable (ModelAdmin.get_changelist_formset)."""


class TabularInline(admin.TabularInline):
    """Django's tabular inline, with each input named by its column."""

    formset = ColumnNamedInlineFormSet


@admin.register(Area)
class AreaAdmin(ScopedAdminMixin, admin.ModelAdmin):
    list_display = ["name", "level", "parent", "district"]
    list_filter = ["level", district_filter("district")]
    search_fields = ["name"]
    autocomplete_fields = ["parent"]
    list_select_related = ["parent__parent", "district"]

    def has_change_permission(self, request, obj=None):
        # A district itself is the staff's scope: only a superuser may rename or move it.
        if obj is not None and obj.level == Area.Level.DISTRICT and not request.user.is_superuser:
            return False
        return super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        if obj is not None and obj.level == Area.Level.DISTRICT and not request.user.is_superuser:
            return False
        return super().has_delete_permission(request, obj)

    def formfield_for_choice_field(self, db_field, request, **kwargs):
        if db_field.name == "level" and not request.user.is_superuser:
            kwargs["choices"] = [
                (value, label)
                for value, label in Area.Level.choices
                if value != Area.Level.DISTRICT
            ]
        return super().formfield_for_choice_field(db_field, request, **kwargs)


@admin.register(User)
class UserAdmin(DjangoUserAdmin):
    """Accounts are kept by superusers only."""

    list_display = [
        "username",
        "get_full_name",
        "role",
        "district",
        "department",
        "is_active",
        "is_staff",
    ]
    list_filter = ["role", "district", "is_active", "is_superuser"]
    list_select_related = ["district", "department"]
    # A department account (role "functional department") needs its department.
    fieldsets = (
        *DjangoUserAdmin.fieldsets,
        (_("Role and scope"), {"fields": ("role", "district", "department")}),
    )
    add_fieldsets = (
        *DjangoUserAdmin.add_fieldsets,
        (_("Role and scope"), {"fields": ("role", "district", "department")}),
    )

    def has_module_permission(self, request):
        return request.user.is_superuser

    def has_view_permission(self, request, obj=None):
        return request.user.is_superuser

    def has_add_permission(self, request):
        return request.user.is_superuser

    def has_change_permission(self, request, obj=None):
        return request.user.is_superuser

    def has_delete_permission(self, request, obj=None):
        return request.user.is_superuser


@admin.register(PersonalDataAccess)
class PersonalDataAccessAdmin(admin.ModelAdmin):
    """The log of full views of personal data: read-only, for superusers."""

    list_display = ["accessed_at", "user", "content_type", "object_id", "field"]
    list_filter = ["content_type", "field"]
    date_hierarchy = "accessed_at"
    list_select_related = ["user", "content_type"]

    def has_module_permission(self, request):
        return request.user.is_superuser

    def has_view_permission(self, request, obj=None):
        return request.user.is_superuser

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
