"""« Le paiement de mes factures », end to end: Payer, the platform, the webhook, « Payée »."""

import re

from django.core import mail
from playwright.sync_api import expect

from notifications.tests.helpers import send_due_emails

from .test_portal import LUCE, log_in


def test_luce_pays_her_invoice_online(page, demo, stripe_standin, settings, live_server):
    settings.PORTAL_BASE_URL = live_server.url
    stripe_standin.webhook_url = f"{live_server.url}/stripe/webhook/"
    send_due_emails()
    mail.outbox.clear()

    log_in(page, *LUCE)
    page.get_by_role("link", name=re.compile(r"^Factures")).first.click()
    invoice = page.locator(".item", has_text="FA-2026-0153")
    expect(invoice).to_contain_text("À régler")
    invoice.get_by_role("button", name=re.compile("^Payer")).click()

    # The payment platform (the local Stripe stand-in).
    expect(page).to_have_url(re.compile(re.escape(stripe_standin.url) + r"/pay/cs_test_\w+"))
    expect(page.get_by_role("heading")).to_have_text("Paiement de 1250,00 €")
    page.get_by_role("button", name=re.compile("^Payer")).click()

    # Back on the portal once Stripe has confirmed through the signed webhook.
    expect(page.get_by_role("heading", level=1)).to_have_text("Paiement de la facture FA-2026-0153")
    expect(page.get_by_role("status")).to_contain_text("est confirmé")
    page.get_by_role("link", name="Retour à mes factures").click()
    invoice = page.locator(".item", has_text="FA-2026-0153")
    expect(invoice).to_contain_text("Payée")
    expect(invoice.get_by_role("button", name=re.compile("^Payer"))).to_have_count(0)

    send_due_emails()
    [receipt] = [m for m in mail.outbox if m.to == [LUCE[0]]]
    assert "FA-2026-0153" in receipt.subject
    assert "1\u00a0250,00\u00a0€" in receipt.body
