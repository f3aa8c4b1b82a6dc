from django.apps import AppConfig
from django.contrib.admin import apps as admin_apps
from django.utils.translation import gettext_lazy as _


class PortalConfig(AppConfig):
    name = "portal"
    verbose_name = _("Areas and accounts")

    def ready(self) -> None:
        from django.urls import register_converter

        from portal.choices import connect_signals
        from portal.params import IdConverter

        connect_signals()
        # Before any URLconf is imported: their routes name ids `<id:pk>`.
        register_converter(IdConverter, "id")


class PortalAdminConfig(admin_apps.AdminConfig):
    """Django's admin on our site class (portal/admin_site.py): no admin list or form answers
    500 to a query string."""

    default = False  # portal.apps's default is PortalConfig; settings name this one
    default_site = "portal.admin_site.PortalAdminSite"
