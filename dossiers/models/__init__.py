"""Dossiers: what a lawyer shares (``shared``) and what clients send back (``inbox``)."""

from .inbox import Deposit, Message, Reply
from .shared import (
    ITEM_MODELS,
    Appointment,
    Category,
    Document,
    Dossier,
    DossierAccess,
    Invoice,
    ProcedureDate,
    SharedItem,
)

__all__ = [
    "ITEM_MODELS",
    "Appointment",
    "Category",
    "Deposit",
    "Document",
    "Dossier",
    "DossierAccess",
    "Invoice",
    "Message",
    "ProcedureDate",
    "Reply",
    "SharedItem",
]
