"""Brute force: django-axes for logins, django-ratelimit for reset and activation links.

Logins are held back three ways, none of which lets a stranger lock the owner out:

- an (account, address) pair is locked after AXES_FAILURE_LIMIT failures, for
  AXES_COOLOFF_TIME (django-axes);
- an account is slowed down, whatever the addresses: after LOGIN_SLOWDOWN_AFTER failures
  within the cool-off, each further try waits 2, 4, 8… seconds after the last failure, at
  most LOGIN_SLOWDOWN_MAX_SECONDS; tries within the wait are refused unchecked and count
  for nothing, so an attacker gets about one guess per wait, and the owner waits no
  longer than that;
- the owner, whose own tries keep landing in an attacker's waits, asks on the lockout
  page for a link by email: it lifts the lock and the wait for that browser only
  (``unlock``), for UNLOCK_PASS_SECONDS and UNLOCK_PASS_TRIES tries; the password and
  the second factor are still asked.
"""

import datetime
import math
import time

from axes.handlers.database import AxesDatabaseHandler
from axes.helpers import get_client_username
from axes.models import AccessAttempt
from django.conf import settings
from django.db.models import Max, Sum
from django.shortcuts import render
from django.utils import timezone

from common.links import is_admin_path


def client_ip(request):
    """The client's address: REMOTE_ADDR, or what the nearest trusted proxy saw.

    With TRUSTED_PROXY_COUNT proxies in front, each appends the address it received from
    to X-Forwarded-For; only those last entries are trustworthy, so anything a client
    writes in the header itself is ignored.
    """
    count = settings.TRUSTED_PROXY_COUNT
    if count > 0:
        forwarded = [
            part.strip() for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")
        ]
        forwarded = [part for part in forwarded if part]
        if len(forwarded) >= count:
            return forwarded[-count]
    return request.META.get("REMOTE_ADDR", "")


def username_of(request, credentials=None):
    """The identifier tried, as the login compares it (case-insensitive)."""
    value = (credentials or {}).get("username") or request.POST.get("username") or ""
    return value.strip().lower()


# The session's pass from an emailed unlock link: {"username", "until", "tries"}.
UNLOCKED = "login_unlocked"
UNLOCK_PASS_SECONDS = 15 * 60
UNLOCK_PASS_TRIES = 5


def account_wait(username, now=None):
    """Seconds before ``username`` may be tried again, from any address (0: now)."""
    now = now or timezone.now()
    failures = AccessAttempt.objects.filter(
        username=username, attempt_time__gte=now - settings.AXES_COOLOFF_TIME
    ).aggregate(total=Sum("failures_since_start"), last=Max("attempt_time"))
    beyond = (failures["total"] or 0) - settings.LOGIN_SLOWDOWN_AFTER
    if beyond < 0:
        return 0
    delay = min(2 ** (beyond + 1), settings.LOGIN_SLOWDOWN_MAX_SECONDS)
    remaining = (failures["last"] + datetime.timedelta(seconds=delay) - now).total_seconds()
    return max(0, math.ceil(remaining))


def unlock(request, username):
    """An emailed link was opened in this browser: its logins to ``username`` skip the
    lockout and the wait for a while, and for a few tries."""
    request.session[UNLOCKED] = {
        "username": username.strip().lower(),
        "until": time.time() + UNLOCK_PASS_SECONDS,
        "tries": UNLOCK_PASS_TRIES,
    }


def unlocked(request, username):
    session = getattr(request, "session", None)
    granted = session.get(UNLOCKED) if session is not None else None
    return bool(
        granted
        and username
        and granted.get("username") == username
        and granted.get("until", 0) > time.time()
        and granted.get("tries", 0) > 0
    )


class PortalAxesHandler(AxesDatabaseHandler):
    """Axes' database handler, plus the account's slow-down and the browser's pass."""

    def is_whitelisted(self, request, credentials=None):
        return super().is_whitelisted(request, credentials) or unlocked(
            request, get_client_username(request, credentials)
        )

    def is_locked(self, request, credentials=None):
        if super().is_locked(request, credentials):
            return True
        username = get_client_username(request, credentials)
        if not username:
            return False
        request.login_wait_seconds = account_wait(username)
        return request.login_wait_seconds > 0

    def user_login_failed(self, sender, credentials, request=None, **kwargs):
        username = get_client_username(request, credentials) if request is not None else None
        if request is not None and unlocked(request, username):
            # A browser with a pass: its failures count against the pass, not the account.
            granted = request.session[UNLOCKED]
            request.session[UNLOCKED] = {**granted, "tries": granted["tries"] - 1}
            return
        super().user_login_failed(sender, credentials, request, **kwargs)


def lockout_response(request, credentials=None, *args, **kwargs):
    """The lockout page: how long to wait, and the way in for the owner (an emailed link)."""
    minutes = int(settings.AXES_COOLOFF_TIME / datetime.timedelta(minutes=1))
    return render(
        request,
        "security/locked_out.html",
        {
            "minutes": minutes,
            "seconds": getattr(request, "login_wait_seconds", 0),
            "username": get_client_username(request, credentials) or "",
            "admin": is_admin_path(request.path),
        },
        status=429,
    )


def rate_limited(request, exception):
    return render(request, "security/rate_limited.html", status=429)


def ratelimit_ip(group, request):
    """django-ratelimit's key: the same client address as the login throttle."""
    return client_ip(request)


def ratelimit_account(group, request):
    """django-ratelimit's key: the account asked for (known or not, the same count)."""
    return (request.POST.get("email") or "").strip().lower()


def reset_rate_per_ip(group, request):
    return settings.RESET_RATE_PER_IP


def reset_rate_per_account(group, request):
    return settings.RESET_RATE_PER_ACCOUNT
