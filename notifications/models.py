"""The outbox: every email the product sends, recorded in the transaction that causes it.

A row holds what to send (a kind and JSON context of ids, never a secret such as a reset
token or a password) and where it stands. The worker renders and sends it later
(notifications.delivery.deliver), retries it with backoff when the provider fails, and
keeps the last error visible to the firm.
"""

import uuid

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


def new_message_id():
    return f"<{uuid.uuid4().hex}@mon-espace-client>"


class OutgoingEmailQuerySet(models.QuerySet):
    def due(self, now=None):
        return self.filter(
            status=OutgoingEmail.Status.QUEUED, send_after__lte=now or timezone.now()
        )

    def failing(self):
        """Given up, or queued again after FAILING_ATTEMPTS tries or more: for the firm to see."""
        return self.filter(
            models.Q(status=OutgoingEmail.Status.FAILED)
            | models.Q(
                status=OutgoingEmail.Status.QUEUED, attempts__gte=OutgoingEmail.FAILING_ATTEMPTS
            )
        )


class OutgoingEmail(models.Model):
    class Status(models.TextChoices):
        QUEUED = "queued", _("Queued")
        SENDING = "sending", _("Sending")
        SENT = "sent", _("Sent")
        FAILED = "failed", _("Failed")
        CANCELLED = "cancelled", _("Nothing to send")

    # From this many failed tries, an email still retried "keeps failing" (the home page).
    FAILING_ATTEMPTS = 3

    kind = models.CharField(_("kind"), max_length=64)
    recipient = models.EmailField(_("recipient"))
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    context = models.JSONField(_("context"), default=dict, blank=True)
    subject = models.CharField(_("subject"), max_length=255, blank=True)
    status = models.CharField(
        _("status"), max_length=16, choices=Status.choices, default=Status.QUEUED
    )
    attempts = models.PositiveIntegerField(_("attempts"), default=0)
    send_after = models.DateTimeField(_("next attempt"), default=timezone.now)
    claimed_at = models.DateTimeField(_("claimed at"), null=True, blank=True)
    # When a worker first took it: what an email built from "what happened until it went"
    # (the share digest) reads, so that a retry tells the same.
    first_attempted_at = models.DateTimeField(_("first attempted at"), null=True, blank=True)
    claimed_by = models.CharField(_("claimed by"), max_length=64, blank=True)
    last_error = models.TextField(_("last error"), blank=True)
    message_id = models.CharField(
        _("message id"), max_length=100, unique=True, default=new_message_id, editable=False
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    sent_at = models.DateTimeField(_("sent at"), null=True, blank=True)

    objects = OutgoingEmailQuerySet.as_manager()

    class Meta:
        verbose_name = _("email")
        verbose_name_plural = _("emails")
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["status", "send_after"], name="notif_email_due_idx")]

    def __str__(self):
        return f"{self.subject or self.kind} → {self.recipient}"
