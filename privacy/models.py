"""« Télécharger mes données »: a client's copy of what the firm holds about them."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from dossiers.files import PrivateFileField, PrivateFilesMixin


class DataExport(PrivateFilesMixin, models.Model):
    class Status(models.TextChoices):
        PREPARING = "preparing", _("Being prepared")
        READY = "ready", _("Ready")
        DOWNLOADED = "downloaded", _("Downloaded")
        EXPIRED = "expired", _("Expired")

    client = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("client"),
        on_delete=models.CASCADE,
        related_name="data_exports",
    )
    status = models.CharField(
        _("status"), max_length=16, choices=Status.choices, default=Status.PREPARING
    )
    requested_at = models.DateTimeField(_("requested at"), auto_now_add=True)
    ready_at = models.DateTimeField(_("ready at"), null=True, blank=True)
    expires_at = models.DateTimeField(_("link valid until"), null=True, blank=True)
    downloaded_at = models.DateTimeField(_("downloaded at"), null=True, blank=True)
    file = PrivateFileField(
        _("file"), folder="exports", original_name_field="filename", size_field="size", blank=True
    )
    filename = models.CharField(_("file name"), max_length=255, blank=True)
    size = models.PositiveBigIntegerField(_("size"), null=True, blank=True)

    class Meta:
        verbose_name = _("data export")
        verbose_name_plural = _("data exports")
        ordering = ["-requested_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["client"],
                condition=models.Q(status="preparing"),
                name="privacy_one_export_in_preparation",
            )
        ]

    def __str__(self):
        return (
            f"{self.client} ({self.requested_at:%d/%m/%Y})"
            if self.requested_at
            else str(self.client)
        )
