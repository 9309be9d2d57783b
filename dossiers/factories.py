import datetime
from decimal import Decimal

import factory
from django.core.files.base import ContentFile
from django.utils import timezone
from factory.django import DjangoModelFactory

from clients.factories import LawyerFactory
from portal_pages.cache import invalidate

from .models import Appointment, Document, Dossier, DossierAccess, Invoice, ProcedureDate

PDF_BYTES = b"%PDF-1.4\n1 0 obj << >> endobj\ntrailer << >>\n%%EOF\n"


class DossierFactory(DjangoModelFactory):
    """A live dossier written straight to the tables (as a publish would leave it)."""

    class Meta:
        model = Dossier

    reference = factory.Sequence(lambda n: f"2026TEST/{n:04d}")
    short_name = factory.Sequence(lambda n: f"DOS{n}")
    interlocutor = factory.SubFactory(LawyerFactory)
    live = True


class DossierAccessFactory(DjangoModelFactory):
    class Meta:
        model = DossierAccess

    dossier = factory.SubFactory(DossierFactory)


class SharedItemFactory(DjangoModelFactory):
    """A shared item as a publish leaves it: live, and its clients told."""

    dossier = factory.SubFactory(DossierFactory)
    live = True
    first_published_at = factory.LazyFunction(timezone.now)
    shared_at = factory.LazyAttribute(lambda o: o.first_published_at)

    @classmethod
    def _create(cls, model_class, *args, **kwargs):
        item = super()._create(model_class, *args, **kwargs)
        # Written straight to the table, not published: the clients' cached pages, which
        # only a publish drops for items, are dropped here.
        invalidate()
        return item


class DocumentFactory(SharedItemFactory):
    class Meta:
        model = Document

    title = factory.Sequence(lambda n: f"Pièce n°{n}")
    file = factory.LazyAttribute(lambda o: ContentFile(PDF_BYTES, name=f"{o.title}.pdf"))


class AppointmentFactory(SharedItemFactory):
    class Meta:
        model = Appointment

    subject = factory.Sequence(lambda n: f"Rendez-vous {n}")
    starts_at = factory.LazyFunction(lambda: timezone.now() + datetime.timedelta(days=3))
    location = "Cabinet"


class ProcedureDateFactory(SharedItemFactory):
    class Meta:
        model = ProcedureDate

    date = factory.LazyFunction(lambda: timezone.localdate() + datetime.timedelta(days=20))
    jurisdiction = "Tribunal judiciaire de Paris"


class InvoiceFactory(SharedItemFactory):
    class Meta:
        model = Invoice

    number = factory.Sequence(lambda n: f"FT-{n:05d}")
    amount = Decimal("1250.00")
    pdf = factory.LazyAttribute(lambda o: ContentFile(PDF_BYTES, name=f"Facture {o.number}.pdf"))


ITEM_FACTORIES = {
    "documents": DocumentFactory,
    "appointments": AppointmentFactory,
    "procedure_dates": ProcedureDateFactory,
    "invoices": InvoiceFactory,
}


def shared_dossier(*clients, items=None, **access):
    """A live dossier shared with ``clients``, holding ``items`` ({relation: count})."""
    dossier = DossierFactory()
    for client in clients:
        DossierAccessFactory(dossier=dossier, client=client, **access)
    for relation, count in (items or {}).items():
        ITEM_FACTORIES[relation].create_batch(count, dossier=dossier)
    return dossier
