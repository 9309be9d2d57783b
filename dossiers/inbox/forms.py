"""The client's forms: « Déposer des documents » and « Contacter l'interlocuteur »."""

from django import forms
from django.utils.html import escape
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy as _

from ..sharing.models import Dossier
from .uploads import ACCEPT_ATTRIBUTE


class FetchedChoiceIterator(forms.models.ModelChoiceIterator):
    """The choices the view already made (``DossierLine.choice``), without another query."""

    def __iter__(self):
        if self.field.fetched is None:
            yield from super().__iter__()
            return
        if self.field.empty_label is not None:
            yield ("", self.field.empty_label)
        yield from self.field.fetched

    def __len__(self):
        if self.field.fetched is None:
            return super().__len__()
        return len(self.field.fetched) + (self.field.empty_label is not None)


class DossierSelect(forms.Select):
    """A select whose options are written at once from its choices, not built as one
    dictionary each and rendered through a template each (a client may have fifty
    dossiers)."""

    template_name = "dossiers/widgets/dossier_select.html"

    def optgroups(self, name, value, attrs=None):
        return []  # get_context writes the options itself

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        selected = set(context["widget"]["value"])
        # One escape() per value and label: format_html() per option cost three times as
        # much, a third of what fifty dossiers add to Accueil.
        context["widget"]["options_html"] = mark_safe(  # noqa: S308 - every part escaped
            "\n".join(
                f'<option value="{escape(choice_value)}"'
                f"{' selected' if str(choice_value) in selected else ''}>{escape(label)}</option>"
                for choice_value, label in self.choices
            )
        )
        return context


class DossierChoiceField(forms.ModelChoiceField):
    """Choices shown from ``fetched`` when given (``(pk, label)``, the same rows as
    ``queryset``); a submitted choice is still looked up in ``queryset``."""

    iterator = FetchedChoiceIterator
    widget = DossierSelect

    def __init__(self, *args, fetched=None, **kwargs):
        self.fetched = fetched
        super().__init__(*args, **kwargs)

    def label_from_instance(self, dossier):
        return f"{dossier} ({dossier.interlocutor.display_name})"


class ClientDossierFormMixin:
    """A "Dossier" field limited to the client's dossiers, when the page has no dossier.

    On a dossier's page the dossier comes from the URL (already checked); from Accueil
    the client picks one of theirs, and any other id is refused like a missing one.
    ``dossiers``, the client's dossiers as ``(pk, label)`` choices the view already
    fetched, are shown as they are.
    """

    def __init__(self, *args, user=None, dossier=None, dossiers=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.dossier = dossier
        if dossier is None:
            self.fields["dossier"] = DossierChoiceField(
                label=_("Dossier"),
                queryset=Dossier.objects.visible_to(user).select_related("interlocutor"),
                fetched=dossiers,
                empty_label=_("Choose a dossier"),
                error_messages={"invalid_choice": _("Choose one of your dossiers.")},
            )
            self.order_fields(["dossier"])

    def chosen_dossier(self):
        return self.dossier or self.cleaned_data["dossier"]


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """Several files in one field; each is checked by inbox.uploads, not here."""

    def clean(self, data, initial=None):
        return [file for file in (data or []) if file]


class DepositForm(ClientDossierFormMixin, forms.Form):
    """« Déposer des documents »: one or several files (checked in inbox.uploads)."""

    files = MultipleFileField(
        label=_("Files"),
        required=False,
        widget=MultipleFileInput(
            attrs={"accept": ACCEPT_ATTRIBUTE, "aria-describedby": "deposit-help"}
        ),
    )


class MessageForm(ClientDossierFormMixin, forms.Form):
    """« Contacter l'interlocuteur »: Dossier, Objet *, Message *."""

    subject = forms.CharField(
        label=_("Subject"),
        max_length=200,
        error_messages={"required": _("Enter the subject of your message.")},
    )
    body = forms.CharField(
        label=_("Message"),
        max_length=10000,
        widget=forms.Textarea(attrs={"rows": 8}),
        error_messages={"required": _("Write your message.")},
    )

    def clean_subject(self):
        subject = " ".join(self.cleaned_data["subject"].split())
        if not subject:
            raise forms.ValidationError(_("Enter the subject of your message."))
        return subject

    def clean_body(self):
        body = self.cleaned_data["body"].strip()
        if not body:
            raise forms.ValidationError(_("Write your message."))
        return body
