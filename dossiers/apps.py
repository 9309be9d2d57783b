from django.apps import AppConfig
from django.core.management import call_command
from django.utils.translation import gettext_lazy as _

from notifications.registry import register_periodic, register_sweep


def publish_scheduled():
    """Every minute: the dossiers' and items' scheduled publishes and expiries through the
    one publish path, then Wagtail's own command for the rest (the portal's pages)."""
    # The models are loaded by the time the worker runs this (not when apps.py is read).
    from .sharing import routes

    routes.publish_scheduled()
    call_command("publish_scheduled", verbosity=0)


class DossiersConfig(AppConfig):
    """Dossiers: what a lawyer shares (``sharing``), what clients send (``inbox``), the
    client's screens (``portal``) and the lawyers' (``backoffice``), in one app."""

    name = "dossiers"
    verbose_name = _("Dossiers")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        # Django's hook for code that needs the models loaded: the emails, the signal
        # receivers, the worker's sweeps and periodic jobs register here.
        from .backoffice import scopes
        from .inbox import emails as inbox_emails  # noqa: F401
        from .inbox import services  # noqa: F401
        from .inbox import signals as inbox_signals  # noqa: F401
        from .sharing import announcements, routes  # noqa: F401
        from .sharing import emails as sharing_emails  # noqa: F401
        from .sharing import signals as sharing_signals  # noqa: F401

        scopes.register()
        register_sweep(services.rescan_pending_deposits)
        register_periodic("publish_scheduled", every=60)(publish_scheduled)
