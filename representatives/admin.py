"""Staff admin for deputies, their mandates, groups and station assignments.

A deputy's phone never appears in full in an admin page: the list and the form show it
masked, and a user with the permission reveals it through a separate, logged POST.
"""

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.db.models import Count
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_POST

from portal import personal_data
from portal.admin import (
    ColumnNamedModelFormSet,
    ScopedAdminMixin,
    TabularInline,
    district_filter,
)
from portal.xlsx import XlsxExportAdminMixin, XlsxImportAdminMixin
from representatives import (
    assessment_admin,  # noqa: F401  (registers AssessmentWeights)
    exports,
    imports,
    services,
)
from representatives.models import (
    PHONE_PERMISSION,
    Activity,
    ActivityCorrection,
    ActivityType,
    AmbassadorRole,
    AnnualTarget,
    Deputy,
    DeputyGroup,
    Level,
    Mandate,
    Specialty,
    StationAssignment,
    mobile_validator,
)
from stations import qr
from stations.qr_admin import qr_admin_urls


@admin.register(Specialty)
class SpecialtyAdmin(admin.ModelAdmin):
    search_fields = ["name"]


@admin.register(AmbassadorRole)
class AmbassadorRoleAdmin(admin.ModelAdmin):
    search_fields = ["name"]


class MandateInline(ScopedAdminMixin, TabularInline):
    model = Mandate
    extra = 0
    min_num = 0


class DeputyAssignmentInline(ScopedAdminMixin, TabularInline):
    model = StationAssignment
    extra = 0
    autocomplete_fields = ["station"]
    verbose_name_plural = _("station registrations (双报到)")


class DeputyForm(forms.ModelForm):
    """Edits the phone without ever rendering it: blank keeps it, a new number replaces it."""

    new_phone = forms.CharField(
        label=_("new mobile phone"),
        required=False,
        max_length=11,
        validators=[mobile_validator],
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"}),
    )
    clear_phone = forms.BooleanField(label=_("remove the phone number"), required=False)

    class Meta:
        model = Deputy
        fields = [
            "name",
            "district",
            "sector",
            "is_party_member",
            "is_active",
            "specialties",
            "ambassador_roles",
            "user",
        ]

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        current = self.instance.masked_phone if self.instance.pk else ""
        self.fields["new_phone"].help_text = (
            _("Current: %(masked)s. Leave blank to keep it.") % {"masked": current}
            if current
            else _("No number on record.")
        )

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("new_phone") and cleaned.get("clear_phone"):
            raise forms.ValidationError(_("Enter a new number or remove it, not both."))
        return cleaned

    def save(self, commit: bool = True):
        if self.cleaned_data.get("clear_phone"):
            self.instance.phone = ""
        elif self.cleaned_data.get("new_phone"):
            self.instance.phone = self.cleaned_data["new_phone"]
        return super().save(commit)


class LevelFilter(admin.SimpleListFilter):
    title = _("level")
    parameter_name = "level"

    def lookups(self, request, model_admin):
        return Level.choices

    def queryset(self, request, queryset):
        if self.value():
            return queryset.filter(mandates__level=self.value()).distinct()
        return queryset


@admin.register(Deputy)
class DeputyAdmin(XlsxImportAdminMixin, XlsxExportAdminMixin, ScopedAdminMixin, admin.ModelAdmin):
    form = DeputyForm
    list_display = [
        "name",
        "district",
        "levels",
        "sector",
        "is_party_member",
        "phone_masked",
        "is_active",
    ]
    list_filter = [
        district_filter("district"),
        LevelFilter,
        "sector",
        "is_party_member",
        ("specialties", admin.RelatedOnlyFieldListFilter),
        ("ambassador_roles", admin.RelatedOnlyFieldListFilter),
        "is_active",
    ]
    search_fields = ["name", "=code"]
    autocomplete_fields = ["district", "specialties", "ambassador_roles", "user"]
    list_select_related = ["district"]
    readonly_fields = ["code", "phone_reveal"]
    inlines = [MandateInline, DeputyAssignmentInline]
    actions = ["issue_logins"]
    fieldsets = [
        (None, {"fields": ["name", "district", "sector", "is_party_member", "is_active"]}),
        (_("Lists (三张清单) and roles"), {"fields": ["specialties", "ambassador_roles"]}),
        (
            _("Contact and login"),
            {
                "fields": ["phone_reveal", "new_phone", "clear_phone", "user"],
            },
        ),
        (_("Public code"), {"fields": ["code"]}),
    ]

    # Excel: the changelist's filtered rows out; new deputies in (upload → preview → confirm).
    xlsx_export = staticmethod(exports.deputy_export)
    xlsx_import_columns = imports.IMPORT_COLUMNS
    xlsx_import_sheet = staticmethod(imports.deputy_sheet_rows)
    xlsx_import_check = staticmethod(imports.deputy_import_check)
    xlsx_import_run = staticmethod(imports.deputy_import)

    def get_queryset(self, request):
        return super().get_queryset(request).prefetch_related("mandates")

    def get_search_results(self, request, queryset, search_term):
        matches, may_have_duplicates = super().get_search_results(request, queryset, search_term)
        term = search_term.strip()
        # Staff find a deputy by the last digits of the phone, as people quote it. Search
        # within `queryset`: it already carries the list filters (and autocomplete's limits).
        # Longer digit strings would let a user without the phone permission confirm a
        # full number, so only those who may see numbers search by more than the tail.
        longest = 11 if request.user.has_perm(PHONE_PERMISSION) else 4
        if term.isdigit() and 4 <= len(term) <= longest:
            matches |= queryset.filter(phone__endswith=term)
        return matches, may_have_duplicates

    def get_readonly_fields(self, request, obj=None):
        readonly = list(super().get_readonly_fields(request, obj))
        # Login accounts are kept by superusers: a district's staff may see which account a
        # deputy uses, but choosing one would offer every user of every district.
        if not request.user.is_superuser:
            readonly.append("user")
        return readonly

    @admin.display(description=_("levels"))
    def levels(self, obj: Deputy) -> str:
        return "、".join(m.get_level_display() for m in obj.mandates.all())

    @admin.display(description=_("mobile phone"))
    def phone_masked(self, obj: Deputy) -> str:
        return obj.masked_phone

    @admin.display(description=_("mobile phone"))
    def phone_reveal(self, obj: Deputy) -> str:
        return obj.masked_phone or "-"

    def change_view(self, request, object_id, form_url="", extra_context=None):
        extra_context = {
            **(extra_context or {}),
            "may_reveal_phone": request.user.has_perm(PHONE_PERMISSION),
        }
        return super().change_view(request, object_id, form_url, extra_context)

    def get_urls(self):
        return [
            path(
                "<path:object_id>/phone/",
                self.admin_site.admin_view(require_POST(self.reveal_phone_view)),
                name="representatives_deputy_phone",
            ),
            *qr_admin_urls(self, qr.deputy_url),
            *super().get_urls(),
        ]

    @admin.action(description=_("Create or reset login (shows a temporary password once)"))
    def issue_logins(self, request, queryset):
        if not self.has_change_permission(request):
            raise PermissionDenied
        issued = []
        for deputy in queryset:
            user, password = services.deputy_login_issue(deputy.pk, actor=request.user)
            issued.append({"deputy": deputy, "username": user.username, "password": password})
        context = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "issued": issued,
            "title": _("Temporary passwords"),
        }
        response = TemplateResponse(request, "admin/representatives/deputy/logins.html", context)
        # Shown once: no browser or proxy may keep a copy.
        response.headers["Cache-Control"] = "no-store"
        return response

    def reveal_phone_view(self, request, object_id):
        deputy = self.get_object(request, object_id)
        if not self.has_view_permission(request, deputy):
            raise PermissionDenied
        phone = personal_data.reveal(request.user, deputy, "phone", PHONE_PERMISSION)
        if not phone:
            messages.info(request, _("No number on record."))
            return redirect(reverse("admin:representatives_deputy_change", args=[deputy.pk]))
        context = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "deputy": deputy,
            "phone": phone,
            "title": _("Phone number of %(name)s") % {"name": deputy.name},
        }
        response = TemplateResponse(request, "admin/representatives/deputy/phone.html", context)
        response.headers["Cache-Control"] = "no-store"
        return response


class DeputyGroupForm(forms.ModelForm):
    class Meta:
        model = DeputyGroup
        fields = ["name", "kind", "area", "leader", "members"]

    def clean(self):
        cleaned = super().clean()
        if not self.errors:
            # The instance gets the submitted area and leader only after clean(): check the
            # members against what was submitted, not against the stored group.
            submitted = DeputyGroup(area=cleaned["area"], leader=cleaned.get("leader"))
            submitted.validate_members(list(cleaned.get("members") or []))
        return cleaned


@admin.register(DeputyGroup)
class DeputyGroupAdmin(ScopedAdminMixin, admin.ModelAdmin):
    form = DeputyGroupForm
    list_display = ["name", "kind", "area", "leader", "member_count"]
    list_filter = [district_filter("area__district"), "kind"]
    search_fields = ["name", "area__name"]
    autocomplete_fields = ["area", "leader", "members"]
    list_select_related = ["area__parent", "leader"]

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(member_total=Count("members"))

    @admin.display(description=_("members"), ordering="member_total")
    def member_count(self, obj: DeputyGroup) -> int:
        return obj.member_total


@admin.register(StationAssignment)
class StationAssignmentAdmin(ScopedAdminMixin, admin.ModelAdmin):
    list_display = ["deputy", "station", "role", "since"]
    list_filter = [district_filter("station__area__district"), "role"]
    search_fields = ["deputy__name", "station__name"]
    autocomplete_fields = ["deputy", "station"]
    list_select_related = ["deputy", "station"]


@admin.register(ActivityType)
class ActivityTypeAdmin(admin.ModelAdmin):
    list_display = ["name", "counts_as", "sort_order", "is_active"]
    list_editable = ["sort_order", "is_active"]
    search_fields = ["name"]

    def get_changelist_formset(self, request, **kwargs):
        # The editable columns' boxes, named by their column like a tabular inline's.
        kwargs.setdefault("formset", ColumnNamedModelFormSet)
        return super().get_changelist_formset(request, **kwargs)


class ActivityCorrectionInline(admin.TabularInline):
    """The corrections of a ledger entry: read-only, newest first."""

    model = ActivityCorrection
    extra = 0
    can_delete = False
    fields = ["created_at", "actor", "changes"]
    readonly_fields = fields

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(Activity)
class ActivityAdmin(XlsxExportAdminMixin, ScopedAdminMixin, admin.ModelAdmin):
    """履职台账: the activities per station and per deputy; staff correct entries here."""

    # Excel: the changelist's filtered ledger out (entries are logged by deputies, not imported).
    xlsx_export = staticmethod(exports.activity_export)

    list_display = ["date", "type", "deputy", "venue", "participants", "households"]
    list_filter = [
        district_filter("district"),
        ("type", admin.RelatedOnlyFieldListFilter),
        ("station", admin.RelatedOnlyFieldListFilter),
        ("deputy", admin.RelatedOnlyFieldListFilter),
    ]
    date_hierarchy = "date"
    search_fields = ["deputy__name", "station__name", "place", "summary"]
    list_select_related = ["type", "deputy", "station"]
    fields = list(services.CORRECTABLE_FIELDS)
    autocomplete_fields = ["station"]
    inlines = [ActivityCorrectionInline]

    def has_add_permission(self, request):
        # Deputies log activities on their phones; staff correct them.
        return False

    def save_model(self, request, obj, form, change):
        changes = {name: form.cleaned_data[name] for name in form.changed_data}
        services.activity_correct(obj.pk, actor=request.user, **changes)


@admin.register(AnnualTarget)
class AnnualTargetAdmin(ScopedAdminMixin, admin.ModelAdmin):
    """年度履职清单: what a district asks of each deputy in a year."""

    list_display = ["district", "year", "receptions", "activities", "trainings", "report_required"]
    list_filter = [district_filter("district"), "year"]
    list_select_related = ["district"]
