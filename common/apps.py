from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CommonConfig(AppConfig):
    """What several apps share: the back office's menu sections and record listings, links."""

    name = "common"
    verbose_name = _("Common")
    default_auto_field = "django.db.models.BigAutoField"
