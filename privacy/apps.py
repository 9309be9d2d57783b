from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from notifications.registry import register_sweep


class PrivacyConfig(AppConfig):
    """What the firm did with a client's data, for the client to see (GDPR art. 15 and 20)."""

    name = "privacy"
    verbose_name = _("Privacy")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        # Django's hook for code that needs the models loaded: the email and the sweep.
        from . import emails, services  # noqa: F401

        register_sweep(services.purge_exports)
