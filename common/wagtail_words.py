"""Wagtail's and wagtail-modeladmin's own sentences that their French catalogues write
as a content-management system would (« Inspecter ce/cette dépôt », « Supprimer les
fragments sélectionnés », « 6 entrées de journal de modèle »).

The project's catalogue comes before the apps' (``LOCALE_PATHS``), so listing their
message ids here puts them in it (``make messages``), with the firm's words: « Voir le
détail », « Supprimer la sélection », « 6 événements ». Nothing imports this module.
A French sentence that needs no model name leaves the placeholder out, hence the
``no-python-format`` marks (Python's gettext does not require it; msgfmt would).
"""

from django.utils.translation import gettext_noop, ngettext_lazy

WAGTAIL_WORDS = [
    # wagtail-modeladmin's listings and inspect views.
    gettext_noop("Inspect"),
    # xgettext:no-python-format
    gettext_noop("Inspect this %(object)s"),
    gettext_noop("Inspecting"),
    # xgettext:no-python-format
    gettext_noop("Inspecting %(object)s"),
    # xgettext:no-python-format
    gettext_noop("Back to %(model_name)s list"),
    # Wagtail's snippet listings and histories, and their bulk bar.
    gettext_noop("Delete selected snippets"),
    gettext_noop("1 snippet selected"),
    gettext_noop("%(objects)s snippets selected"),
    gettext_noop("All %(objects)s snippets on this screen selected"),
    gettext_noop("All snippets in listing selected"),
    gettext_noop("model log entry"),
    gettext_noop("model log entries"),
    # xgettext:no-python-format
    gettext_noop("Edit this %(object)s"),
    # Withdrawing or deleting a shared item, and a lock.
    # xgettext:no-python-format
    gettext_noop("Are you sure you want to unpublish this %(model_name)s?"),
    ngettext_lazy(
        "This %(model_name)s is referenced %(usage_count)s time.",
        "This %(model_name)s is referenced %(usage_count)s times.",
        1,
    ),
    # xgettext:no-python-format
    gettext_noop("Anyone can edit this %(model_name)s"),
    # Moving the portal's pages.
    gettext_noop("Are you sure you want to move these pages?"),
    gettext_noop("Are you sure you want to move this page into '%(title)s'?"),
    gettext_noop(
        "Are you sure you want to move this page and all of its children into '%(title)s'?"
    ),
    # The firm admin's workflow reports.
    gettext_noop("No pages/snippets have been submitted for moderation yet"),
]
