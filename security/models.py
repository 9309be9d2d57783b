"""What the security app keeps in the database: the rate limits' counters without Redis."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class RateCounter(models.Model):
    """One rate limit's counter (``counters.CounterCache``): hits in a window, until it ends."""

    key = models.CharField(_("key"), max_length=255, unique=True)
    count = models.BigIntegerField(_("count"), default=0)
    expires = models.DateTimeField(_("expires"), db_index=True)

    class Meta:
        verbose_name = _("rate counter")
        verbose_name_plural = _("rate counters")

    def __str__(self):
        return f"{self.key}: {self.count}"
