from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PaymentsConfig(AppConfig):
    """Online invoice payment (Stripe Checkout): a concern of its own, with its webhook."""

    name = "payments"
    verbose_name = _("Payments")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        # Registering emails, receivers and portal extensions needs the models loaded.
        from notifications.registry import register_periodic

        from . import emails, portal, services, signals  # noqa: F401

        register_periodic("reconcile_payments", every=3600)(services.reconcile_if_enabled)
        # A payment is seen by those who see its dossier (dossiers/backoffice/scopes.py).
        from common import scopes
        from dossiers.backoffice.scopes import through_dossier

        from .models import Payment

        scopes.register(Payment, through_dossier("dossier"))
        scopes.register_route("payments_admin:review", "payments.Payment")
