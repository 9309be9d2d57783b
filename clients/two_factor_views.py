"""Setting up, entering and managing the second factor, in the back office and in the portal.

One implementation, two looks: the back office's pages use Wagtail's templates, the
portal's use the portal's. The portal's pages are for clients only; the firm's people
manage their authenticator in the back office (« Mon compte » → « Double
authentification »). Replacing or removing an authenticator needs a session that has
passed its second factor; a firm admin who has passed theirs may reset someone else's.
"""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django_otp import login as otp_login

from security.audit import record

from . import services, two_factor
from .decorators import client_required
from .forms import OneTimeCodeForm
from .models import User


def _next(request, default):
    target = request.POST.get("next") or request.GET.get("next") or ""
    if url_has_allowed_host_and_scheme(target, {request.get_host()}, request.is_secure()):
        return target
    return default


def _unverified(user):
    """A user with an authenticator whose session has not entered a code: someone who may
    hold only the password, and must not change the second factor."""
    return two_factor.has_two_factor(user) and not user.is_verified()


def _setup(request, template, verify_url, done_url, extra=None):
    if _unverified(request.user):
        return redirect(verify_url)
    device = two_factor.pending_device(request.user)
    form = OneTimeCodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        replacing = two_factor.has_two_factor(request.user)
        codes = two_factor.confirm(device, form.cleaned_data["code"].replace(" ", ""))
        if codes is not None:
            otp_login(request, device)
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
        reverse("clients:account"),
        {"nav": "account"},
    )


@client_required
def portal_disable(request):
    """Turning it off takes a code from the authenticator (or a recovery code), not the
    password: the password alone never removes a second factor."""
    if not two_factor.has_two_factor(request.user):
        return redirect("clients:account")
    if not request.user.is_verified():
        return redirect("clients:two_factor_verify")
    form = OneTimeCodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if two_factor.verify(request.user, form.cleaned_data["code"]) is not None:
            two_factor.disable(request.user)
            request.session["two_factor_enabled"] = False
            services.record_two_factor_change(request.user, "disabled")
            messages.success(request, _("Two-factor authentication is off."))
            return redirect("clients:account")
        record("espace.two_factor_failed", request.user, user=request.user)
        form.add_error(
            "code", _("This code is not valid. Try the current code, or a recovery code.")
        )
    return render(request, "clients/two_factor_disable.html", {"form": form, "nav": "account"})


# The back office (the firm's people).


@never_cache
def admin_setup(request):
    return _setup(
        request,
        "clients/admin/two_factor_setup.html",
        reverse("two_factor_admin_verify"),
        reverse("wagtailadmin_home"),
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
    if request.method == "POST" and enabled:
        codes = two_factor.new_recovery_codes(request.user)
        services.record_two_factor_change(request.user, "recovery_codes")
    return render(
        request,
        "clients/admin/two_factor_manage.html",
        {"enabled": enabled, "codes": codes, "page_title": _("Two-factor authentication")},
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
        two_factor.disable(account)
        services.record_two_factor_change(account, "reset", by=request.user)
        messages.success(
            request,
            _(
                "The two-factor authentication of %(name)s is reset: they will set up an "
                "authenticator again at their next login."
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
