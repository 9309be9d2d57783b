"""Who in the firm sees which dossier, registered with the back office's one gate
(``common.scopes``): the dossiers, their items, what their clients sent, and the clients.

With the firm's setting off (``TeamAccessSettings``) nothing is narrowed. On, a member
of the firm sees the dossiers they are the interlocutor of or in the team of, and what
hangs from them; a client, when one of her dossiers is seen, or when she has none yet
(she was just created, and is not yet in any dossier: there is nothing of a case to see).
"""

from django.db.models import Exists, OuterRef, Q

from clients.models import Client, ContactChangeRequest
from common import scopes

from ..inbox.models import Deposit, Message
from ..sharing.models import ITEM_MODELS, Dossier, DossierAccess, TeamAccessSettings


def dossiers_for(user, request=None):
    return Dossier.objects.for_staff(user, request)


def clients_for(user, request=None):
    """The clients ``user`` may see, as a condition on the client's id."""
    seen = DossierAccess.objects.filter(dossier__in=dossiers_for(user, request))
    return Q(pk__in=seen.values("client_id")) | ~Exists(
        DossierAccess.objects.filter(client_id=OuterRef("pk"))
    )


def narrowing(narrow):
    """A scope from ``narrow(queryset, user, request)``, applied only when the firm keeps
    dossiers to their teams and ``user`` is not an admin; otherwise the whole queryset
    for the firm's staff, nothing for anyone else."""

    def scope(queryset, user, request=None):
        if not TeamAccessSettings.restricts(user, request):
            return queryset if user.is_staff else queryset.none()
        return narrow(queryset, user, request)

    return scope


def through_dossier(path):
    """A scope for rows that hang from a dossier through ``path``."""
    return narrowing(
        lambda queryset, user, request: queryset.filter(
            **{f"{path}__in": dossiers_for(user, request)}
        )
    )


@narrowing
def dossier_scope(queryset, user, request=None):
    return queryset.filter(pk__in=dossiers_for(user, request).values("pk"))


@narrowing
def client_scope(queryset, user, request=None):
    return queryset.filter(clients_for(user, request))


@narrowing
def contact_change_scope(queryset, user, request=None):
    return queryset.filter(client__in=Client.objects.filter(clients_for(user, request)))


def restricted(user, request=None):
    return bool(user.is_staff) and TeamAccessSettings.restricts(user, request)


def register():
    scopes.register_restriction(restricted)
    scopes.register(Dossier, dossier_scope)
    for model in ITEM_MODELS.values():
        scopes.register(model, through_dossier("dossier"))
    scopes.register(Deposit, through_dossier("dossier"))
    scopes.register(Message, through_dossier("dossier"))
    scopes.register(Client, client_scope)
    scopes.register(ContactChangeRequest, contact_change_scope)
    for name, label in [
        ("dossiers_admin:deposit_download", "dossiers.Deposit"),
        ("dossiers_admin:deposit_share", "dossiers.Deposit"),
        ("dossiers_admin:message_reply", "dossiers.Message"),
        ("dossiers_admin:message_handled", "dossiers.Message"),
        ("dossiers_admin:documents_upload", "dossiers.Dossier"),
        ("dossiers_admin:team", "dossiers.Dossier"),
        ("contact_changes:apply", "clients.ContactChangeRequest"),
        ("contact_changes:reject", "clients.ContactChangeRequest"),
    ]:
        scopes.register_route(name, label)
    # Wagtail's site history lists every record's changes, with their names; a client's
    # « usage » lists every dossier she is a client of, her other lawyers' too.
    scopes.register_closed("wagtailsnippets_clients_client:usage")
    scopes.register_closed("wagtailadmin_reports:site_history")
    scopes.register_closed("wagtailadmin_reports:site_history_results")
