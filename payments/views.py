"""« Le paiement de mes factures »: Payer (to Stripe Checkout), the return pages, the webhook."""

import logging

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import permission_required
from django.http import Http404, HttpResponse, HttpResponseBadRequest
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

from clients.decorators import client_required, only
from common.records import admin_url
from dossiers.models import Invoice

from . import services
from .models import Payment

logger = logging.getLogger(__name__)


@client_required
def pay(request, pk):
    """Open a Stripe Checkout Session for the invoice and send the client there.

    An invoice outside the client's access, or that cannot be paid online (the firm
    has turned online payment off, the lawyer has, it is paid already), is not found.
    """
    invoice = get_object_or_404(Invoice.objects.visible_to(request.user), pk=pk)
    if refused := only(request, "POST"):
        return refused
    if not services.can_pay_online(invoice):
        raise Http404
    try:
        url = services.start_checkout(invoice, request.user)
    except Exception:  # noqa: BLE001 - Stripe down: say so, change nothing
        logger.exception("Could not start the payment of invoice %s", invoice.pk)
        messages.error(
            request,
            _(
                "The payment platform cannot be reached right now. Nothing was charged; try again later."
            ),
        )
        return redirect("dossiers:category", "factures")
    return redirect(url)


def _own_payment(request, pk):
    """The client's own payment, of an invoice they still see (404 otherwise)."""
    return get_object_or_404(
        Payment.objects.select_related("invoice").filter(
            invoice__in=Invoice.objects.visible_to(request.user)
        ),
        pk=pk,
        client_id=request.user.pk,
    )


@client_required
def success(request, pk):
    """Back from Stripe: says where the payment stands, never marks anything paid."""
    payment = _own_payment(request, pk)
    return render(request, "payments/success.html", {"nav": "home", "payment": payment})


@client_required
def cancel(request, pk):
    payment = _own_payment(request, pk)
    return render(request, "payments/cancel.html", {"nav": "home", "payment": payment})


@csrf_exempt
@require_POST
def webhook(request):
    """Stripe's events, verified on the raw body; anything doubtful is a 400 that changes nothing."""
    try:
        event = services.verified_event(request.body, request.headers.get("Stripe-Signature"))
        outcome = services.process_event(event)
    except services.EventRefused as refusal:
        logger.warning("Stripe webhook refused: %s", refusal)
        return HttpResponseBadRequest("refused", content_type="text/plain")
    return HttpResponse(outcome, content_type="text/plain")


class ReviewForm(forms.Form):
    """The firm's decision on a payment to verify."""

    decision = forms.ChoiceField(choices=[(services.ACCEPT, ""), (services.REFUND, "")])
    note = forms.CharField(
        label=gettext_lazy("Note"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": gettext_lazy("Say in a note why you decide so.")},
    )


@require_POST
@permission_required("payments.change_payment", raise_exception=True)
def review(request, pk):
    """« Accepter comme règlement » or « À rembourser », from the payment's screen."""
    payment = get_object_or_404(Payment, pk=pk)
    form = ReviewForm(request.POST)
    if not form.is_valid():
        for errors in form.errors.values():
            messages.error(request, errors[0])
    elif services.review(
        payment, form.cleaned_data["decision"], form.cleaned_data["note"], request.user
    ):
        if form.cleaned_data["decision"] == services.ACCEPT:
            messages.success(request, _("The payment was accepted as settlement of the invoice."))
        else:
            messages.success(request, _("The payment is marked to refund."))
    else:
        messages.error(request, _("This payment was decided on already: nothing was changed."))
    return redirect(admin_url(Payment, "inspect", payment.pk))
