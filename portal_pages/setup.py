"""The page tree every portal needs, created after `migrate` when it is missing.

Wagtail's first migration leaves a placeholder "Welcome" page as the site's root;
the portal needs its own root page (the texts of its screens) with the help section
"Aide" below it, and the firm's settings. This runs after every migrate (and after a test database flush), and
changes nothing once the tree is in place.
"""

from django.conf import settings
from django.db import transaction
from wagtail.models import Locale, Page, Site

from .models import FirmSettings, HelpIndexPage, PortalHomePage


@transaction.atomic
def ensure_portal_pages():
    Locale.objects.get_or_create(language_code=settings.LANGUAGE_CODE)
    root = Page.get_first_root_node()
    if root is None:
        root = Page.add_root(title="Root", slug="root")

    home = PortalHomePage.objects.first()
    if home is None:
        home = root.add_child(instance=PortalHomePage(title="Mon espace client", slug="accueil"))
        for site in Site.objects.all():
            placeholder = site.root_page
            site.root_page = home
            site.save()
            if (
                placeholder.specific_class is Page
                and placeholder.depth == 2
                and not placeholder.get_children().exists()
            ):
                placeholder.delete()
        if not Site.objects.exists():
            Site.objects.create(hostname="localhost", port=80, root_page=home, is_default_site=True)

    if not HelpIndexPage.objects.exists():
        home.add_child(instance=HelpIndexPage(title="Aide", slug="aide"))

    # Each site's settings row, which Wagtail would otherwise create on a first read:
    # a write inside a page view, which would also drop the cache it is being read for.
    for site in Site.objects.all():
        FirmSettings.for_site(site)
