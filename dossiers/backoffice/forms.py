"""The back office's forms of a dossier and of a shared item."""

from django import forms
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from wagtail.admin.forms import WagtailAdminModelForm

from ..files import commit_private_files, keep_uploaded_files
from ..sharing.models import Dossier


class DossierAdminForm(WagtailAdminModelForm):
    """The dossier's edit form: a reference already taken links to the dossier that has it."""

    def clean_reference(self):
        """A reference already taken says which dossier has it, with a link to it (an
        interrupted creation left a draft the lawyer can open and finish)."""
        reference = self.cleaned_data["reference"]
        existing = Dossier.objects.filter(reference=reference).exclude(pk=self.instance.pk).first()
        if existing is not None:
            url = reverse("wagtailsnippets_dossiers_dossier:edit", args=[existing.pk])
            raise forms.ValidationError(
                format_html(
                    '{} <a href="{}">{}</a>',
                    _("A dossier already has this reference:"),
                    url,
                    _("open %(dossier)s%(draft)s")
                    % {
                        "dossier": existing,
                        "draft": "" if existing.live else _(" (a draft)"),
                    },
                ),
                code="unique",
            )
        return reference


class ItemAdminForm(WagtailAdminModelForm):
    """A shared item's edit form, which stores an uploaded file even for a draft.

    Saving a draft of a live item does not save its row (the draft goes into a
    revision), so Django would never store the file, and the revision would point to
    nothing. Storing it here, under its generated name, makes the revision complete.
    And a file chosen in a form that another field refused is kept for the form shown
    again (``keep_uploaded_files``).
    """

    def full_clean(self):
        super().full_clean()
        if self.is_bound and self.errors:
            keep_uploaded_files(self)

    def save(self, commit=True):
        instance = super().save(commit=commit)
        if not commit:
            commit_private_files(instance)
        return instance
