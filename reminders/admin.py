"""Admin: each district's reminder rules (district staff edit only theirs), and sent reminders."""

from __future__ import annotations

from django.contrib import admin
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from portal.admin import ScopedAdminMixin, district_filter
from reminders.models import Reminder, ReminderPolicy


@admin.register(ReminderPolicy)
class ReminderPolicyAdmin(ScopedAdminMixin, admin.ModelAdmin):
    list_display = [
        "district",
        "due_soon_hours",
        "escalate_level1_days",
        "escalate_level2_days",
        "digest_hour",
        "duty_reminder_hour",
        "send_email",
        "post_to_group_chat",
    ]
    list_select_related = ["district"]
    fieldsets = [
        (None, {"fields": ["district"]}),
        (
            _("Deadlines and supervision (挂号销号, 督办)"),
            {"fields": ["due_soon_hours", "escalate_level1_days", "escalate_level2_days"]},
        ),
        (
            None,
            {
                "fields": [
                    "digest_hour",
                    "duty_reminder_hour",
                    "send_email",
                    "post_to_group_chat",
                    "sms_to_citizens",
                    "sms_to_deputies",
                ]
            },
        ),
    ]

    def get_readonly_fields(self, request: HttpRequest, obj=None):
        # The district a set of rules belongs to is fixed once saved.
        return ["district"] if obj is not None else []


@admin.register(Reminder)
class ReminderAdmin(ScopedAdminMixin, admin.ModelAdmin):
    """What the sweep has sent: read-only, for checking that a reminder went out."""

    list_display = [
        "created_at",
        "kind",
        "level",
        "issue",
        "duty_shift",
        "occasion",
        "notifications",
    ]
    list_filter = ["kind", "level", district_filter("district")]
    search_fields = ["issue__tracking_number"]
    date_hierarchy = "created_at"
    list_select_related = ["issue", "duty_shift__station", "duty_shift__deputy", "district"]
    raw_id_fields = ["issue", "duty_shift"]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj=None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj=None) -> bool:
        return request.user.is_superuser
