"""The reminders app; after migrate it makes sure its periodic tasks exist."""

from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


class RemindersConfig(AppConfig):
    name = "reminders"
    verbose_name = _("Reminders and supervision")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from reminders.schedules import ensure_schedules_after_migrate

        post_migrate.connect(ensure_schedules_after_migrate, sender=self)
