from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DossiersConfig(AppConfig):
    name = "dossiers"
    verbose_name = _("Dossiers")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        # Registering the dossiers' emails, signal receivers and the worker's sweep needs
        # the models loaded: this is the app registry's hook for it.
        from notifications.registry import register_sweep

        from . import announcements, emails, services, signals  # noqa: F401

        register_sweep(services.rescan_pending_deposits)
        register_sweep(services.announce_forgotten_publications)
