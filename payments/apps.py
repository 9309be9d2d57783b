from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PaymentsConfig(AppConfig):
    """Online invoice payment (Stripe Checkout): a concern of its own, with its webhook."""

    name = "payments"
    verbose_name = _("Payments")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        # Registering emails, receivers and portal extensions needs the models loaded.
        from . import emails, portal, signals  # noqa: F401
