from urllib.parse import quote

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import SESSION_KEY
from django.shortcuts import redirect
from django.urls import Resolver404, resolve, reverse
from django.utils.translation import gettext as _

from .services import LOGIN_LINK_OPENED, login_link_used
from .two_factor import has_two_factor


class ForcePasswordChangeMiddleware:
    """A client who received a temporary password chooses their own before anything else."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        if (
            user is not None
            and user.is_authenticated
            and user.is_client
            and user.must_change_password
        ):
            allowed = {reverse("clients:password_change"), reverse("clients:logout")}
            path = request.path_info
            if path not in allowed and not path.startswith(settings.STATIC_URL):
                messages.info(request, _("Please choose your own password to continue."))
                return redirect("clients:password_change")
        return self.get_response(request)


class TwoFactorMiddleware:
    """Password alone is not enough where a second factor is due.

    The firm's people (when ADMIN_TWO_FACTOR_REQUIRED): until the session has entered a
    code, the only pages open to it, anywhere in the project, are the code's page, the
    first set-up of an authenticator (when there is none yet) and logging out; every
    other address leads there, so a password alone reads and changes nothing. Clients
    who turned two-factor authentication on enter a code after the password.
    """

    # Open to a firm session that has not entered its code: the set-up view itself sends
    # whoever already has an authenticator to the code's page, and the back office's
    # JavaScript catalogue is what those two pages load.
    STAFF_OPEN = {
        "two_factor_admin_verify",
        "two_factor_admin_setup",
        "wagtailadmin_logout",
        "clients:logout",
        "wagtailadmin_javascript_catalog",
    }
    # Open to a session whose account needs a login link (after a reset by the firm).
    LINK_OPEN = {
        "clients:login_link",
        "clients:login_link_needed",
        "clients:login_link_resend",
        "wagtailadmin_logout",
        "clients:logout",
        "wagtailadmin_javascript_catalog",
    }

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        if user is None or not user.is_authenticated:
            return self.get_response(request)
        if user.login_link_required_since is not None:
            if request.session.get(LOGIN_LINK_OPENED) == user.pk:
                # The login that followed the emailed link, in the browser that opened it.
                del request.session[LOGIN_LINK_OPENED]
                login_link_used(user)
            elif request.path_info.startswith(settings.STATIC_URL) or (
                self.view_name(request) in self.LINK_OPEN
            ):
                return self.get_response(request)
            else:
                return redirect("clients:login_link_needed")
        if user.is_verified():
            return self.get_response(request)
        if not user.is_client:
            if (
                settings.ADMIN_TWO_FACTOR_REQUIRED
                and self.view_name(request) not in self.STAFF_OPEN
            ):
                target = (
                    "two_factor_admin_verify" if has_two_factor(user) else "two_factor_admin_setup"
                )
                return redirect(f"{reverse(target)}?next={quote(request.get_full_path())}")
        elif not request.path_info.startswith(settings.STATIC_URL):
            # Known once per session (updated when the client turns it on or off).
            if "two_factor_enabled" not in request.session:
                request.session["two_factor_enabled"] = has_two_factor(user)
            if request.session["two_factor_enabled"] and request.path_info not in {
                reverse("clients:two_factor_verify"),
                reverse("clients:logout"),
            }:
                return redirect(
                    f"{reverse('clients:two_factor_verify')}?next={quote(request.get_full_path())}"
                )
        return self.get_response(request)

    @staticmethod
    def view_name(request):
        try:
            return resolve(request.path_info).view_name
        except Resolver404:
            return None


class EndedSessionMiddleware:
    """A session ended from elsewhere (the password changed on another device, the login
    email restored, the account closed) says so at its next request, instead of a bare
    login page: Django ends it when its hash no longer matches the account's."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        session = getattr(request, "session", None)
        had_account = session is not None and SESSION_KEY in session
        if had_account and not request.user.is_authenticated:
            messages.info(
                request,
                _(
                    "Your session has ended: your password or your login address was "
                    "changed, or your access was closed. Please log in again."
                ),
            )
        return self.get_response(request)
