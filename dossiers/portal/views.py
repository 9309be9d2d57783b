"""The client portal's screens: Accueil, « Mes dossiers », categories, a dossier, downloads.

Every view finds what it shows through ``visible_to(request.user)`` and answers 404 for
anything else, so that nobody learns what exists outside their access.
"""

from django.contrib.auth import get_user_model
from django.core.paginator import Paginator
from django.db.models import OuterRef, Prefetch
from django.http import Http404
from django.shortcuts import get_object_or_404, render

from clients.decorators import client_required
from portal_pages.cache import cached_page
from portal_pages.context import portal_setup

from ..inbox import quotas
from ..inbox.forms import DepositForm
from ..inbox.models import Deposit, Message, Reply
from ..sharing.models import Dossier
from .deposits import deposit_quota_note, upload_limits
from .screens import Summaries, category_from_slug, decorate, dossier_lines

ITEMS_PER_PAGE = 25
# Accueil lists this many dossiers, then links to « Mes dossiers », which lists them all.
HOME_DOSSIERS = 10


@client_required
@cached_page
def home(request):
    """Accueil: the categories' cards, the first HOME_DOSSIERS dossiers, the deposit form.

    Two queries whatever the client has: the dossiers (plain values: the ten shown, and
    the deposit form's choices), and the deposit quota with the cards when they are not
    cached (one query of subqueries).
    """
    dossiers = dossier_lines(Dossier.objects.visible_to(request.user))
    summaries = Summaries(request.user)
    overview = (
        get_user_model()
        .objects.filter(pk=request.user.pk)
        .order_by()
        .values(**summaries.annotations(), **quotas.allowance_annotations(request.user))
        .get()
    )
    return render(
        request,
        "dossiers/home.html",
        {
            "nav": "home",
            "portal_page": portal_setup(request).home,
            "summaries": summaries.from_row(overview),
            "dossiers": dossiers[:HOME_DOSSIERS],
            "more_dossiers": len(dossiers) > HOME_DOSSIERS,
            "deposit_form": DepositForm(
                user=request.user, dossiers=[dossier.choice for dossier in dossiers]
            )
            if dossiers
            else None,
            "deposit_quota_note": deposit_quota_note(quotas.allowance_from(overview))
            if dossiers
            else "",
            **upload_limits(),
        },
    )


@client_required
@cached_page
def dossier_list(request):
    """« Mes dossiers »: every dossier of the client, a page at a time."""
    page = Paginator(Dossier.objects.visible_to(request.user), ITEMS_PER_PAGE).get_page(
        request.GET.get("page")
    )
    page.object_list = dossier_lines(page.object_list)
    return render(request, "dossiers/dossier_list.html", {"nav": "home", "page": page})


def _items_page(request, category, dossier_id=None):
    """A category's items, of every dossier or of one: 404 when the client sees none.

    A dossier's page needs no query of its own: its items come through the access gate,
    so a dossier the client may not see (or whose category they may not see) has none,
    and the first item brings the dossier's name.
    """
    category = category_from_slug(category)
    if category is None:
        raise Http404
    items = category.model.objects.visible_to(request.user)
    if dossier_id is not None:
        items = items.filter(dossier_id=dossier_id)
    items = items.for_display().select_related("dossier")
    page = Paginator(items, ITEMS_PER_PAGE).get_page(request.GET.get("page"))
    if not page.paginator.count:
        raise Http404
    page.object_list = decorate(category, page.object_list)
    return render(
        request,
        f"dossiers/categories/{category.name.lower()}.html",
        {
            "nav": "home",
            "category": category,
            "dossier": page.object_list[0].dossier if dossier_id is not None else None,
            "page": page,
            "count_label": category.count_label(page.paginator.count),
        },
    )


@client_required
@cached_page
def category(request, category):
    return _items_page(request, category)


@client_required
@cached_page
def dossier_detail(request, pk):
    # The dossier, the deposit quota and the cards unless cached, in one query.
    summaries = Summaries(request.user, pk)
    dossier = get_object_or_404(
        Dossier.objects.visible_to(request.user)
        .select_related("interlocutor")
        .annotate(
            **summaries.annotations(OuterRef("pk")),
            **quotas.allowance_annotations(request.user),
        ),
        pk=pk,
    )
    replies = Reply.objects.select_related("author")
    return render(
        request,
        "dossiers/dossier.html",
        {
            "nav": "home",
            "dossier": dossier,
            "summaries": summaries.from_row(vars(dossier), dossier),
            "deposit_form": DepositForm(user=request.user, dossier=dossier),
            "deposit_quota_note": deposit_quota_note(quotas.allowance_from(vars(dossier))),
            "deposits": Deposit.objects.for_client(request.user).filter(dossier=dossier),
            "client_messages": Message.objects.for_client(request.user)
            .filter(dossier=dossier)
            .prefetch_related(Prefetch("replies", queryset=replies)),
            **upload_limits(),
        },
    )


@client_required
@cached_page
def dossier_category(request, pk, category):
    return _items_page(request, category, dossier_id=pk)
