"""The lawyers' view of online payments (read only: only Stripe moves a payment)."""

from django.contrib import admin
from django.db.models import Q
from django.urls import include, path
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail_modeladmin.options import modeladmin_register

from common.home import HOME_TASKS_HOOK, HomeTask, count_mine
from common.records import RecordAdmin, listing_url
from dossiers.backoffice.home import lookup_moment, since_last_visit
from dossiers.backoffice.inbox import InterlocutorFilter

from . import views
from .models import Payment


class PaymentInterlocutorFilter(InterlocutorFilter):
    lookup = "dossier__interlocutor_id"


class PaymentAdmin(RecordAdmin):
    model = Payment
    menu_label = _("Payments")
    menu_icon = "tick-inverse"
    menu_order = 20
    menu_section = "follow_up"
    inspect_template_name = "payments/admin/payment_inspect.html"
    inspect_view_fields = [
        "invoice_number",
        "client",
        "amount",
        "status",
        "created_at",
        "paid_at",
        "checkout_session_id",
        "payment_intent_id",
    ]
    list_display = ["invoice_number", "client", "amount_display", "status", "paid_at", "created_at"]
    list_filter = ["status", PaymentInterlocutorFilter, "paid_at"]
    search_fields = ["invoice_number", "client__last_name", "client__email"]
    list_select_related = ["client"]

    @admin.display(description=_("amount"), ordering="amount")
    def amount_display(self, payment):
        return payment.get_amount_display()


modeladmin_register(PaymentAdmin)


@hooks.register(HOME_TASKS_HOOK)
def payments_received(request):
    """« À traiter »: the invoices clients paid online since the lawyer's last visit."""
    user = request.user
    if not user.has_perm("payments.view_payment"):
        return None
    since, when = since_last_visit(request)
    paid = Payment.objects.filter(status=Payment.Status.PAID, paid_at__gte=since)
    mine, firm = count_mine(paid, Q(dossier__interlocutor=user), request)
    after = lookup_moment(since)
    return HomeTask(
        order=40,
        label=_("Payments received"),
        help_text=_("Invoices paid online. %(since)s") % {"since": when},
        mine=mine,
        firm=firm,
        mine_url=listing_url(
            Payment, status=Payment.Status.PAID, interlocutor=user.pk, paid_at__gte=after
        ),
        firm_url=listing_url(Payment, status=Payment.Status.PAID, paid_at__gte=after),
    )


@hooks.register(HOME_TASKS_HOOK)
def payments_to_verify(request):
    """« À traiter »: payments received that no longer match their invoice."""
    user = request.user
    if not user.has_perm("payments.view_payment"):
        return None
    waiting = Payment.objects.filter(status=Payment.Status.TO_VERIFY)
    mine, firm = count_mine(waiting, Q(dossier__interlocutor=user), request)
    status = Payment.Status.TO_VERIFY
    return HomeTask(
        order=35,
        label=_("Payments to verify"),
        help_text=_("Paid online, but the invoice changed meanwhile: accept or refund."),
        mine=mine,
        firm=firm,
        mine_url=listing_url(Payment, status=status, interlocutor=user.pk),
        firm_url=listing_url(Payment, status=status),
    )


@hooks.register("register_admin_urls")
def payments_admin_urls():
    urls = [path("<int:pk>/decision/", views.review, name="review")]
    return [path("paiements/", include((urls, "payments_admin")))]
