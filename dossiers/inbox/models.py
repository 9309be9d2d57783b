"""What clients send to the firm: deposited files and messages, with the lawyer's answers.

Unlike shared items these are not part of the dossier's revisions: a client's deposit
or message exists from the moment it is sent, and only its author (and the firm) sees
it. ``for_client`` is the one gate on the portal's side.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from ..files import PrivateFileField, PrivateFilesMixin
from ..sharing.models.dossiers import signed_in


class ClientOwnedQuerySet(models.QuerySet):
    def for_client(self, user):
        """What ``user`` sent, in dossiers they still belong to (and that are live)."""
        if not signed_in(user):
            return self.none()
        return self.filter(
            client_id=user.pk, dossier__live=True, dossier__accesses__client_id=user.pk
        )


class Deposit(PrivateFilesMixin, models.Model):
    """A file a client deposited in one of their dossiers (« Le dépôt de documents »).

    Where an antivirus is configured, a file is served only once scanned clean.
    """

    class Scan(models.TextChoices):
        NOT_SCANNED = "not_scanned", _("No antivirus configured")
        PENDING = "pending", _("Waiting for the antivirus")
        CLEAN = "clean", _("Clean")
        INFECTED = "infected", _("Infected (deleted)")

    AVAILABLE = (Scan.NOT_SCANNED, Scan.CLEAN)

    dossier = models.ForeignKey(
        "dossiers.Dossier",
        verbose_name=_("dossier"),
        on_delete=models.CASCADE,
        related_name="deposits",
    )
    client = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("client"),
        on_delete=models.CASCADE,
        related_name="deposits",
    )
    file = PrivateFileField(
        _("file"), folder="depots", original_name_field="filename", size_field="file_size"
    )
    filename = models.CharField(_("file name"), max_length=255)
    file_size = models.PositiveBigIntegerField(_("size"), null=True)
    content_type = models.CharField(_("type"), max_length=120)
    created_at = models.DateTimeField(_("deposited at"), auto_now_add=True, db_index=True)
    scan_status = models.CharField(
        _("antivirus"), max_length=16, choices=Scan.choices, default=Scan.NOT_SCANNED
    )
    added_to_draft_at = models.DateTimeField(
        _("added to the dossier's draft at"),
        null=True,
        blank=True,
        help_text=_("When a lawyer turned it into a document to share."),
    )

    objects = ClientOwnedQuerySet.as_manager()

    class Meta:
        verbose_name = _("deposit")
        verbose_name_plural = _("deposits")
        ordering = ["-created_at", "-pk"]

    def __str__(self):
        return self.filename

    @property
    def is_available(self):
        return self.scan_status in self.AVAILABLE


class Message(models.Model):
    """A message to the dossier's interlocutor (« Contacter l'interlocuteur »)."""

    dossier = models.ForeignKey(
        "dossiers.Dossier",
        verbose_name=_("dossier"),
        on_delete=models.CASCADE,
        related_name="messages",
    )
    client = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("client"),
        on_delete=models.CASCADE,
        related_name="messages_sent",
    )
    subject = models.CharField(_("subject"), max_length=200)
    body = models.TextField(_("message"), max_length=10000)
    created_at = models.DateTimeField(_("sent at"), auto_now_add=True, db_index=True)
    handled_at = models.DateTimeField(_("handled at"), null=True, blank=True)
    handled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("handled by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    objects = ClientOwnedQuerySet.as_manager()

    class Meta:
        verbose_name = _("message")
        verbose_name_plural = _("messages")
        ordering = ["-created_at", "-pk"]

    def __str__(self):
        return self.subject

    @property
    def is_handled(self):
        return self.handled_at is not None


class Reply(models.Model):
    """The lawyer's answer to a message, emailed to the client and shown in the portal."""

    message = models.ForeignKey(
        Message, verbose_name=_("message"), on_delete=models.CASCADE, related_name="replies"
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("author"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    body = models.TextField(_("answer"), max_length=10000)
    created_at = models.DateTimeField(_("answered at"), auto_now_add=True)

    class Meta:
        verbose_name = _("answer")
        verbose_name_plural = _("answers")
        ordering = ["created_at", "pk"]

    def __str__(self):
        return f"Re: {self.message}"
