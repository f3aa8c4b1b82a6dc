from django.apps import AppConfig
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
