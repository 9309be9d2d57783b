"""Bench data, beside the demo world: a small client (1 dossier, one item of each kind)
and a large one (50 dossiers of 100 items), made with the test factories.

Run by bench.py with development settings against the bench database; prints the ids
the bench needs as JSON.
"""

import json
import os
import sys

import django

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
django.setup()

from django.core.files.base import ContentFile  # noqa: E402
from django.core.files.storage import storages  # noqa: E402
from django.db import transaction  # noqa: E402

from clients.factories import ClientFactory  # noqa: E402
from clients.models import Client  # noqa: E402
from dossiers.factories import (  # noqa: E402
    ITEM_FACTORIES,
    PDF_BYTES,
    DossierAccessFactory,
    DossierFactory,
)
from dossiers.models import Document, Dossier  # noqa: E402

PASSWORD = "Bench-Client-2026-long-enough"
LUCE = "academy@secib.fr"


def client_with(email, dossiers, items_per_dossier):
    client = ClientFactory(email=email, password=PASSWORD)
    # One real file, shared by every document of the client.
    shared = storages["private"].save("documents/bench.pdf", ContentFile(PDF_BYTES))
    per_kind = items_per_dossier // len(ITEM_FACTORIES)
    for _ in range(dossiers):
        dossier = DossierFactory()
        DossierAccessFactory(dossier=dossier, client=client)
        for relation, factory in ITEM_FACTORIES.items():
            files = {"documents": {"file": shared}, "invoices": {"pdf": ""}}
            items = [
                factory.build(dossier=dossier, **files.get(relation, {})) for _ in range(per_kind)
            ]
            factory._meta.model.objects.bulk_create(items)
    return client


with transaction.atomic():
    Client.objects.filter(email__endswith="@bench.local").delete()
    small = client_with("small@bench.local", 1, 4)
    large = client_with("large@bench.local", 50, 100)

luce_dossier = Dossier.objects.filter(accesses__client__email=LUCE, live=True).order_by("pk")
luce_document = (
    Document.objects.visible_to(Client.objects.get(email=LUCE))
    .exclude(file_size=None)
    .order_by("file_size")
    .first()
)
print(
    json.dumps(
        {
            "password": PASSWORD,
            "luce_dossier": luce_dossier.first().pk,
            "luce_document": luce_document.pk,
            "luce_document_size": luce_document.file_size,
            "small": {"email": small.email, "dossier": small.dossier_accesses.get().dossier_id},
            "large": {
                "email": large.email,
                "dossier": large.dossier_accesses.order_by("dossier_id").first().dossier_id,
            },
        }
    )
)
