"""The client's account screens: Connexion, first connection, password, Mon compte."""

from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.shortcuts import redirect, render
from django.urls import reverse, reverse_lazy
from django.utils.decorators import method_decorator
from django.utils.translation import gettext_lazy as _
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_POST
from django.views.generic import FormView, TemplateView
from django_ratelimit.core import is_ratelimited
from django_ratelimit.decorators import ratelimit
from wagtail.admin.views.account import LogoutView as WagtailLogoutView

from common.links import absolute_url
from portal_pages.context import portal_setup
from security import throttle
from security.audit import record
from security.throttle import reset_rate_per_account, reset_rate_per_ip

from . import services
from .decorators import client_required, only
from .forms import (
    ChangePasswordForm,
    ContactDetailsForm,
    LoginForm,
    NewPasswordForm,
    NotificationsForm,
    PasswordResetRequestForm,
)
from .models import CONTACT_FIELDS, CalendarFeed, ContactChangeRequest, User
from .tokens import (
    activation_token_generator,
    password_reset_token_generator,
    unlock_token_generator,
)


class LoginView(auth_views.LoginView):
    form_class = LoginForm
    template_name = "clients/login.html"
    redirect_authenticated_user = True

    def get_context_data(self, **kwargs):
        return super().get_context_data(portal_page=portal_setup(self.request).home, **kwargs)


class LogoutView(auth_views.LogoutView):
    """« Déconnexion »: by the button (POST), never by a mere link (a GET is answered 405
    and changes nothing); the session ends on the server, not only its cookie."""

    next_page = reverse_lazy("clients:login")

    def post(self, request, *args, **kwargs):
        response = super().post(request, *args, **kwargs)
        messages.info(request, _("You are logged out."))
        return response


class AdminLogoutView(WagtailLogoutView):
    """The back office's logout, as the portal's: by its button (POST) only. Wagtail's
    deletes the session's cookie on any request, a GET it refuses too, which left the
    session alive on the server for whoever had copied the cookie; a GET here is answered
    405 and changes nothing."""

    def dispatch(self, request, *args, **kwargs):
        if request.method.lower() not in self.http_method_names:
            return self.http_method_not_allowed(request, *args, **kwargs)
        return super().dispatch(request, *args, **kwargs)


@method_decorator(
    ratelimit(key="security.throttle.ratelimit_ip", rate=reset_rate_per_ip, method="POST"),
    name="post",
)
class PasswordResetRequestView(FormView):
    """« Mot de passe oublié ? »: the same answer whether the account exists or not.

    Throttled per address (a page that says so) and per account (silently: the answer
    stays the same, and the account's owner does not get a flood of emails).
    """

    form_class = PasswordResetRequestForm
    template_name = "clients/password_reset_request.html"
    success_url = reverse_lazy("clients:password_reset_sent")

    def form_valid(self, form):
        limited = is_ratelimited(
            self.request,
            group="password-reset-account",
            key="security.throttle.ratelimit_account",
            rate=reset_rate_per_account,
            increment=True,
        )
        if not limited:
            services.request_password_reset(form.cleaned_data["email"])
        return super().form_valid(form)


class PasswordResetSentView(TemplateView):
    template_name = "clients/password_reset_sent.html"


@require_POST
@ratelimit(key="security.throttle.ratelimit_ip", rate=reset_rate_per_ip, method="POST")
def unlock_request(request):
    """« Recevoir un lien par email », on the lockout page: the same answer whether the
    account exists or not, and at most a few emails an hour for one account."""
    form = PasswordResetRequestForm(request.POST)
    if form.is_valid() and not is_ratelimited(
        request,
        group="unlock-account",
        key="security.throttle.ratelimit_account",
        rate=reset_rate_per_account,
        increment=True,
    ):
        services.request_unlock_link(form.cleaned_data["email"])
    messages.info(
        request,
        _(
            "If an account matches this address, a link is on its way to it: open it in "
            "this browser, then log in."
        ),
    )
    return redirect(
        "wagtailadmin_login" if request.POST.get("area") == "admin" else "clients:login"
    )


@ratelimit(key="security.throttle.ratelimit_ip", rate=reset_rate_per_ip, method=ratelimit.ALL)
def unlock(request, uidb64, token):
    """The emailed link past a lockout. Opening it (GET) changes nothing, so that a mail
    scanner uses up nothing; « Continuer » (POST) lets this browser in for a while."""
    account = services.account_of_link(uidb64)
    valid = account is not None and unlock_token_generator.check_token(account, token)
    if request.method == "POST" and valid:
        throttle.unlock(request, account.email)
        record("espace.unlock_link", account, user=account)
        messages.success(
            request,
            _("Logging in is open again in this browser for 15 minutes: enter your password."),
        )
        return redirect("clients:login" if account.is_client else "wagtailadmin_login")
    return render(request, "clients/unlock.html", {"valid": valid})


@method_decorator(
    ratelimit(key="security.throttle.ratelimit_ip", rate=reset_rate_per_ip, method=ratelimit.ALL),
    name="dispatch",
)
class ResetPasswordView(auth_views.PasswordResetConfirmView):
    """Choose a new password from a single-use link; an unusable link says so."""

    token_generator = password_reset_token_generator
    form_class = NewPasswordForm
    template_name = "clients/set_password.html"
    success_url = reverse_lazy("dossiers:home")
    post_reset_login = True
    post_reset_login_backend = "clients.backends.UserBackend"
    purpose = "reset"

    def get_user(self, uidb64):
        user = super().get_user(uidb64)
        # Firm accounts never go through the portal's links.
        return None if user is None or user.is_staff or user.is_superuser else user

    def get_context_data(self, **kwargs):
        return super().get_context_data(purpose=self.purpose, **kwargs)

    def form_valid(self, form):
        response = super().form_valid(form)
        messages.success(self.request, _("Your password is saved. Welcome to your client area."))
        return response


class ActivateView(ResetPasswordView):
    """First connection: the invitation's link (72 hours) to choose a password."""

    token_generator = activation_token_generator
    purpose = "activation"


@method_decorator([sensitive_post_parameters(), client_required], name="dispatch")
class ChangePasswordView(auth_views.PasswordChangeView):
    """« Modifier mon mot de passe »; the client's other sessions end with the old password.

    Clients only: the firm's people change theirs in the back office, behind the second factor.
    """

    form_class = ChangePasswordForm
    template_name = "clients/password_change.html"
    success_url = reverse_lazy("clients:account")

    def get_context_data(self, **kwargs):
        return super().get_context_data(nav="account", **kwargs)

    def form_valid(self, form):
        response = super().form_valid(form)
        messages.success(self.request, _("Your password has been changed."))
        return response


@client_required
def account(request):
    changes = request.user.contact_change_requests.all()
    return render(
        request,
        "clients/account.html",
        {
            "nav": "account",
            "account": request.user,
            "pending_change": next((c for c in changes if c.status == c.Status.PENDING), None),
            "awaiting_email": next((c for c in changes if c.email_awaits_confirmation), None),
            "two_factor": request.session.get("two_factor_enabled"),
            "notifications_form": NotificationsForm(
                initial={
                    "notifications": request.user.notifications,
                    "digest_hour": request.user.digest_hour,
                }
            ),
            **calendar_addresses(CalendarFeed.objects.filter(client=request.user).first()),
        },
    )


def calendar_addresses(feed):
    """The feed's https:// address, and the webcal:// one that calendar apps open."""
    if feed is None:
        return {"calendar_url": "", "webcal_url": ""}
    url = absolute_url(reverse("dossiers:calendar_feed", args=[feed.token]))
    return {"calendar_url": url, "webcal_url": "webcal://" + url.split("://", 1)[1]}


@client_required
def calendar_feed(request):
    """« Mon agenda »: a new private address (the old one stops working), or none."""
    if refused := only(request, "POST"):
        return refused
    if request.POST.get("action") == "off":
        CalendarFeed.objects.filter(client=request.user).delete()
        record("espace.calendar_feed", request.user, change="revoked")
        messages.success(request, _("Your calendar address is turned off."))
    else:
        CalendarFeed.renew(request.user)
        record("espace.calendar_feed", request.user, change="renewed")
        messages.success(
            request, _("Your calendar address is ready; any previous address stops working.")
        )
    return redirect(reverse("clients:account") + "#agenda")


@client_required
def notifications(request):
    """« Mes notifications »: at each share, a daily summary at the client's hour, or only
    the essential (first connection, password, receipts and answers always go)."""
    if refused := only(request, "POST"):
        return refused
    form = NotificationsForm(request.POST)
    if form.is_valid():
        services.set_notifications(
            request.user, form.cleaned_data["notifications"], form.cleaned_data["digest_hour"]
        )
        messages.success(request, _("Your choice of emails is saved."))
    else:
        messages.error(request, _("Choose when you want to hear of new items."))
    return redirect(reverse("clients:account") + "#notifications")


@csrf_exempt  # the link is the key; mail apps post to it without a form (RFC 8058)
def unsubscribe(request, token):
    """The one-click unsubscribe of the share emails: only the essential from now on."""
    client = services.unsubscriber(token)
    if client is None:
        return render(request, "clients/unsubscribe.html", {"refused": True}, status=404)
    if request.method == "POST":
        services.set_notifications(client, User.Notifications.ESSENTIAL)
        record("espace.unsubscribe", client, user=client)
        return render(request, "clients/unsubscribe.html", {"done": True, "client": client})
    return render(request, "clients/unsubscribe.html", {"client": client})


@client_required
def contact_details(request):
    """« Mettre à jour mes coordonnées »: a request to the lawyer, prefilled with what is known."""
    pending = request.user.contact_change_requests.filter(
        status=ContactChangeRequest.Status.PENDING
    ).first()
    initial = {name: getattr(pending or request.user, name) for name in CONTACT_FIELDS}
    form = ContactDetailsForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        values = {name: form.cleaned_data[name] for name in CONTACT_FIELDS}
        current = {name: getattr(request.user, name) for name in CONTACT_FIELDS}
        if values == current:
            if pending:
                services.withdraw_contact_change(pending)
            messages.info(request, _("These are already your contact details: nothing to send."))
            return redirect("clients:account")
        services.request_contact_change(request.user, values)
        messages.success(
            request,
            _("Your request was sent to your lawyer, who will update your contact details."),
        )
        return redirect("clients:account")
    return render(request, "clients/contact_details.html", {"nav": "account", "form": form})


def confirm_email(request, token):
    """The link sent to a new address: confirming it (by a button, not by the visit alone)."""
    if request.method == "POST":
        try:
            client = services.confirm_email_change(token)
        except services.ChangeRefused as refusal:
            return render(request, "clients/confirm_email.html", {"error": str(refusal)})
        messages.success(
            request,
            _("%(email)s is now your identifier.") % {"email": client.email},
        )
        return redirect("clients:account" if request.user.is_authenticated else "clients:login")
    return render(request, "clients/confirm_email.html", {})


def not_me(request, token):
    """« Ce n'est pas moi », from the former login address: by a button (a mail app's
    preview of the link changes nothing), the login goes back to that address and every
    session of the account ends."""
    try:
        services.change_for_not_me(token)
    except services.ChangeRefused as refusal:
        return render(request, "clients/not_me.html", {"error": str(refusal)}, status=404)
    if request.method == "POST":
        try:
            client = services.undo_email_change(token)
        except services.ChangeRefused as refusal:
            return render(request, "clients/not_me.html", {"error": str(refusal)}, status=404)
        return render(request, "clients/not_me.html", {"done": True, "email": client.email})
    return render(request, "clients/not_me.html", {})
