"""The inbox's emails: the lawyer told of a deposit or a message, the client of an answer."""

from django.urls import reverse

from common.links import absolute_url
from common.records import admin_url
from notifications.registry import email_kind

from .models import Deposit, Message, Reply
from .services import DEPOSIT_ALERT, MESSAGE_ALERT, MESSAGE_ANSWER


@email_kind(DEPOSIT_ALERT, "dossiers/emails/deposit_alert")
def build_deposit_alert(email):
    deposits = list(
        Deposit.objects.filter(pk__in=email.context.get("deposits", []))
        .select_related("dossier", "client")
        .order_by("pk")
    )
    if not deposits:
        return None
    first = deposits[0]
    clients = {deposit.client_id for deposit in deposits}
    return {
        "deposits": deposits,
        "dossier": first.dossier,
        # Gathered over the quiet period, the files may come from several of its clients.
        "client": first.client if len(clients) == 1 else None,
        "admin_url": absolute_url(admin_url(Deposit, "index")) + f"?dossier={first.dossier_id}",
    }


@email_kind(MESSAGE_ALERT, "dossiers/emails/message_alert")
def build_message_alert(email):
    message = (
        Message.objects.filter(pk=email.context.get("message"))
        .select_related("dossier", "client")
        .first()
    )
    if message is None:
        return None
    return {
        "message": message,
        "admin_url": absolute_url(admin_url(Message, "inspect", message.pk)),
    }


@email_kind(MESSAGE_ANSWER, "dossiers/emails/message_answer")
def build_message_answer(email):
    reply = (
        Reply.objects.filter(pk=email.context.get("reply"))
        .select_related("message__dossier", "message__client", "author")
        .first()
    )
    if reply is None or not reply.message.client.is_active:
        return None
    dossier = reply.message.dossier
    return {
        "reply": reply,
        "message": reply.message,
        "client": reply.message.client,
        "dossier": dossier,
        "dossier_url": absolute_url(reverse("dossiers:dossier", args=[dossier.pk])) + "#messages",
    }
