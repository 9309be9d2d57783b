"""The back office's forms of a dossier and of a shared item."""

from django import forms
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from wagtail.admin.forms import WagtailAdminModelForm

from clients.models import Client
from common.scopes import scoped

from ..files import commit_private_files, keep_uploaded_files
from ..sharing.models import Dossier


def only_visible(form, name, queryset):
    """``form``'s field ``name`` chooses among ``queryset``; a posted id outside it (another
    team's) is dropped before the form shows it again: the chooser would name it."""
    form.fields[name].queryset = queryset
    key = form.add_prefix(name)
    value = form.data.get(key) if form.is_bound else None
    if value and not (str(value).isdigit() and queryset.filter(pk=value).exists()):
        forget(form, name)


def forget(form, name):
    """Show the form again without what was posted for ``name``."""
    form.data = form.data.copy()
    form.data[form.add_prefix(name)] = ""


class DossierAdminForm(WagtailAdminModelForm):
    """The dossier's edit form: a reference already taken links to the dossier that has it
    (when the lawyer may see it); its clients are those the lawyer may see."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.for_user is not None:
            visible = scoped(Client.objects.all(), self.for_user)
            for form in [*self.formsets["accesses"].forms, self.formsets["accesses"].empty_form]:
                only_visible(form, "client", visible)

    def clean_reference(self):
        """A reference already taken says which dossier has it, with a link to it (an
        interrupted creation left a draft the lawyer can open and finish)."""
        reference = self.cleaned_data["reference"]
        taken = Dossier.objects.filter(reference=reference).exclude(pk=self.instance.pk)
        if not taken.exists():
            return reference
        existing = Dossier.objects.for_staff(self.for_user).filter(pk__in=taken).first()
        if existing is None:
            # Another team's dossier: its existence is not this lawyer's to learn more of.
            raise forms.ValidationError(_("A dossier already has this reference."), code="unique")
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


class ItemAdminForm(WagtailAdminModelForm):
    """A shared item's edit form, which stores an uploaded file even for a draft.

    Saving a draft of a live item does not save its row (the draft goes into a
    revision), so Django would never store the file, and the revision would point to
    nothing. Storing it here, under its generated name, makes the revision complete.
    And a file chosen in a form that another field refused is kept for the form shown
    again (``keep_uploaded_files``).
    """

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.for_user is not None and "dossier" in self.fields:
            self.fields["dossier"].queryset = Dossier.objects.for_staff(self.for_user)

    def full_clean(self):
        super().full_clean()
        if self.is_bound and self.errors:
            keep_uploaded_files(self)
            if "dossier" in self.errors:
                # Not a dossier of the lawyer's: the chooser shown again would name it.
                forget(self, "dossier")

    def save(self, commit=True):
        instance = super().save(commit=commit)
        if not commit:
            commit_private_files(instance)
        return instance
