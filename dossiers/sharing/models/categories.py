"""The four kinds of shared items, and which model holds each."""

from django.db import models
from django.utils.translation import gettext_lazy as _

# Category -> item model, in the categories' order: filled by ``sharing.models`` once every
# model is defined (the models name their category, so this cannot be written first).
ITEM_MODELS = {}


class Category(models.TextChoices):
    """The four kinds of shared items; the values are the portal's URL slugs.

    Everything else about a category is its item model's (ITEM_MODELS): the dossier's
    relation to its items, which is also the name of the access field that grants it,
    how items are counted, the back office's panels.
    """

    DOCUMENTS = "documents", _("Documents")
    APPOINTMENTS = "rendez-vous", _("Appointments")
    PROCEDURE_DATES = "dates-de-procedure", _("Procedure dates")
    INVOICES = "factures", _("Invoices")

    @property
    def model(self):
        return ITEM_MODELS[self]

    def count_label(self, count):
        """ "3 documents", "1 rendez-vous": how emails and pages count items."""
        return self.model.count_label(count)

    @property
    def access_field(self):
        """The DossierAccess field that grants this category: the relation's name."""
        return self.model.dossier_relation
