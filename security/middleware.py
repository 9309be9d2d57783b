import contextvars
import logging
import os
import time
import traceback
from urllib.parse import quote, urlsplit

from csp.constants import HEADER as CSP_HEADER
from django.conf import settings
from django.contrib import messages
from django.contrib.admin.options import IncorrectLookupParameters
from django.contrib.auth import logout
from django.core.exceptions import ValidationError
from django.db import DataError
from django.http import Http404, HttpResponseBadRequest
from django.shortcuts import redirect
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.cache import patch_cache_control
from django.utils.translation import gettext as _

from common.links import is_admin_path

from .throttle import client_ip

logger = logging.getLogger(__name__)

# The request being served, for the audit trail (security.audit.record).
current_request = contextvars.ContextVar("current_request", default=None)

PERMISSIONS_POLICY = (
    "camera=(), microphone=(), geolocation=(), payment=(), usb=(), interest-cohort=()"
)


class SecurityHeadersMiddleware:
    """Headers every response carries, beyond Django's SecurityMiddleware and django-csp.

    Authenticated pages are never stored by a browser or a proxy. The back office gets
    its own Content-Security-Policy (ADMIN_CONTENT_SECURITY_POLICY); on the portal, the
    Checkout page of the configured Stripe(-compatible) server is an allowed form target.
    A response that may be framed by its own origin (X-Frame-Options: SAMEORIGIN, as
    Wagtail's previews are) says the same in the policy's frame-ancestors.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        response.setdefault("Permissions-Policy", PERMISSIONS_POLICY)
        response.setdefault("Cross-Origin-Resource-Policy", "same-origin")
        if getattr(request, "user", None) is not None and request.user.is_authenticated:
            patch_cache_control(response, private=True, no_store=True)
        if is_admin_path(request.path_info):
            response._csp_config = settings.ADMIN_CONTENT_SECURITY_POLICY
        elif settings.STRIPE_API_BASE:
            origin = urlsplit(settings.STRIPE_API_BASE)
            response._csp_update = {"form-action": [f"{origin.scheme}://{origin.netloc}"]}
        if response.get("X-Frame-Options") == "SAMEORIGIN":
            framed_by_self(response)
        return response


def framed_by_self(response):
    """Let the response's own origin frame it, in its Content-Security-Policy too.

    Wagtail's preview renders a portal page through the whole middleware stack within the
    admin's request: that page's policy (the portal's) is already written, and kept, but
    for its frame-ancestors.
    """
    response._csp_replace = {"frame-ancestors": ["'self'"]}
    if written := response.get(CSP_HEADER):
        kept = [part.strip() for part in written.split(";") if part.strip()]
        kept = [part for part in kept if part.split()[0] != "frame-ancestors"]
        response[CSP_HEADER] = "; ".join([*kept, "frame-ancestors 'self'"])


# Activity is recorded once a minute at most: a page view writes nothing to the session
# (nor to its table) when the last record is less than this old. The idle timeout then
# ends a session at most this early, never late.
ACTIVITY_GRAIN = 60


class SessionTimeoutMiddleware:
    """Ends a session after SESSION_IDLE_TIMEOUT without a request, or SESSION_ABSOLUTE_TIMEOUT
    after login, and says so in French on the login page.

    ``last_seen`` is rewritten only when it is ACTIVITY_GRAIN seconds old or more, so that
    reading pages does not write the session on every request: the recorded activity is
    less than ACTIVITY_GRAIN behind the real one, and an idle session ends when its
    recorded activity is older than SESSION_IDLE_TIMEOUT (never late, less than
    ACTIVITY_GRAIN early).
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            now = int(time.time())
            session = request.session
            started = session.setdefault("started_at", now)
            last_seen = session.get("last_seen", now)
            reason = None
            if now - started > settings.SESSION_ABSOLUTE_TIMEOUT:
                reason = _(
                    "For your security, sessions last %(hours)s hours at most. Please log in again."
                ) % {"hours": settings.SESSION_ABSOLUTE_TIMEOUT // 3600}
            elif now - last_seen > settings.SESSION_IDLE_TIMEOUT:
                reason = _(
                    "Your session ended after %(minutes)s minutes without activity. Please log in again."
                ) % {"minutes": settings.SESSION_IDLE_TIMEOUT // 60}
            if reason:
                admin = is_admin_path(request.path)
                logout(request)
                messages.info(request, reason)
                login = reverse("wagtailadmin_login" if admin else "clients:login")
                return redirect(f"{login}?next={quote(request.get_full_path())}")
            if "last_seen" not in session or now - last_seen >= ACTIVITY_GRAIN:
                session["last_seen"] = now
        return self.get_response(request)


class BadInputMiddleware:
    """A request no view could take is answered 400, changing nothing, before any view
    reads it: a NUL character in its address, query or form (PostgreSQL cannot store
    one, and no text of ours holds one), or a bulk action on ids that are not numbers.

    Multipart bodies (uploads) are not read here: their views set the upload's limits
    before the body is read, and their forms refuse NUL characters themselves.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if self.refused(request):
            return bad_request(request)
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        # wagtail-modeladmin's addresses take any word as a record's id: one that is not a
        # number is no record (our records' ids are numbers).
        instance_pk = view_kwargs.get("instance_pk")
        if instance_pk is not None and not str(instance_pk).isdigit():
            raise Http404
        return None

    def process_exception(self, request, exception):
        """Input a view did not check, which its code could not read: a 400 that changed
        nothing (the view's transaction is rolled back), logged with its traceback.

        The exceptions of reading input (a number, a date, JSON nested too deep, a
        character the database cannot store); and in Wagtail's own admin views, those of
        a form or an object its code assumed present, on a forged POST."""
        if not isinstance(exception, INPUT_ERRORS) and not (
            isinstance(exception, (AttributeError, TypeError)) and _raised_in_wagtail(exception)
        ):
            return None
        logger.warning("Bad input refused on %s %s", request.method, request.path, exc_info=True)
        return bad_request(request)

    @staticmethod
    def refused(request):
        values = [request.path, *request.GET.keys(), *request.GET.values()]
        if request.content_type == "application/x-www-form-urlencoded":
            values += [*request.POST.keys(), *request.POST.values()]
        if any("\x00" in value for value in values):
            return True
        # Wagtail's bulk actions (« Publier pour les clients », « Supprimer »...), by id.
        if request.path.startswith(reverse("wagtailadmin_home") + "bulk/"):
            ids = request.GET.getlist("id")
            return any(not (value.isdigit() or value == "all") for value in ids)
        return False


# What reading a request's input raises when the input is not what the code expects.
# IncorrectLookupParameters: wagtail-modeladmin's listings take any query parameter as a
# field lookup (Django admin's exception, which Django's own admin answers with a 400 too).
INPUT_ERRORS = (
    ValueError,
    ValidationError,
    DataError,
    RecursionError,
    OverflowError,
    IncorrectLookupParameters,
)


def _raised_in_wagtail(exception):
    frames = traceback.extract_tb(exception.__traceback__)
    return bool(frames) and f"{os.sep}wagtail{os.sep}" in frames[-1].filename


def bad_request(request):
    return HttpResponseBadRequest(render_to_string("400.html", request=request))


class AuditContextMiddleware:
    """Remembers the request being served, so the audit trail knows who and from where."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        request.client_ip = client_ip(request)
        token = current_request.set(request)
        try:
            return self.get_response(request)
        finally:
            current_request.reset(token)
