"""Brute force: django-axes for logins, django-ratelimit for reset and activation links."""

import datetime

from axes.handlers.database import AxesDatabaseHandler
from axes.helpers import get_client_username
from axes.models import AccessAttempt
from django.conf import settings
from django.db.models import Sum
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


class PortalAxesHandler(AxesDatabaseHandler):
    """Axes' database handler, plus a limit per account whatever the address.

    Axes locks an (account, address) pair after AXES_FAILURE_LIMIT failures; an attacker
    who rotates addresses would get that many tries from each. So an account is also
    locked after AXES_ACCOUNT_FAILURE_LIMIT failures from anywhere within the cool-off.
    """

    def is_locked(self, request, credentials=None):
        if super().is_locked(request, credentials):
            return True
        username = get_client_username(request, credentials)
        if not username:
            return False
        since = timezone.now() - settings.AXES_COOLOFF_TIME
        failures = (
            AccessAttempt.objects.filter(username=username, attempt_time__gte=since).aggregate(
                total=Sum("failures_since_start")
            )["total"]
            or 0
        )
        return failures >= settings.AXES_ACCOUNT_FAILURE_LIMIT


def lockout_response(request, credentials=None, *args, **kwargs):
    minutes = int(settings.AXES_COOLOFF_TIME / datetime.timedelta(minutes=1))
    return render(
        request,
        "security/locked_out.html",
        {"minutes": minutes, "admin": is_admin_path(request.path)},
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
