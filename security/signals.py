import time

from axes.models import AccessAttempt
from django.contrib.auth import get_user_model
from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.core.management import call_command
from django.db.models.signals import post_delete, pre_migrate
from django.dispatch import receiver

from common.links import is_admin_path

from .audit import record
from .middleware import current_request


@receiver(pre_migrate, dispatch_uid="security.cache_table")
def _create_cache_table(sender, using, **kwargs):
    """The database cache's table, before anything migrates (Wagtail's steps after a
    migrate use the cache), so that `migrate` alone sets up a new or upgraded server.
    Idempotent, and nothing to do with Redis or an in-memory cache."""
    call_command("createcachetable", database=using, verbosity=0)


@receiver(user_logged_in, dispatch_uid="security.logged_in")
def _logged_in(sender, request, user, **kwargs):
    if request is not None and hasattr(request, "session"):
        request.session["started_at"] = int(time.time())
        request.session["last_seen"] = int(time.time())
    record(
        "espace.login",
        user,
        user=user,
        area="admin" if _is_admin(request) else "portal",
        # For « Mon activité »: the browser, so that the client recognises their devices.
        user_agent=request.META.get("HTTP_USER_AGENT", "")[:300] if request is not None else "",
    )


@receiver(user_logged_out, dispatch_uid="security.logged_out")
def _logged_out(sender, request, user, **kwargs):
    if user is not None:
        record("espace.logout", user, user=user)


@receiver(user_login_failed, dispatch_uid="security.login_failed")
def _login_failed(sender, credentials, request=None, **kwargs):
    # Only the identifier tried: Django already masks the password, and we keep nothing of it.
    username = (credentials or {}).get("username", "") or ""
    account = get_user_model().objects.filter(email=username.strip().lower()).first()
    record(
        "espace.login_failed",
        account,
        label=username[:150],
        username=username[:150],
        area="admin" if _is_admin(request) else "portal",
    )


def _is_admin(request):
    return bool(request is not None and is_admin_path(request.path))


@receiver(post_delete, sender=AccessAttempt, dispatch_uid="security.lockout_lifted")
def _lockout_lifted(sender, instance, **kwargs):
    """A firm admin lifted a lockout (« Suivi → Verrouillages »): who, and which. (django-axes
    deletes attempts itself too, after a successful login: not a lift.)"""
    request = current_request.get()
    if request is None or not is_admin_path(request.path):
        return
    record(
        "espace.lockout_lifted",
        (AccessAttempt, instance.pk),
        label=f"{instance.username} ({instance.ip_address})"[:255],
        account=instance.username,
        address=instance.ip_address,
    )
