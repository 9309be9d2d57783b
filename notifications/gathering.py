"""Gathering: events close together go in one email, found or made here, in bulk.

The outbox owns its rows: the apps above say what happened (a share for these clients,
a deposit for this lawyer) and these functions find each recipient's pending email of
that kind, or make one. An email gathers events until it is first tried: each event
pushes its sending back by a quiet period (NOTIFICATION_QUIET_PERIOD), at most up to
MAX_DELAY_FACTOR quiet periods after it was made, so that a steady stream of events
still sends it; one that goes at a fixed time (a daily summary) is not pushed back.
"""

import datetime

from django.conf import settings
from django.contrib.auth import get_user_model

from .models import OutgoingEmail
from .registry import get_kind
from .services import schedule_delivery

MAX_DELAY_FACTOR = 5
Status = OutgoingEmail.Status


def quiet_period():
    return datetime.timedelta(seconds=settings.NOTIFICATION_QUIET_PERIOD)


def pushed_back(email, now):
    """When a pending ``email`` goes once an event joins it at ``now``: a quiet period
    later, but never later than MAX_DELAY_FACTOR quiet periods after it was made, nor
    earlier than planned."""
    quiet = quiet_period()
    latest = email.created_at + quiet * MAX_DELAY_FACTOR
    return max(email.send_after, min(now + quiet, latest))


def _lock(users):
    """Two events at once must find (or make) the same emails: they queue on the users,
    always in the same order, so that two of them never wait for each other."""
    ids = sorted({user.pk for user in users})
    list(get_user_model().objects.select_for_update().filter(pk__in=ids).order_by("pk"))


def _pending(kind, users, key=None):
    """Each user's pending email of ``kind`` (not tried yet), by user id."""
    found = OutgoingEmail.objects.filter(
        kind=kind, user__in=[user.pk for user in users], status=Status.QUEUED, attempts=0
    ).filter(**{f"context__{name}": value for name, value in (key or {}).items()})
    return {email.user_id: email for email in found.order_by("-pk")}


def gather_each(kind, users, now, *, context, fixed_time=None):
    """For each of ``users``: their pending email of ``kind``, pushed back, or a new one
    with ``context``. ``fixed_time(user)``, when it gives a time, is when a new one goes
    (and such a one is not pushed back: a daily summary); else a quiet period from now.
    A constant number of queries, whatever the number of users. Returns the emails.
    """
    get_kind(kind)
    if not users:
        return []
    _lock(users)
    pending = _pending(kind, users)
    pushed, new = {}, []
    for user in users:
        at = fixed_time(user) if fixed_time else None
        email = pending.get(user.pk)
        if email is None:
            send_after = at or now + quiet_period()
            new.append(
                OutgoingEmail(
                    kind=kind,
                    recipient=user.email,
                    user=user,
                    context=dict(context),
                    send_after=send_after,
                )
            )
        elif at is None and (send_after := pushed_back(email, now)) != email.send_after:
            pushed.setdefault(send_after, []).append(email.pk)
    for send_after, ids in pushed.items():
        OutgoingEmail.objects.filter(pk__in=ids).update(send_after=send_after)
    created = OutgoingEmail.objects.bulk_create(new)
    for send_after in sorted({email.send_after for email in created}):
        schedule_delivery(send_after)
    return [*pending.values(), *created]


def gather(kind, user, now, *, key=None, add=None):
    """``user``'s pending email of ``kind``, pushed back, or a new one a quiet period from
    now: what gathers events close together into one email.

    ``key`` ({name: value}) tells apart the pending emails of one kind (a lawyer's deposit
    alert per dossier) and starts a new one's context; ``add`` ({name: [values]}) is added
    to the lists of its context (the deposits it tells of).
    """
    get_kind(kind)
    key = key or {}
    _lock([user])
    email = _pending(kind, [user], key).get(user.pk)
    fields = {}
    if email is None:
        email = OutgoingEmail.objects.create(
            kind=kind,
            recipient=user.email,
            user=user,
            context=dict(key),
            send_after=now + quiet_period(),
        )
        schedule_delivery(email.send_after)
    elif (send_after := pushed_back(email, now)) != email.send_after:
        fields["send_after"] = email.send_after = send_after
        schedule_delivery(send_after)
    if add:
        email.context = {
            **email.context,
            **{name: [*email.context.get(name, []), *values] for name, values in add.items()},
        }
        fields["context"] = email.context
    if fields:
        OutgoingEmail.objects.filter(pk=email.pk).update(**fields)
    return email


def reschedule(kind, user, send_after):
    """``user``'s emails of ``kind`` on their way go at ``send_after`` instead, or are
    cancelled (None): the recipient changed their choice of notifications."""
    pending = OutgoingEmail.objects.filter(kind=kind, user=user, status=Status.QUEUED)
    if send_after is None:
        pending.update(status=Status.CANCELLED)
    elif pending.update(send_after=send_after):
        schedule_delivery(send_after)
