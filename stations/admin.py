"""Staff admin for stations, their 六有 checklist, and the duty roster."""

from django.contrib import admin
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from portal.admin import ScopedAdminMixin, district_filter
from portal.xlsx import XlsxExportAdminMixin, XlsxImportAdminMixin
from representatives.models import StationAssignment
from stations import exports, imports, qr
from stations.models import BUILD_ITEMS, DutyShift, Station, StationFocus
from stations.qr_admin import qr_admin_urls


@admin.register(StationFocus)
class StationFocusAdmin(admin.ModelAdmin):
    search_fields = ["name"]


class BuildComplianceFilter(admin.SimpleListFilter):
    title = _("六有 compliance")
    parameter_name = "build"

    def lookups(self, request, model_admin):
        return [("complete", _("all six items met")), ("incomplete", _("items missing"))]

    def queryset(self, request, queryset):
        if self.value() == "complete":
            return queryset.filter(build_score_db=len(BUILD_ITEMS))
        if self.value() == "incomplete":
            return queryset.filter(build_score_db__lt=len(BUILD_ITEMS))
        return queryset


class StationAssignmentInline(ScopedAdminMixin, admin.TabularInline):
    model = StationAssignment
    extra = 0
    autocomplete_fields = ["deputy"]
    verbose_name_plural = _("deputies registered here (双报到)")


@admin.register(Station)
class StationAdmin(XlsxImportAdminMixin, XlsxExportAdminMixin, ScopedAdminMixin, admin.ModelAdmin):
    list_display = ["name", "kind", "focus", "area", "build_score_display", "is_active", "code"]
    list_filter = [
        district_filter("area__district"),
        "kind",
        ("focus", admin.RelatedOnlyFieldListFilter),
        BuildComplianceFilter,
        "is_active",
    ]
    search_fields = ["name", "address", "=code"]
    autocomplete_fields = ["area", "focus"]
    list_select_related = ["area__parent", "focus"]
    readonly_fields = ["code", "public_link", "build_score_display", "created_at", "updated_at"]
    inlines = [StationAssignmentInline]
    actions = ["mark_active", "mark_inactive"]
    fieldsets = [
        (None, {"fields": ["name", "kind", "focus", "area", "is_active", "description"]}),
        (
            _("Location and contact"),
            {
                "fields": [
                    "address",
                    ("latitude", "longitude"),
                    "contact_name",
                    "contact_phone",
                    "opening_hours",
                ]
            },
        ),
        (_("六有 build standard"), {"fields": [*BUILD_ITEMS, "build_score_display"]}),
        (_("Public code"), {"fields": ["code", "public_link", "created_at", "updated_at"]}),
    ]

    # Excel: the changelist's filtered rows out; new stations in (upload → preview → confirm).
    xlsx_export = staticmethod(exports.station_export)
    xlsx_import_columns = imports.IMPORT_COLUMNS
    xlsx_import_sheet = staticmethod(imports.station_sheet_rows)
    xlsx_import_check = staticmethod(imports.station_import_check)
    xlsx_import_run = staticmethod(imports.station_import)

    def get_queryset(self, request):
        return super().get_queryset(request).with_build_score()

    def get_urls(self):
        return [*qr_admin_urls(self, qr.station_url), *super().get_urls()]

    @admin.display(description=_("六有"), ordering="build_score_db")
    def build_score_display(self, obj: Station) -> str:
        score = getattr(obj, "build_score_db", None)
        if score is None:
            score = obj.build_score
        return f"{score}/{len(BUILD_ITEMS)}"

    @admin.display(description=_("public page"))
    def public_link(self, obj: Station) -> str:
        if not obj.pk:
            return "-"
        url = reverse("station-public", args=[obj.code])
        return format_html('<a href="{}" target="_blank" rel="noopener">{}</a>', url, url)

    @admin.action(description=_("Mark the selected stations active"), permissions=["change"])
    def mark_active(self, request, queryset):
        updated = queryset.update(is_active=True)
        self.message_user(request, _("%(count)d stations marked active.") % {"count": updated})

    @admin.action(description=_("Mark the selected stations inactive"), permissions=["change"])
    def mark_inactive(self, request, queryset):
        updated = queryset.update(is_active=False)
        self.message_user(request, _("%(count)d stations marked inactive.") % {"count": updated})


@admin.register(DutyShift)
class DutyShiftAdmin(ScopedAdminMixin, admin.ModelAdmin):
    list_display = ["date", "station", "deputy", "note"]
    list_filter = [district_filter("station__area__district"), "date"]
    date_hierarchy = "date"
    search_fields = ["station__name", "deputy__name"]
    autocomplete_fields = ["station", "deputy"]
    list_select_related = ["station", "deputy"]
