from django.apps import AppConfig
from django.core.management import call_command
from django.utils.translation import gettext_lazy as _

from notifications.registry import register_periodic, register_sweep


def publish_scheduled():
    """Every minute: the dossiers' and items' scheduled publishes and expiries through the
    one publish path, then Wagtail's own command for the rest (the portal's pages)."""
    from .sharing import publishing  # the models are loaded once the worker runs this

    publishing.publish_scheduled()
    call_command("publish_scheduled", verbosity=0)


class DossiersConfig(AppConfig):
    name = "dossiers"
    verbose_name = _("Dossiers")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        # Django's hook for code that needs the models loaded: the dossiers' emails,
        # signal receivers and the worker's sweeps register here.
        from . import announcements, calendars, emails, services, signals  # noqa: F401
        from .sharing import publishing  # noqa: F401

        register_sweep(services.rescan_pending_deposits)
        register_periodic("publish_scheduled", every=60)(publish_scheduled)
