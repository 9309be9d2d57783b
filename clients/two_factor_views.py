"""Setting up, entering and managing the second factor, in the back office and in the portal.

One implementation, two looks: the back office's pages use Wagtail's templates, the
portal's use the portal's. The portal's pages are for clients only; the firm's people
manage their authenticator in the back office (« Mon compte » → « Double
authentification »).

Replacing, removing or renewing the codes of an authenticator asks for the password and
a current code again (``ReauthenticationForm``; a replacement's set-up page opens for
five minutes after it). A firm admin who has passed their own second factor may reset
someone else's; that person's next login then goes through a one-time link emailed to
their own address (``login_link``), besides the password.
"""

import time

from django.contrib import messages
from django.contrib.auth import logout
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme, urlencode
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST
from django_otp import login as otp_login
from django_ratelimit.core import is_ratelimited

from security.audit import record

from . import services, two_factor
from .decorators import client_required
from .forms import OneTimeCodeForm, ReauthenticationForm
from .models import User

# How long a set-up page stays open after the password and a code were asked again.
REAUTHENTICATION_SECONDS = 300
REAUTHENTICATED_AT = "two_factor_reauthenticated_at"


def _next(request, default):
    target = request.POST.get("next") or request.GET.get("next") or ""
    if url_has_allowed_host_and_scheme(target, {request.get_host()}, request.is_secure()):
        return target
    return default


def _unverified(user):
    """A user with an authenticator whose session has not entered a code: someone who may
    hold only the password, and must not change the second factor."""
    return two_factor.has_two_factor(user) and not user.is_verified()


def _reauthenticated(request):
    at = request.session.get(REAUTHENTICATED_AT)
    return at is not None and 0 <= time.time() - at < REAUTHENTICATION_SECONDS


def _reauthentication_form(request):
    """The password and a current code, asked again; a wrong code goes to the audit
    trail like any other."""
    form = ReauthenticationForm(request.user, request.POST or None)
    if request.method == "POST" and not form.is_valid() and form.has_error("code", "wrong_code"):
        record("espace.two_factor_failed", request.user, user=request.user)
    return form


def _reauthenticate(request, template, done_url, extra=None):
    form = _reauthentication_form(request)
    if request.method == "POST" and form.is_valid():
        request.session[REAUTHENTICATED_AT] = time.time()
        return redirect(_next(request, done_url))
    return render(
        request, template, {"form": form, "next": _next(request, done_url), **(extra or {})}
    )


def _setup(request, template, verify_url, reauthenticate_url, done_url, extra=None):
    if _unverified(request.user):
        return redirect(verify_url)
    replacing = two_factor.has_two_factor(request.user)
    if replacing and not _reauthenticated(request):
        return redirect(f"{reauthenticate_url}?{urlencode({'next': request.get_full_path()})}")
    device = two_factor.pending_device(request.user)
    form = OneTimeCodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        codes = two_factor.confirm(device, form.cleaned_data["code"].replace(" ", ""))
        if codes is not None:
            otp_login(request, device)
            request.session.pop(REAUTHENTICATED_AT, None)
            request.session["two_factor_enabled"] = True
            services.record_two_factor_change(request.user, "replaced" if replacing else "enabled")
            return render(
                request,
                template,
                {"codes": codes, "done_url": _next(request, done_url), **(extra or {})},
            )
        form.add_error(
            "code", _("This code is not the one expected. Check your device's time and try again.")
        )
    return render(
        request,
        template,
        {
            "form": form,
            "qr_svg": two_factor.qr_svg(device.config_url),
            "secret": two_factor.secret_of(device),
            "next": _next(request, done_url),
            **(extra or {}),
        },
    )


def _verify(request, template, done_url):
    form = OneTimeCodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        device = two_factor.verify(request.user, form.cleaned_data["code"])
        if device is not None:
            otp_login(request, device)
            return redirect(_next(request, done_url))
        record("espace.two_factor_failed", request.user, user=request.user)
        form.add_error(
            "code", _("This code is not valid. Try the current code, or a recovery code.")
        )
    return render(request, template, {"form": form, "next": _next(request, done_url)})


# The portal (clients only).


@client_required
def portal_verify(request):
    return _verify(request, "clients/two_factor_verify.html", reverse("dossiers:home"))


@client_required
def portal_setup(request):
    return _setup(
        request,
        "clients/two_factor_setup.html",
        reverse("clients:two_factor_verify"),
        reverse("clients:two_factor_reauthenticate"),
        reverse("clients:account"),
        {"nav": "account"},
    )


@client_required
def portal_reauthenticate(request):
    if not two_factor.has_two_factor(request.user):
        return redirect("clients:two_factor_setup")
    return _reauthenticate(
        request,
        "clients/two_factor_reauthenticate.html",
        reverse("clients:two_factor_setup"),
        {"nav": "account"},
    )


@client_required
def portal_disable(request):
    """Turning it off takes the password and a code from the authenticator (or a
    recovery code): neither alone removes a second factor."""
    if not two_factor.has_two_factor(request.user):
        return redirect("clients:account")
    if not request.user.is_verified():
        return redirect("clients:two_factor_verify")
    form = _reauthentication_form(request)
    if request.method == "POST" and form.is_valid():
        two_factor.disable(request.user)
        request.session["two_factor_enabled"] = False
        services.record_two_factor_change(request.user, "disabled")
        messages.success(request, _("Two-factor authentication is off."))
        return redirect("clients:account")
    return render(request, "clients/two_factor_disable.html", {"form": form, "nav": "account"})


# The back office (the firm's people).


@never_cache
def admin_setup(request):
    return _setup(
        request,
        "clients/admin/two_factor_setup.html",
        reverse("two_factor_admin_verify"),
        reverse("two_factor_admin_reauthenticate"),
        reverse("wagtailadmin_home"),
    )


@never_cache
def admin_reauthenticate(request):
    if not two_factor.has_two_factor(request.user):
        return redirect("two_factor_admin_setup")
    if not request.user.is_verified():
        return redirect("two_factor_admin_verify")
    return _reauthenticate(
        request,
        "clients/admin/two_factor_reauthenticate.html",
        reverse("two_factor_admin_setup"),
        {"page_title": _("Confirm it is you")},
    )


@never_cache
def admin_verify(request):
    if not two_factor.has_two_factor(request.user):
        return redirect("two_factor_admin_setup")
    return _verify(request, "clients/admin/two_factor_verify.html", reverse("wagtailadmin_home"))


@never_cache
def admin_manage(request):
    """« Double authentification » in the back office's account menu: where things stand,
    and new recovery codes (replacing the app goes through the set-up page)."""
    enabled = two_factor.has_two_factor(request.user)
    if enabled and not request.user.is_verified():
        return redirect("two_factor_admin_verify")
    codes = None
    form = _reauthentication_form(request) if enabled else None
    if request.method == "POST" and enabled and form.is_valid():
        codes = two_factor.new_recovery_codes(request.user)
        services.record_two_factor_change(request.user, "recovery_codes")
    return render(
        request,
        "clients/admin/two_factor_manage.html",
        {
            "enabled": enabled,
            "codes": codes,
            "form": form,
            "page_title": _("Two-factor authentication"),
        },
    )


@never_cache
def admin_reset(request, pk):
    """A firm admin resets the second factor of someone who lost both the phone and the
    codes; that person sets up an authenticator again at the next login."""
    if not request.user.is_superuser:
        raise PermissionDenied
    account = get_object_or_404(User, pk=pk)
    if account.pk == request.user.pk:
        raise PermissionDenied
    if not request.user.is_verified():
        messages.error(
            request,
            _("Turn on your own two-factor authentication before resetting someone else's."),
        )
        return redirect("two_factor_admin_manage")
    enabled = two_factor.has_two_factor(account)
    if request.method == "POST" and enabled:
        services.reset_two_factor(account, by=request.user)
        messages.success(
            request,
            _(
                "The two-factor authentication of %(name)s is reset. They received by "
                "email a one-time link: their next login goes through it, then they set "
                "up an authenticator again."
            )
            % {"name": account.display_name or account.email},
        )
        return redirect("wagtailusers_users:index" if account.is_staff else "wagtailadmin_home")
    return render(
        request,
        "clients/admin/two_factor_reset.html",
        {
            "account": account,
            "enabled": enabled,
            "page_title": _("Reset two-factor authentication"),
            "page_subtitle": account.display_name or account.email,
        },
    )


# After a reset: the next login goes through a link sent to the account's own address.


def _login_link_template(account):
    return "clients/login_link.html" if account.is_client else "clients/admin/login_link.html"


@never_cache
def login_link(request, token):
    """The emailed link. Opening it (GET) changes nothing, so that a mail scanner that
    follows links uses up nothing; « Continuer » (POST) marks this browser, and the login
    that follows in it (password, then a new authenticator) clears the requirement."""
    account = services.login_link_account(token)
    if account is None:
        return render(
            request, "clients/login_link_invalid.html", {"login_url": reverse("clients:login")}
        )
    if request.method != "POST":
        return render(request, _login_link_template(account), {"account": account, "open": True})
    if request.user.is_authenticated and request.user.pk != account.pk:
        logout(request)
    if request.user.is_authenticated:
        services.login_link_used(request.user)
        return redirect("two_factor_admin_setup" if not account.is_client else "dossiers:home")
    request.session[services.LOGIN_LINK_OPENED] = account.pk
    messages.success(request, _("Link accepted: now log in with your password."))
    return redirect("clients:login" if account.is_client else "wagtailadmin_login")


@never_cache
def login_link_needed(request):
    """Where a password-only login lands while the link is due: the link was sent at the
    reset; « Renvoyer le lien » sends a new one (a few times an hour)."""
    account = request.user
    if not account.is_authenticated or account.login_link_required_since is None:
        return redirect("clients:login")
    return render(request, _login_link_template(account), {"account": account, "open": False})


@require_POST
def login_link_resend(request):
    account = request.user
    if not account.is_authenticated or account.login_link_required_since is None:
        return redirect("clients:login")
    limited = is_ratelimited(
        request,
        group="clients.login_link_resend",
        key="user",
        rate="3/h",
        method="POST",
        increment=True,
    )
    if limited:
        messages.error(
            request,
            _(
                "A link was sent several times in the last hour: check your inbox, including the spam folder."
            ),
        )
    else:
        services.send_login_link(account)
        messages.success(request, _("A new link is on its way to your email address."))
    return redirect("clients:login_link_needed")
