from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PortalPagesConfig(AppConfig):
    name = "portal_pages"
    verbose_name = _("Portal pages")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        # Django's hook for code that needs the models loaded (receivers, emails).
        from . import signals  # noqa: F401
