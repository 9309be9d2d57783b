from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SecurityConfig(AppConfig):
    """What protects every screen: throttling, sessions, headers, the audit trail, antivirus."""

    name = "security"
    verbose_name = _("Security")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        # Django's hook for code that needs the models loaded (receivers, emails).
        from . import signals  # noqa: F401
