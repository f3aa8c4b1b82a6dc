"""Staff admin for stations, their 六有 checklist, and the duty roster."""

from django.contrib import admin
from django.db import models
from django.db.models import Q, QuerySet
from django.http import HttpRequest
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from portal.admin import ScopedAdminMixin, TabularInline, district_filter, scoped_queryset
from portal.models import Area
from portal.params import parse_id
from portal.xlsx import XlsxExportAdminMixin, XlsxImportAdminMixin
from representatives.models import Deputy, StationAssignment
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
        full = len(BUILD_ITEMS)
        return [
            ("complete", _("all six items met")),
            ("incomplete", _("items missing")),
            *(
                (str(score), _("%(score)d of %(full)d items met") % {"score": score, "full": full})
                for score in range(full, -1, -1)
            ),
        ]

    def queryset(self, request, queryset):
        value = self.value()
        if value is None:
            return queryset
        if value == "complete":
            return queryset.filter(build_score_db=len(BUILD_ITEMS))
        if value == "incomplete":
            return queryset.filter(build_score_db__lt=len(BUILD_ITEMS))
        if value in {str(score) for score in range(len(BUILD_ITEMS) + 1)}:
            return queryset.filter(build_score_db=int(value))
        # An unreadable value selects nothing rather than silently everything.
        return queryset.none()


def _subdistricts_for(request: HttpRequest) -> QuerySet[Area]:
    """The subdistricts/towns the user may see, of the district picked in the list if any."""
    areas = Area.objects.for_user(request.user).filter(level=Area.Level.SUBDISTRICT)
    district = parse_id(request.GET.get("district"))
    return areas.filter(parent=district) if district is not None else areas


def subdistrict_filter(area_lookup: str) -> type[admin.SimpleListFilter]:
    """A list filter by subdistrict/town; `area_lookup` names the station's area.

    A station sits on a subdistrict itself or on one of its communities. Only subdistricts in
    the user's scope are offered or accepted: another district's id selects nothing.
    """

    class SubdistrictFilter(admin.SimpleListFilter):
        title = _("subdistrict / town")
        parameter_name = "subdistrict"

        def lookups(self, request, model_admin):
            areas = _subdistricts_for(request)
            if request.user.is_superuser and not request.GET.get("district"):
                # Every subdistrict of the city would be a long sidebar: pick a district first
                # (a link may still name one, which is then the one choice).
                chosen = parse_id(self.value())
                areas = areas.filter(pk=chosen) if chosen is not None else []
            return [(str(area.pk), area.name) for area in areas]

        def has_output(self) -> bool:
            # Shown (and so applied) whenever a value is given, even one out of scope.
            return self.value() is not None or super().has_output()

        def queryset(self, request, queryset):
            value = self.value()
            if value is None:
                return queryset
            chosen = parse_id(value)
            if chosen is None:
                return queryset.none()
            scoped = Area.objects.for_user(request.user).filter(
                pk=chosen, level=Area.Level.SUBDISTRICT
            )
            return queryset.filter(
                Q(**{f"{area_lookup}__in": scoped}) | Q(**{f"{area_lookup}__parent__in": scoped})
            )

    return SubdistrictFilter


def chosen_only_filter(
    parameter: str, title: str, model: type[models.Model], lookup: str
) -> type[admin.SimpleListFilter]:
    """A list filter by one object named in the URL (`?station=12`), for links to follow.

    A district has about a hundred stations and a thousand deputies: the sidebar offers only
    the object already chosen, never the whole list. An id outside the user's scope selects
    nothing.
    """

    class ChosenOnlyFilter(admin.SimpleListFilter):
        parameter_name = parameter

        def lookups(self, request, model_admin):
            pk = parse_id(self.value())
            if pk is None:
                return []
            chosen = scoped_queryset(model, request).filter(pk=pk)
            return [(str(obj.pk), str(obj)) for obj in chosen]

        def has_output(self) -> bool:
            return self.value() is not None

        def queryset(self, request, queryset):
            value = self.value()
            if value is None:
                return queryset
            pk = parse_id(value)
            if pk is None:
                return queryset.none()
            chosen = scoped_queryset(model, request).filter(pk=pk).values("pk")
            if "__" in lookup:
                # Across a to-many relation a join could repeat rows: select by id instead.
                matching = queryset.model._default_manager.filter(**{f"{lookup}__in": chosen})
                return queryset.filter(pk__in=matching.values("pk"))
            return queryset.filter(**{f"{lookup}__in": chosen})

    ChosenOnlyFilter.title = title
    return ChosenOnlyFilter


class CheckedInFilter(admin.SimpleListFilter):
    title = _("checked in (签到)")
    parameter_name = "checked_in"

    def lookups(self, request, model_admin):
        return [("yes", _("Yes")), ("no", _("No"))]

    def queryset(self, request, queryset):
        if self.value() == "yes":
            return queryset.filter(checked_in_at__isnull=False)
        if self.value() == "no":
            return queryset.filter(checked_in_at__isnull=True)
        return queryset


class StationAssignmentInline(ScopedAdminMixin, TabularInline):
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
        subdistrict_filter("area"),
        chosen_only_filter("station", _("station"), Station, "pk"),
        # The stations a deputy is registered at (双报到), as the deputy's dashboard counts them.
        chosen_only_filter("deputy", _("deputy"), Deputy, "assignments__deputy"),
        "is_active",
    ]
    search_fields = ["name", "address", "=code"]
    # The subdistrict sidebar costs a query; the unfiltered "(N total)" count is the one we
    # drop for it (a second COUNT over the whole district on every filtered page).
    show_full_result_count = False
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
        updated = queryset.set_active(True)
        self.message_user(request, _("%(count)d stations marked active.") % {"count": updated})

    @admin.action(description=_("Mark the selected stations inactive"), permissions=["change"])
    def mark_inactive(self, request, queryset):
        updated = queryset.set_active(False)
        self.message_user(request, _("%(count)d stations marked inactive.") % {"count": updated})


@admin.register(DutyShift)
class DutyShiftAdmin(ScopedAdminMixin, admin.ModelAdmin):
    list_display = ["date", "station", "deputy", "checked_in_at", "note"]
    list_filter = [
        district_filter("station__area__district"),
        subdistrict_filter("station__area"),
        chosen_only_filter("station", _("station"), Station, "station"),
        chosen_only_filter("deputy", _("deputy"), Deputy, "deputy"),
        CheckedInFilter,
        "date",
    ]
    date_hierarchy = "date"
    search_fields = ["station__name", "deputy__name"]
    # As on the station list: no second COUNT over the whole roster for "(N total)".
    show_full_result_count = False
    autocomplete_fields = ["station", "deputy"]
    list_select_related = ["station", "deputy"]
