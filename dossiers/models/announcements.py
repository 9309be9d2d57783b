"""What clients are to be told of: the share digest's records (« Le partage de nouveaux
éléments »), a dossiers concern that the generic outbox knows nothing of."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class Announcement(models.Model):
    """A newly shared item that a client is to be told about, once.

    Created when a publish shares the item for the first time, attached to the client's
    pending share digest email; the digest counts the ones still visible when it goes.
    """

    client = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="announcements"
    )
    category = models.CharField(max_length=32)
    item_id = models.BigIntegerField()
    dossier = models.ForeignKey("dossiers.Dossier", on_delete=models.CASCADE, related_name="+")
    email = models.ForeignKey(
        "notifications.OutgoingEmail", on_delete=models.CASCADE, related_name="announcements"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        # The table kept its name when the model moved here from the outbox.
        db_table = "notifications_announcement"
        verbose_name = _("announcement")
        verbose_name_plural = _("announcements")
        constraints = [
            models.UniqueConstraint(
                fields=["client", "category", "item_id"], name="notif_announce_once"
            )
        ]

    def __str__(self):
        return f"{self.category} #{self.item_id} → {self.client_id}"
