"""Run the Stripe stand-in (demo/stripe_standin.py) for the demo: « Payer » works offline.

`make run` starts it on port 12111; the development settings point the Stripe client at
it unless real Stripe keys are in the environment. It lives in the `demo` app, which
production does not install, so that production has no such command.
"""

from django.conf import settings
from django.core.management.base import BaseCommand

from demo.stripe_standin import StripeStandIn


class Command(BaseCommand):
    help = "Serve a local Stripe-compatible API and checkout page for the demo."

    def add_arguments(self, parser):
        parser.add_argument("--port", type=int, default=12111)

    def handle(self, *args, port, **options):
        standin = StripeStandIn(
            api_key=settings.STRIPE_SECRET_KEY,
            webhook_url=f"{settings.PORTAL_BASE_URL}/stripe/webhook/",
            webhook_secret=settings.STRIPE_WEBHOOK_SECRET,
            port=port,
        )
        self.stdout.write(f"Stripe stand-in on {standin.url} (webhooks to {standin.webhook_url})")
        try:
            standin.server.serve_forever()
        except KeyboardInterrupt:
            pass
        finally:
            standin.server.server_close()
