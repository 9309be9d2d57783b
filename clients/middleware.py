from django.contrib import messages
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _


class ForcePasswordChangeMiddleware:
    """A client who received a temporary password chooses their own before anything else."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated and user.must_change_password:
            allowed = {reverse("clients:password_change"), reverse("clients:logout")}
            path = request.path_info
            if path not in allowed and not path.startswith(("/static/", "/admin/")):
                messages.info(request, _("Please choose your own password to continue."))
                return redirect("clients:password_change")
        return self.get_response(request)


class TwoFactorMiddleware:
    """Password alone is not enough where a second factor is due.

    In the back office (when ADMIN_TWO_FACTOR_REQUIRED): every user must have set up an
    authenticator and entered a code in this session. On the portal: a client who turned
    two-factor authentication on enters a code after the password.
    """

    ADMIN_OPEN = ("/admin/login/", "/admin/logout/", "/admin/2fa/", "/admin/jsi18n/")

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        from django.conf import settings

        from .two_factor import has_two_factor

        user = getattr(request, "user", None)
        if user is None or not user.is_authenticated or user.is_verified():
            return self.get_response(request)
        path = request.path_info
        if path.startswith("/admin/"):
            if settings.ADMIN_TWO_FACTOR_REQUIRED and not path.startswith(self.ADMIN_OPEN):
                target = (
                    "two_factor_admin_verify" if has_two_factor(user) else "two_factor_admin_setup"
                )
                return redirect(f"{reverse(target)}?next={request.get_full_path()}")
        elif user.is_client and not path.startswith("/static/"):
            # Known once per session (updated when the client turns it on or off).
            if "two_factor_enabled" not in request.session:
                request.session["two_factor_enabled"] = has_two_factor(user)
            open_paths = {reverse("clients:two_factor_verify"), reverse("clients:logout")}
            if request.session["two_factor_enabled"] and path not in open_paths:
                return redirect(
                    f"{reverse('clients:two_factor_verify')}?next={request.get_full_path()}"
                )
        return self.get_response(request)
