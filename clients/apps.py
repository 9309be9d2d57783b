from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ClientsConfig(AppConfig):
    name = "clients"
    verbose_name = _("Clients")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        # Django's hook for code that needs the models loaded (receivers, emails).
        from . import emails, signals  # noqa: F401
