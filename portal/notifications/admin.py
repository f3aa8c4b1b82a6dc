"""Admin: notifications and deliveries, read-only and scoped; failed ones can be sent again."""

from __future__ import annotations

from django.contrib import admin, messages
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from portal.admin import ScopedAdminMixin, district_filter
from portal.notifications import services
from portal.notifications.models import Delivery, Notification


class ReadOnlyMixin:
    """These rows are written by the services only."""

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj=None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj=None) -> bool:
        return request.user.is_superuser


class DeliveryInline(admin.TabularInline):
    model = Delivery
    extra = 0
    can_delete = False
    fields = ["channel", "recipient", "status", "attempts", "last_error", "sent_at"]
    readonly_fields = fields

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(Notification)
class NotificationAdmin(ScopedAdminMixin, ReadOnlyMixin, admin.ModelAdmin):
    list_display = ["created_at", "title", "user", "kind", "district", "read_at"]
    list_filter = ["kind", district_filter("district")]
    search_fields = ["title", "user__username"]
    date_hierarchy = "created_at"
    list_select_related = ["user", "district"]
    fields = ["created_at", "user", "kind", "title", "body", "shown_link", "district", "read_at"]
    readonly_fields = fields
    inlines = [DeliveryInline]

    @admin.display(description=_("link"))
    def shown_link(self, obj: Notification) -> str:
        # A citizen's link carries their issue's secret token: it is for the citizen only.
        return obj.link if obj.user_id else "-"


@admin.register(Delivery)
class DeliveryAdmin(ScopedAdminMixin, ReadOnlyMixin, admin.ModelAdmin):
    """Every attempt to send: filter by status to find what failed, and send it again."""

    list_display = [
        "updated_at",
        "channel",
        "recipient",
        "status",
        "attempts",
        "short_error",
        "notification",
    ]
    list_filter = ["status", "channel", district_filter("notification__district")]
    date_hierarchy = "created_at"
    list_select_related = ["notification"]
    search_fields = ["notification__title", "recipient"]
    fields = [
        "notification",
        "channel",
        "recipient",
        "status",
        "attempts",
        "last_error",
        "next_attempt_at",
        "created_at",
        "updated_at",
        "sent_at",
    ]
    readonly_fields = fields
    actions = ["send_again"]

    @admin.display(description=_("last error"))
    def short_error(self, obj: Delivery) -> str:
        return obj.last_error[:80]

    @admin.action(description=_("Send the selected failed messages again"), permissions=["retry"])
    def send_again(self, request: HttpRequest, queryset: QuerySet[Delivery]) -> None:
        count = sum(services.delivery_retry(pk) for pk in queryset.values_list("pk", flat=True))
        self.message_user(
            request,
            ngettext(
                "%(count)d message will be sent again.",
                "%(count)d messages will be sent again.",
                count,
            )
            % {"count": count},
            messages.SUCCESS,
        )

    def has_retry_permission(self, request: HttpRequest) -> bool:
        return request.user.has_perm("notifications.change_delivery")
