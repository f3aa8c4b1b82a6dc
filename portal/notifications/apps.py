"""The notifications app (a package of `portal`, with its own label and migrations)."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NotificationsConfig(AppConfig):
    name = "portal.notifications"
    label = "notifications"
    verbose_name = _("Notifications")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from django.db.models.signals import post_delete, post_save

        from portal.notifications.models import Notification
        from portal.notifications.selectors import badge_changed

        post_save.connect(badge_changed, sender=Notification, dispatch_uid="inbox-badge-save")
        post_delete.connect(badge_changed, sender=Notification, dispatch_uid="inbox-badge-delete")
