"""What the portal's screens show, computed through the one access gate."""

from dataclasses import dataclass

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
