"""Admin for the issue vocabularies: categories, the phone blocklist, functional departments.

Issues themselves are worked on in the workbench (/work/), where every change goes through
issues.services; the admin keeps only the lists those changes draw on.
"""

from __future__ import annotations

from django import forms
from django.contrib import admin
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from issues.models import BlockedPhone, Category
from portal.admin import ScopedAdminMixin, district_filter
from portal.models import Department
from portal.personal_data import mobile_validator

CITIZEN_PHONE_PERMISSION = "issues.view_citizen_phone"


@admin.register(Category)
class CategoryAdmin(admin.ModelAdmin):
    """Shared by every district: staff may look, only superusers change (role permissions)."""

    list_display = ["name", "default_days", "sort_order", "is_active"]
    list_filter = ["is_active"]
    search_fields = ["name"]
    ordering = ["sort_order", "name"]


class BlockedPhoneForm(forms.ModelForm):
    phone = forms.CharField(
        label=_("phone"),
        max_length=11,
        validators=[mobile_validator],
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"}),
    )

    class Meta:
        model = BlockedPhone
        fields = ["phone", "reason"]


@admin.register(BlockedPhone)
class BlockedPhoneAdmin(admin.ModelAdmin):
    """The number is typed once, when added; afterwards every page shows it masked.

    There is no change form for the number: a wrong entry is deleted and added again.
    """

    form = BlockedPhoneForm
    list_display = ["phone_masked", "reason", "created_by", "created_at"]
    list_select_related = ["created_by"]
    search_fields = ["reason"]
    date_hierarchy = "created_at"

    def get_fields(self, request: HttpRequest, obj: BlockedPhone | None = None):
        if obj is None:
            return ["phone", "reason"]
        return ["phone_masked", "reason", "created_by", "created_at"]

    def get_readonly_fields(self, request: HttpRequest, obj: BlockedPhone | None = None):
        if obj is None:
            return []
        return ["phone_masked", "reason", "created_by", "created_at"]

    def get_search_results(self, request, queryset, search_term):
        matches, may_have_duplicates = super().get_search_results(request, queryset, search_term)
        term = search_term.strip()
        # Like the deputy list: the last four digits for everyone; a whole number only for
        # those who may see numbers, or the search would confirm a number to anyone.
        longest = 11 if request.user.has_perm(CITIZEN_PHONE_PERMISSION) else 4
        if term.isdigit() and 4 <= len(term) <= longest:
            matches |= queryset.filter(phone__endswith=term)
        return matches, may_have_duplicates

    def has_change_permission(self, request: HttpRequest, obj: BlockedPhone | None = None):
        return False

    @admin.display(description=_("phone"), ordering="phone")
    def phone_masked(self, obj: BlockedPhone) -> str:
        return str(obj)

    def save_model(self, request, obj: BlockedPhone, form, change: bool) -> None:
        if not change:
            obj.created_by = request.user
        super().save_model(request, obj, form, change)


@admin.register(Department)
class DepartmentAdmin(ScopedAdminMixin, admin.ModelAdmin):
    """A district's functional departments (职能部门); staff keep their own district's."""

    list_display = ["name", "district", "is_active"]
    list_filter = [district_filter("district"), "is_active"]
    search_fields = ["name"]
    list_select_related = ["district"]

    def get_changeform_initial_data(self, request: HttpRequest) -> dict:
        initial = super().get_changeform_initial_data(request)
        if request.user.district_id:
            initial.setdefault("district", request.user.district_id)
        return initial
