"""What the portal's screens show, computed through the one access gate.

Apps above dossiers add to what a category's items show (a badge, an action such as
« Payer ») through ``item_extension``: dossiers knows nothing of them.
"""

from dataclasses import dataclass, field

from django.urls import reverse

from .models import Category


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


def category_summaries(user, dossier=None):
    """The categories the client has items in (all dossiers, or one), with counts.

    Two queries per category (a count and the newest or next item), whatever the
    number of dossiers and items. A category with nothing to show is left out.
    """
    summaries = []
    for category in Category:
        items = category.model.objects.visible_to(user)
        if dossier is not None:
            items = items.filter(dossier=dossier)
        count = items.count()
        if not count:
            continue
        highlight = items.for_display().select_related("dossier").first()
        if dossier is None:
            url = reverse("dossiers:category", args=[category.value])
        else:
            url = reverse("dossiers:dossier_category", args=[dossier.pk, category.value])
        summaries.append(CategorySummary(category, count, highlight, url))
    return summaries


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
