"""A shared date that moved or was cancelled: the client's essential email."""

from django.urls import reverse

from common.links import absolute_url
from notifications.registry import email_kind

from .calendars import DATE_CHANGED
from .models import Category


@email_kind(DATE_CHANGED, "dossiers/emails/date_changed")
def build_date_changed(email):
    """Built when it goes: the date as it stands then (a later change is in it too)."""
    client = email.user
    category = Category(email.context["category"])
    item = (
        category.model.objects.visible_to(client)
        .filter(pk=email.context.get("item"))
        .select_related("dossier")
        .first()
    )
    if item is None:
        return None
    return {
        "client": client,
        "item": item,
        "dossier": item.dossier,
        "url": absolute_url(
            reverse("dossiers:dossier_category", args=[item.dossier_id, category.value])
        ),
    }
