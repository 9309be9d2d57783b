from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from notifications.registry import register_sweep


class DossiersConfig(AppConfig):
    name = "dossiers"
    verbose_name = _("Dossiers")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        # Django's hook for code that needs the models loaded: the dossiers' emails,
        # signal receivers and the worker's sweeps register here.
        from . import announcements, emails, services, signals  # noqa: F401

        register_sweep(services.rescan_pending_deposits)
