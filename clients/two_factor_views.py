"""Setting up and entering the second factor, in the back office and in the portal.

One implementation, two looks: the back office's pages use Wagtail's templates, the
portal's use the portal's.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django_otp import login as otp_login

from security.audit import record

from . import two_factor
from .decorators import client_required
from .forms import DisableTwoFactorForm, OneTimeCodeForm


def _next(request, default):
    target = request.POST.get("next") or request.GET.get("next") or ""
    if url_has_allowed_host_and_scheme(target, {request.get_host()}, request.is_secure()):
        return target
    return default


def _setup(request, template, done_url, extra=None):
    device = two_factor.pending_device(request.user)
    form = OneTimeCodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        codes = two_factor.confirm(device, form.cleaned_data["code"].replace(" ", ""))
        if codes is not None:
            otp_login(request, device)
            request.session["two_factor_enabled"] = True
            record("espace.two_factor", request.user, enabled=True)
            return render(
                request,
                template,
                {"codes": codes, "done_url": _next(request, done_url), **(extra or {})},
            )
        form.add_error(
            "code", _("This code is not the one expected. Check your device's time and try again.")
        )
    uri, secret = two_factor.provisioning_uri(device)
    return render(
        request,
        template,
        {
            "form": form,
            "qr_svg": two_factor.qr_svg(uri),
            "secret": " ".join(secret[i : i + 4] for i in range(0, len(secret), 4)),
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
        form.add_error(
            "code", _("This code is not valid. Try the current code, or a recovery code.")
        )
    return render(request, template, {"form": form, "next": _next(request, done_url)})


@never_cache
@login_required
def portal_verify(request):
    return _verify(request, "clients/two_factor_verify.html", reverse("dossiers:home"))


@client_required
def portal_setup(request):
    if two_factor.has_two_factor(request.user) and not request.user.is_verified():
        return redirect("clients:two_factor_verify")
    return _setup(
        request, "clients/two_factor_setup.html", reverse("clients:account"), {"nav": "account"}
    )


@never_cache
@login_required
def portal_disable(request):
    form = DisableTwoFactorForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        two_factor.disable(request.user)
        request.session["two_factor_enabled"] = False
        record("espace.two_factor", request.user, enabled=False)
        messages.success(request, _("Two-factor authentication is off."))
        return redirect("clients:account")
    return render(request, "clients/two_factor_disable.html", {"form": form, "nav": "account"})


@never_cache
def admin_setup(request):
    # Someone holding only the password must not replace the lawyer's authenticator:
    # a user who has one enters its code first.
    if two_factor.has_two_factor(request.user) and not request.user.is_verified():
        return redirect("two_factor_admin_verify")
    return _setup(request, "clients/admin/two_factor_setup.html", reverse("wagtailadmin_home"))


@never_cache
def admin_verify(request):
    if not two_factor.has_two_factor(request.user):
        return redirect("two_factor_admin_setup")
    return _verify(request, "clients/admin/two_factor_verify.html", reverse("wagtailadmin_home"))
