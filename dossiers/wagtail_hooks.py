"""The dossiers' back office, registered with Wagtail: the dossier and item snippets,
the bulk actions, the inbox's listings, « À traiter »'s lines, and the admin URLs."""

from django.urls import include, path
from wagtail import hooks
from wagtail.snippets.models import register_snippet
from wagtail_modeladmin.options import modeladmin_register

from .backoffice import home, views  # noqa: F401 - home registers its lines of « À traiter »
from .backoffice.bulk import PublishItemsBulkAction, WithdrawItemsBulkAction
from .backoffice.dossiers import DossierViewSet
from .backoffice.inbox import DepositAdmin, MessageAdmin
from .backoffice.items import item_viewsets

register_snippet(DossierViewSet)
for viewset in item_viewsets():
    register_snippet(viewset)
hooks.register("register_bulk_action", PublishItemsBulkAction)
hooks.register("register_bulk_action", WithdrawItemsBulkAction)
modeladmin_register(MessageAdmin)
modeladmin_register(DepositAdmin)


@hooks.register("construct_snippet_action_menu")
def publishing_first(menu_items, request, context):
    """Wherever a lawyer shares, the main button publishes (« Publier pour les clients »);
    saving a draft is the second choice."""
    menu_items.sort(key=lambda item: item.name != "action-publish")


@hooks.register("construct_main_menu")
def no_snippets_menu(request, menu_items):
    """Shared items are reached from their dossier, not from a « Fragments » menu; and no
    « Aide » leading to Wagtail's English guide for editors of websites."""
    menu_items[:] = [item for item in menu_items if item.name not in ("snippets", "help")]


@hooks.register("register_admin_urls")
def inbox_admin_urls():
    urls = [
        path("depots/<int:pk>/telecharger/", views.deposit_download, name="deposit_download"),
        path("depots/<int:pk>/partager/", views.deposit_share, name="deposit_share"),
        path("fichiers/<str:token>/", views.stored_file, name="stored_file"),
        path("messages/<int:pk>/repondre/", views.message_reply, name="message_reply"),
        path("messages/<int:pk>/traite/", views.message_handled, name="message_handled"),
        path("<int:pk>/documents/ajout/", views.documents_upload, name="documents_upload"),
        path("<int:pk>/equipe/", views.dossier_team, name="team"),
    ]
    return [path("dossiers/", include((urls, "dossiers_admin")))]
