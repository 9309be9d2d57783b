"""Dossiers and what a lawyer shares in them (the app's models: ``dossiers.models``)."""

from .categories import ITEM_MODELS, Category
from .dates import Appointment, DatedItem, ProcedureDate
from .dossiers import Dossier, DossierAccess, TeamAccessSettings
from .items import Document, Invoice, SharedItem

ITEM_MODELS.update(
    {model.category: model for model in (Document, Appointment, ProcedureDate, Invoice)}
)

__all__ = [
    "ITEM_MODELS",
    "Appointment",
    "Category",
    "DatedItem",
    "Document",
    "Dossier",
    "DossierAccess",
    "Invoice",
    "ProcedureDate",
    "SharedItem",
    "TeamAccessSettings",
]
