from django.apps import AppConfig
from django.db import models
from django.utils.translation import gettext_lazy as _


class CommonConfig(AppConfig):
    """What several apps share: the back office's menu sections and record listings, links."""

    name = "common"
    verbose_name = _("Common")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        # Every Wagtail form of the back office reads amounts and dates the French way
        # (common.forms); these replace Wagtail's own overrides for the same fields.
        # Wagtail's admin modules need the app registry ready: imported here.
        from wagtail.admin.forms.models import register_form_field_override

        from . import forms

        register_form_field_override(
            models.DecimalField, override={"form_class": forms.FrenchDecimalField}
        )
        register_form_field_override(models.DateField, override={"widget": forms.FrenchDateInput})
        register_form_field_override(
            models.DateTimeField, override={"widget": forms.FrenchDateTimeInput}
        )
        register_form_field_override(models.TimeField, override={"widget": forms.FrenchTimeInput})
