"""Panels of the dossier's and an item's screens: what clients see, and the ways to each
listing of a dossier's items."""

from django.db.models import Count, Q
from django.urls import reverse
from django.utils.http import urlencode
from wagtail.admin.panels import Panel

from common.wording import phrase

from ..sharing.models import ITEM_MODELS, Category, Dossier


def dossier_items_url(dossier, category, **params):
    """The listing of ``dossier``'s items of ``category`` (with filters, if any)."""
    url = reverse(f"wagtailsnippets_dossiers_{category.model._meta.model_name}:list")
    return f"{url}?{urlencode({'dossier': dossier.pk, **params})}"


class SharingStatusPanel(Panel):
    """At the top of a dossier or an item: what its clients see, said plainly."""

    class BoundPanel(Panel.BoundPanel):
        template_name = "dossiers/admin/sharing_status_panel.html"

        def get_context_data(self, parent_context=None):
            context = super().get_context_data(parent_context)
            obj = self.instance
            if not obj.pk or not obj.live:
                context["state"] = "draft"
            elif obj.has_unpublished_changes:
                context["state"] = "changed"
            else:
                context["state"] = "live"
            is_item = not isinstance(obj, Dossier)
            dossier = obj.dossier if is_item and getattr(obj, "dossier_id", None) else None
            context.update(
                object=obj,
                is_item=is_item,
                dossier_draft=dossier is not None and not dossier.live,
            )
            return context


class ItemsPanel(Panel):
    """On the dossier's screen: its items per category, with what clients see of them,
    and the ways to each listing. A constant number of queries (one per category)."""

    class BoundPanel(Panel.BoundPanel):
        template_name = "dossiers/admin/items_panel.html"

        def is_shown(self):
            return bool(self.instance.pk)

        def get_context_data(self, parent_context=None):
            context = super().get_context_data(parent_context)
            dossier = self.instance
            rows = []
            for category, model in ITEM_MODELS.items():
                counts = model.objects.filter(dossier=dossier).aggregate(
                    total=Count("pk"),
                    shared=Count("pk", filter=Q(live=True)),
                    draft=Count("pk", filter=Q(live=False)),
                    changed=Count("pk", filter=Q(live=True, has_unpublished_changes=True)),
                )
                add_url = reverse(f"wagtailsnippets_dossiers_{model._meta.model_name}:add")
                rows.append(
                    {
                        "category": category,
                        "counts": counts,
                        "url": dossier_items_url(dossier, category),
                        "draft_url": dossier_items_url(dossier, category, state="draft"),
                        "changed_url": dossier_items_url(dossier, category, state="changed"),
                        "add_url": f"{add_url}?{urlencode({'dossier': dossier.pk})}",
                        "add_label": phrase("add", model),
                        "upload_url": reverse("dossiers_admin:documents_upload", args=[dossier.pk])
                        if category == Category.DOCUMENTS
                        else "",
                    }
                )
            context.update(dossier=dossier, rows=rows)
            return context


class TeamPanel(Panel):
    """Under the interlocutor: who else works on the dossier, and the way to « Équipe »."""

    class BoundPanel(Panel.BoundPanel):
        template_name = "dossiers/admin/team_panel.html"

        def is_shown(self):
            return bool(self.instance.pk)

        def get_context_data(self, parent_context=None):
            context = super().get_context_data(parent_context)
            members = self.instance.team.order_by("last_name", "first_name")
            context.update(
                members=[member.display_name for member in members],
                team_url=reverse("dossiers_admin:team", args=[self.instance.pk]),
            )
            return context
