"""The dossiers app's models, defined in its sub-packages: what a lawyer shares
(``sharing.models``) and what clients send back (``inbox.models``)."""

from .inbox.models import Deposit, Message, Reply
from .sharing.models import (
    ITEM_MODELS,
    Appointment,
    Category,
    DatedItem,
    Document,
    Dossier,
    DossierAccess,
    Invoice,
    ProcedureDate,
    SharedItem,
    TeamAccessSettings,
)

__all__ = [
    "ITEM_MODELS",
    "Appointment",
    "Category",
    "DatedItem",
    "Deposit",
    "Document",
    "Dossier",
    "DossierAccess",
    "Invoice",
    "Message",
    "ProcedureDate",
    "Reply",
    "SharedItem",
    "TeamAccessSettings",
]
