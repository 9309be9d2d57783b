"""What one client may send over a rolling window: deposits per 24 hours, messages per hour.

Without them one client could deposit a gigabyte in a few seconds, or send the lawyer
an email a second. The counts come from the database (``Deposit`` and ``Message`` rows),
so a quota holds across processes and servers; ``lock_client`` serialises one client's
requests, so that two deposits sent at once cannot both fit in what remains. The check
and the rows it allows are written in the same transaction (``services.deposit_files``,
``services.send_message``); past a quota nothing is stored and nobody is emailed.

DEPOSIT_DAILY_BYTES, DEPOSIT_DAILY_FILES and MESSAGES_PER_HOUR set them (README, "Settings").
"""

import datetime
from dataclasses import dataclass

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import connection
from django.db.models import BigIntegerField, Count, F, Func, IntegerField, Subquery, Sum
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from common.formats import filesize_fr, time_fr

from .models import Deposit, Message

DEPOSIT_WINDOW = datetime.timedelta(hours=24)
MESSAGE_WINDOW = datetime.timedelta(hours=1)


class QuotaExceeded(Exception):
    """A client's request past their quota, with the French sentence that says so."""


def lock_client(client):
    """Serialise this client's quota-checked writes until the current transaction ends.

    A row lock on the client's user (PostgreSQL): a second request of the same client
    waits here until the first has committed its rows, then counts them. FOR NO KEY
    UPDATE, so that other rows naming the client (audit records, emails) can still be
    written meanwhile. SQLite runs its transactions in IMMEDIATE mode (settings), which
    serialises every writer anyway.
    """
    users = get_user_model().objects.select_for_update(
        no_key=connection.features.has_select_for_no_key_update
    )
    list(users.filter(pk=client.pk).values_list("pk"))


@dataclass(frozen=True)
class DepositAllowance:
    """What a client deposited over the last 24 hours, and what that leaves them."""

    bytes_used: int
    files_used: int

    @property
    def bytes_left(self):
        return max(settings.DEPOSIT_DAILY_BYTES - self.bytes_used, 0)

    @property
    def files_left(self):
        return max(settings.DEPOSIT_DAILY_FILES - self.files_used, 0)

    def refusal(self, size, count):
        """The sentence refusing ``count`` more files of ``size`` bytes, or None if they fit."""
        if count > self.files_left:
            limit = settings.DEPOSIT_DAILY_FILES
            return ngettext(
                "This deposit would exceed the limit of %(limit)s file per 24 hours "
                "(already deposited: %(used)s). Try again later, or contact your interlocutor.",
                "This deposit would exceed the limit of %(limit)s files per 24 hours "
                "(already deposited: %(used)s). Try again later, or contact your interlocutor.",
                limit,
            ) % {"limit": limit, "used": self.files_used}
        if size > self.bytes_left:
            return _(
                "This deposit would exceed the limit of %(limit)s per 24 hours "
                "(already deposited: %(used)s). Try again later, or contact your interlocutor."
            ) % {
                "limit": filesize_fr(settings.DEPOSIT_DAILY_BYTES),
                "used": filesize_fr(self.bytes_used),
            }
        return None

    def check(self, size, count):
        if refusal := self.refusal(size, count):
            raise QuotaExceeded(refusal)


def _recent_deposits(client):
    # Every deposit counts, whatever became of it since (deleted by the antivirus,
    # in a dossier the client has left): the quota is about what was sent.
    return Deposit.objects.filter(
        client_id=client.pk, created_at__gte=timezone.now() - DEPOSIT_WINDOW
    ).order_by()


def deposit_allowance(client):
    totals = _recent_deposits(client).aggregate(
        size=Coalesce(Sum("file_size"), 0), count=Count("pk")
    )
    return DepositAllowance(bytes_used=totals["size"], files_used=totals["count"])


def allowance_annotations(client):
    """The same totals as subqueries, for a page that reads them within another query
    (``allowance_from`` reads them back)."""
    recent = _recent_deposits(client)
    return {
        "_deposited_bytes": Subquery(
            recent.annotate(_sum=Func(F("file_size"), function="SUM")).values("_sum"),
            output_field=BigIntegerField(),
        ),
        "_deposited_files": Subquery(
            recent.annotate(_n=Func(F("pk"), function="COUNT")).values("_n"),
            output_field=IntegerField(),
        ),
    }


def allowance_from(row):
    """The DepositAllowance of a row (a mapping) annotated with ``allowance_annotations``."""
    return DepositAllowance(
        bytes_used=row["_deposited_bytes"] or 0, files_used=row["_deposited_files"] or 0
    )


def message_refusal(client):
    """The sentence refusing one more message from ``client`` this hour, or None."""
    limit = settings.MESSAGES_PER_HOUR
    sent = list(
        Message.objects.filter(client_id=client.pk, created_at__gte=timezone.now() - MESSAGE_WINDOW)
        .order_by("created_at")
        .values_list("created_at", flat=True)
    )
    if len(sent) < limit:
        return None
    # Room for one more once enough of these are more than an hour old.
    allowed_again = sent[len(sent) - limit] + MESSAGE_WINDOW
    return ngettext(
        "You have already sent %(count)s message in the last hour, the most allowed. "
        "Your message was not sent; you can send it from %(time)s.",
        "You have already sent %(count)s messages in the last hour, the most allowed. "
        "Your message was not sent; you can send it from %(time)s.",
        len(sent),
    ) % {"count": len(sent), "time": time_fr(allowed_again)}


def check_message(client):
    if refusal := message_refusal(client):
        raise QuotaExceeded(refusal)
