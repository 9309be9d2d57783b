"""What the portal's screens show, computed through the one access gate.

Apps above dossiers add to what a category's items show (a badge, an action such as
« Payer ») through ``item_extension``: dossiers knows nothing of them.
"""

import datetime
from dataclasses import dataclass, field
from decimal import Decimal

from django.db import models
from django.db.models import F, Func, IntegerField, Subquery
from django.db.models.functions import JSONObject
from django.urls import reverse
from django.utils import timezone

from clients.models import User
from portal_pages.cache import MISSING, read, write

from ..sharing.models import Category, Dossier


@dataclass
class CategorySummary:
    category: Category
    count: int
    highlight: object
    url: str

    @property
    def label(self):
        return self.category.label

    @property
    def count_label(self):
        return self.category.count_label(self.count)


@dataclass
class DossierLine:
    """A dossier as the lists show it (Accueil, « Mes dossiers »), from plain values."""

    pk: int
    name: str
    interlocutor: str
    status: str
    url: str

    def __str__(self):
        return self.name

    @property
    def choice(self):
        """The deposit form's choice: ``(pk, label)``, labelled as the Dossier field does."""
        return (self.pk, f"{self.name} ({self.interlocutor})")


URL_MARK = 987654321


def dossier_lines(dossiers):
    """``DossierLine``s of a queryset of dossiers, in one query of plain values (model
    instances of dossiers, modelcluster's, are slow to build: a client may have fifty)."""
    statuses = dict(Dossier.Status.choices)
    rows = dossiers.values_list(
        "pk",
        "reference",
        "short_name",
        "status",
        "interlocutor__first_name",
        "interlocutor__last_name",
    )
    # The dossiers' address from one reverse() (one per line costs more than the line).
    url = reverse("dossiers:dossier", args=[URL_MARK]).replace(str(URL_MARK), "{}")
    return [
        DossierLine(
            pk,
            Dossier.label(ref, short),
            User.name_of(first, last),
            statuses[status],
            url.format(pk),
        )
        for pk, ref, short, status, first, last in rows
    ]


# What a category's card shows of its newest (or next) item.
HIGHLIGHT_FIELDS = {
    Category.DOCUMENTS: ("title", "date"),
    Category.APPOINTMENTS: ("subject", "starts_at"),
    Category.PROCEDURE_DATES: ("kind", "date", "time"),
    Category.INVOICES: ("number", "amount"),
}


def summary_annotations(user, dossier=None):
    """Each category's count and highlighted item, as subqueries of one query.

    ``dossier`` (a dossier, an id or ``OuterRef("pk")``) limits them to one dossier. The
    highlighted item's fields come back as one JSON object per category, so that the
    four categories cost one query, not two each; ``category_summaries`` reads them.
    """
    annotations = {}
    for category in Category:
        items = category.model.objects.visible_to(user)
        if dossier is not None:
            items = items.filter(dossier=dossier)
        counted = items.order_by().annotate(_n=Func(F("pk"), function="COUNT")).values("_n")
        fields = {name: F(name) for name in ("id", *HIGHLIGHT_FIELDS[category])}
        newest = items.for_display().values(_item=JSONObject(**fields))[:1]
        annotations[f"_count_{category.name}"] = Subquery(counted, output_field=IntegerField())
        annotations[f"_highlight_{category.name}"] = Subquery(newest)
    return annotations


def category_summaries(row, dossier=None):
    """The categories the client has items in (all dossiers, or ``dossier``), with counts,
    from ``row`` (a mapping) annotated with ``summary_annotations``.

    A category with nothing to show is left out.
    """
    summaries = []
    for category in Category:
        count = row[f"_count_{category.name}"] or 0
        if not count:
            continue
        highlight = _item_from_json(category.model, row[f"_highlight_{category.name}"] or {})
        if dossier is None:
            url = reverse("dossiers:category", args=[category.value])
        else:
            url = reverse("dossiers:dossier_category", args=[dossier.pk, category.value])
        summaries.append(CategorySummary(category, count, highlight, url))
    return summaries


class Summaries:
    """The category cards of ``user`` (all dossiers, or ``dossier_id``), from the cache.

    On a miss, ``annotations()`` are the subqueries to add to the page's own query and
    ``from_row()`` reads them back and caches the cards. They are dropped whenever a
    dossier, an access or an item is saved or deleted (``signals.py``), and kept a
    minute at most, since the next rendez-vous changes with the clock.
    """

    TIMEOUT = 60

    def __init__(self, user, dossier_id=None):
        self.user = user
        self.name = f"summaries:{user.pk}:{dossier_id or 'all'}"
        self.value, self.stamp = read(self.name)

    def annotations(self, dossier=None):
        return summary_annotations(self.user, dossier) if self.value is MISSING else {}

    def from_row(self, row, dossier=None):
        if self.value is MISSING:
            self.value = category_summaries(row, dossier)
            write(self.name, self.value, self.stamp, self.TIMEOUT)
        return self.value


def _item_from_json(model, data):
    """An unsaved instance of ``model`` with the fields JSON carried (as text or numbers)."""
    values = {}
    for name, value in data.items():
        model_field = model._meta.get_field(name)
        if value is not None:
            if isinstance(model_field, models.DecimalField):
                places = Decimal(1).scaleb(-model_field.decimal_places)
                value = Decimal(str(value)).quantize(places)
            else:
                value = model_field.to_python(value)
            if isinstance(value, datetime.datetime) and timezone.is_naive(value):
                value = timezone.make_aware(value, datetime.UTC)  # SQLite's, stored in UTC
        values[model_field.attname] = value
    return model(**values)


def category_from_slug(slug):
    try:
        return Category(slug)
    except ValueError:
        return None


@dataclass
class ItemAction:
    """A button on an item's row: a link, or a form posted to ``url``."""

    label: str
    url: str
    post: bool = False
    hidden_label: str = ""


@dataclass
class ItemDecoration:
    """What extensions add to an item's row: a badge that replaces its own status, actions."""

    badge: str = ""
    badge_style: str = ""
    badge_detail: str = ""
    actions: list = field(default_factory=list)


_EXTENSIONS = {}


def item_extension(category):
    """Register ``function(items)``, which decorates a page of ``category``'s items."""

    def register(function):
        _EXTENSIONS.setdefault(category, []).append(function)
        return function

    return register


def decorate(category, items):
    """Give each item its ``portal`` decoration, filled by the registered extensions."""
    items = list(items)
    for item in items:
        item.portal = ItemDecoration()
    for extension in _EXTENSIONS.get(category, []):
        extension(items)
    return items
