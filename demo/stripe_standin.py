"""A small Stripe-compatible server, for the tests and the demo (never for production).

It answers the Checkout Session calls the portal makes (create, retrieve, expire) the way
Stripe's API does, shows a "checkout page" where the payer clicks « Payer », then sends
the signed ``checkout.session.*`` webhooks to the portal, as Stripe would. Point the
portal at it with STRIPE_API_BASE; ``manage.py stripe_standin`` runs it on its own.
"""

import html
import json
import re
import secrets
import threading
import time
import urllib.request
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qsl, urlparse

import stripe


def nested(pairs):
    """Stripe's form encoding (``line_items[0][price_data][unit_amount]=1``) as dicts."""
    root = {}
    for key, value in pairs:
        parts = re.findall(r"[^\[\]]+", key)
        node = root
        for part in parts[:-1]:
            node = node.setdefault(part, {})
        node[parts[-1]] = value
    return root


class StripeStandIn:
    def __init__(self, api_key, webhook_url, webhook_secret, host="127.0.0.1", port=0):
        self.api_key = api_key
        self.webhook_url = webhook_url
        self.webhook_secret = webhook_secret
        self.sessions = {}
        self.idempotent = {}
        self.webhooks_sent = []
        self.lose_webhooks = False  # as if Stripe could not reach the portal
        self.asynchronous = False  # as if paid by a method that confirms later (SEPA)
        self.lock = threading.Lock()
        self.server = ThreadingHTTPServer((host, port), self._handler_class())
        self.thread = None

    @property
    def url(self):
        host, port = self.server.server_address[:2]
        return f"http://{host}:{port}"

    def start(self):
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()
        return self

    def stop(self):
        self.server.shutdown()
        self.server.server_close()

    # The API.

    def create_session(self, params):
        amount = sum(
            int(item["price_data"]["unit_amount"]) * int(item.get("quantity", 1))
            for item in params.get("line_items", {}).values()
        )
        currency = next(iter(params.get("line_items", {}).values()))["price_data"]["currency"]
        session_id = "cs_test_" + secrets.token_hex(12)
        session = {
            "id": session_id,
            "object": "checkout.session",
            "mode": params.get("mode", "payment"),
            "status": "open",
            "payment_status": "unpaid",
            "amount_total": amount,
            "currency": currency,
            "customer_email": params.get("customer_email"),
            "client_reference_id": params.get("client_reference_id"),
            "metadata": params.get("metadata", {}),
            "payment_intent": None,
            "success_url": params.get("success_url"),
            "cancel_url": params.get("cancel_url"),
            "url": f"{self.url}/pay/{session_id}",
            "created": int(time.time()),
        }
        self.sessions[session_id] = session
        return session

    def pay(self, session_id):
        """The payer clicked « Payer »: the session completes and the webhooks go."""
        session = self.sessions[session_id]
        session["status"] = "complete"
        session["payment_intent"] = "pi_test_" + secrets.token_hex(12)
        if self.asynchronous:
            self.send_event("checkout.session.completed", session)
            session["payment_status"] = "paid"
            self.send_event("checkout.session.async_payment_succeeded", session)
        else:
            session["payment_status"] = "paid"
            self.send_event("checkout.session.completed", session)
        return session

    def event(self, event_type, session, event_id=None):
        return {
            "id": event_id or "evt_test_" + secrets.token_hex(12),
            "object": "event",
            "type": event_type,
            "created": int(time.time()),
            "livemode": False,
            "api_version": "2026-10-28",
            "data": {"object": dict(session)},
        }

    def sign(self, payload, timestamp=None, secret=None):
        return stripe.WebhookSignature.generate_signature_header(
            payload, secret or self.webhook_secret, timestamp
        )

    def send_event(self, event_type, session):
        event = self.event(event_type, session)
        self.webhooks_sent.append(event)
        if self.lose_webhooks:
            return None
        payload = json.dumps(event)
        request = urllib.request.Request(  # noqa: S310 - the portal's own webhook URL
            self.webhook_url,
            data=payload.encode(),
            headers={"Content-Type": "application/json", "Stripe-Signature": self.sign(payload)},
            method="POST",
        )
        with urllib.request.urlopen(request, timeout=30) as response:  # noqa: S310 - our own URL
            return response.status

    def _handler_class(self):
        standin = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args):
                pass

            def _json(self, status, body):
                data = json.dumps(body).encode()
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

            def _html(self, body):
                data = body.encode()
                self.send_response(200)
                self.send_header("Content-Type", "text/html; charset=utf-8")
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

            def _redirect(self, location):
                self.send_response(303)
                self.send_header("Location", location)
                self.send_header("Content-Length", "0")
                self.end_headers()

            def _authorized(self):
                if self.headers.get("Authorization") != f"Bearer {standin.api_key}":
                    self._json(
                        401,
                        {"error": {"type": "invalid_request_error", "message": "Invalid API Key"}},
                    )
                    return False
                return True

            def _form(self):
                length = int(self.headers.get("Content-Length") or 0)
                body = self.rfile.read(length).decode()
                return nested(parse_qsl(body, keep_blank_values=True))

            def do_GET(self):  # noqa: N802 - http.server's name
                path = urlparse(self.path).path
                if match := re.fullmatch(r"/v1/checkout/sessions/([\w]+)", path):
                    if not self._authorized():
                        return
                    session = standin.sessions.get(match.group(1))
                    if session is None:
                        return self._json(404, {"error": {"message": "No such checkout.session"}})
                    return self._json(200, session)
                if match := re.fullmatch(r"/pay/([\w]+)", path):
                    session = standin.sessions.get(match.group(1))
                    if session is None or session["status"] != "open":
                        return self._html("<p>Session expirée.</p>")
                    amount = f"{session['amount_total'] / 100:.2f}".replace(".", ",")
                    return self._html(
                        "<!DOCTYPE html><html lang='fr'><head><meta charset='utf-8'>"
                        "<title>Paiement (plateforme de test)</title></head><body>"
                        f"<h1>Paiement de {amount} €</h1>"
                        f"<p>{html.escape(session.get('customer_email') or '')}</p>"
                        f"<form method='post'><button type='submit'>Payer {amount} €</button></form>"
                        f"<p><a href='{html.escape(session['cancel_url'])}'>Annuler</a></p>"
                        "</body></html>"
                    )
                self._json(404, {"error": {"message": "Unrecognized request URL"}})

            def do_POST(self):  # noqa: N802 - http.server's name
                path = urlparse(self.path).path
                if path == "/v1/checkout/sessions":
                    if not self._authorized():
                        return
                    key = self.headers.get("Idempotency-Key")
                    params = self._form()
                    with standin.lock:
                        if key and key in standin.idempotent:
                            return self._json(200, standin.idempotent[key])
                        session = standin.create_session(params)
                        if key:
                            standin.idempotent[key] = session
                    return self._json(200, session)
                if match := re.fullmatch(r"/v1/checkout/sessions/([\w]+)/expire", path):
                    if not self._authorized():
                        return
                    session = standin.sessions[match.group(1)]
                    session["status"] = "expired"
                    return self._json(200, session)
                if match := re.fullmatch(r"/pay/([\w]+)", path):
                    session = standin.pay(match.group(1))
                    return self._redirect(
                        session["success_url"].replace("{CHECKOUT_SESSION_ID}", session["id"])
                    )
                self._json(404, {"error": {"message": "Unrecognized request URL"}})

        return Handler
