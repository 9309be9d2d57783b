"""« À traiter », the back office's home: what waits for the lawyer in their own dossiers
(those they are the interlocutor of) and in the whole firm, one query per line.

The dossiers' lines (messages, deposits), and the lines whose "my dossiers" only the
dossiers can tell: the contact changes of a lawyer's clients, the failing emails to them.
Payments adds its own line (payments/wagtail_hooks.py).
"""

import datetime

from django.db.models import Exists, OuterRef, Q
from django.utils import formats, timezone
from django.utils.translation import gettext_lazy as _
from wagtail import hooks

from clients.models import ContactChangeRequest
from common.home import HOME_TASKS_HOOK, HomeTask, count_mine
from common.records import listing_url
from notifications.models import OutgoingEmail
from security.audit import previous_login

from ..inbox.models import Deposit, Message
from ..sharing.models import DossierAccess

# A first visit counts what came in over this many days.
FIRST_VISIT_DAYS = 7


def since_last_visit(request):
    """``(moment, sentence)``: from when "new" counts, and how the panel says it."""
    since = previous_login(request)
    if since is None:
        since = timezone.now() - datetime.timedelta(days=FIRST_VISIT_DAYS)
        return since, _("Over the last %(days)s days (your first visit).") % {
            "days": FIRST_VISIT_DAYS
        }
    local = timezone.localtime(since)
    return since, _("Since your last visit, on %(date)s at %(time)s.") % {
        "date": formats.date_format(local, "d/m/Y"),
        "time": formats.time_format(local, "H:i"),
    }


def lookup_moment(moment):
    """A moment as a listing's date filter reads it (the firm's local time)."""
    return timezone.localtime(moment).isoformat(timespec="seconds")


def my_client(user, client_field):
    """Whether the row's ``client_field`` is a client of one of ``user``'s dossiers."""
    return Exists(
        DossierAccess.objects.filter(client_id=OuterRef(client_field), dossier__interlocutor=user)
    )


@hooks.register(HOME_TASKS_HOOK)
def messages_to_handle(request):
    user = request.user
    if not user.has_perm("dossiers.view_message"):
        return None
    waiting = Message.objects.filter(handled_at__isnull=True)
    mine, firm = count_mine(waiting, Q(dossier__interlocutor=user), request)
    return HomeTask(
        order=10,
        label=_("Messages to handle"),
        help_text=_("Clients' messages not yet answered or marked handled."),
        mine=mine,
        firm=firm,
        mine_url=listing_url(Message, handled="no", interlocutor=user.pk),
        firm_url=listing_url(Message, handled="no"),
    )


@hooks.register(HOME_TASKS_HOOK)
def new_deposits(request):
    user = request.user
    if not user.has_perm("dossiers.view_deposit"):
        return None
    since, when = since_last_visit(request)
    mine, firm = count_mine(
        Deposit.objects.filter(created_at__gte=since), Q(dossier__interlocutor=user), request
    )
    after = lookup_moment(since)
    return HomeTask(
        order=20,
        label=_("New deposits"),
        help_text=_("Files clients deposited. %(since)s") % {"since": when},
        mine=mine,
        firm=firm,
        mine_url=listing_url(Deposit, interlocutor=user.pk, created_at__gte=after),
        firm_url=listing_url(Deposit, created_at__gte=after),
    )


@hooks.register(HOME_TASKS_HOOK)
def contact_changes_to_decide(request):
    user = request.user
    if not user.has_perm("clients.view_contactchangerequest"):
        return None
    pending = ContactChangeRequest.objects.filter(status=ContactChangeRequest.Status.PENDING)
    mine, firm = count_mine(pending, my_client(user, "client_id"), request)
    pending_status = ContactChangeRequest.Status.PENDING
    return HomeTask(
        order=30,
        label=_("Contact details to review"),
        help_text=_("Changes clients asked for, to apply or reject."),
        mine=mine,
        firm=firm,
        mine_url=listing_url(ContactChangeRequest, status=pending_status, lawyer=user.pk),
        firm_url=listing_url(ContactChangeRequest, status=pending_status),
    )


@hooks.register(HOME_TASKS_HOOK)
def failing_emails(request):
    user = request.user
    if not user.has_perm("notifications.view_outgoingemail"):
        return None
    mine, firm = count_mine(
        OutgoingEmail.objects.failing(), Q(user=user) | my_client(user, "user_id"), request
    )
    return HomeTask(
        order=50,
        label=_("Emails that keep failing"),
        help_text=_(
            "Given up, or still failing after %(attempts)s attempts. Yours: those to you or "
            "to your dossiers' clients."
        )
        % {"attempts": OutgoingEmail.FAILING_ATTEMPTS},
        mine=mine,
        firm=firm,
        # The outbox knows nothing of dossiers: no listing of "yours" to link to.
        firm_url=listing_url(OutgoingEmail, failing="yes"),
    )
