"""What every portal page shows of the firm: its settings, its texts, the help's address.

``portal_setup(request)`` reads them from the cache (``cache.py``) rather than with four
queries (the site, the firm's settings, the portal's page, the help page) per request.
"""

from dataclasses import dataclass

from django.utils.functional import SimpleLazyObject
from wagtail.models import Site

from .cache import CSRF_PLACEHOLDER, cached, known_host
from .models import FirmSettings, HelpIndexPage, PortalHomePage

LOGO_FILTER = "height-56"


@dataclass
class PortalSetup:
    site: Site | None
    firm: FirmSettings
    home: PortalHomePage | None
    help_url: str


def portal_setup(request):
    """The firm's set-up for the site ``request`` is for (cached, per host; read once per
    request)."""
    if not hasattr(request, "portal_setup"):
        request.portal_setup = cached(f"setup:{known_host(request)}", lambda: _load(request))
    return request.portal_setup


def _load(request):
    site = Site.find_for_request(request)
    firm = with_logo(FirmSettings.for_site(site) if site else FirmSettings(name=""))
    help_page = HelpIndexPage.objects.live().first()
    return PortalSetup(
        site=site,
        firm=firm,
        home=PortalHomePage.objects.first(),
        help_url=(help_page.get_url(request) or "") if help_page else "",
    )


def with_logo(firm):
    """``firm`` with its logo's rendition at hand (``logo_rendition``), made once."""
    firm.logo_rendition = firm.logo.get_rendition(LOGO_FILTER) if firm.logo_id else None
    return firm


def portal(request):
    """Context processor: ``portal`` (firm, home, help_url), read on first use; and, for a
    page being cached (``cache.cached_page``), a placeholder for its CSRF token."""
    context = {"portal": SimpleLazyObject(lambda: portal_setup(request))}
    if getattr(request, "caching_page", False):
        context["csrf_token"] = CSRF_PLACEHOLDER
    return context
