"""Fixtures shared by every app's tests: two clients (for every access test), a lawyer."""

import datetime

import pytest

from clients.factories import ClientFactory, LawyerFactory


@pytest.fixture
def lawyer(db):
    return LawyerFactory(first_name="Fabien", last_name="DELMAS")


@pytest.fixture
def lawyer_session(client, lawyer):
    """The test client logged in as the lawyer (in the firm's lawyers' group)."""
    client.force_login(lawyer)
    return client


# Clients who have already logged in once: a client who never did gets a first-connection
# email instead of a share digest (dossiers/announcements.py).
ACTIVATED = datetime.datetime(2026, 1, 5, 9, 0, tzinfo=datetime.UTC)


@pytest.fixture
def client_a(db):
    return ClientFactory(first_name="Luce", last_name="ALEXANDER", last_login=ACTIVATED)


@pytest.fixture
def client_b(db):
    return ClientFactory(first_name="Marc", last_name="DUPONT", last_login=ACTIVATED)


@pytest.fixture
def online_payment(db):
    """The firm offers online payment."""
    from wagtail.models import Site

    from portal_pages.models import FirmSettings

    firm = FirmSettings.for_site(Site.objects.get(is_default_site=True))
    firm.online_payment_enabled = True
    firm.save()
    return firm


@pytest.fixture
def stripe_standin(settings):
    """A local Stripe-compatible server, with the portal pointed at it (STRIPE_API_BASE)."""
    from demo.stripe_standin import StripeStandIn

    standin = StripeStandIn(
        api_key="sk_test_standin",
        webhook_url="http://127.0.0.1:9/stripe/webhook/",
        webhook_secret="whsec_test_standin",
    ).start()
    settings.STRIPE_SECRET_KEY = standin.api_key
    settings.STRIPE_WEBHOOK_SECRET = standin.webhook_secret
    settings.STRIPE_API_BASE = standin.url
    yield standin
    standin.stop()


@pytest.fixture(autouse=True)
def _fresh_cache():
    """Rate limits live in the caches: every test starts with none spent."""
    from django.core.cache import caches

    for cache in caches.all(initialized_only=True):
        cache.clear()
    yield
