from wagtail.admin.forms import WagtailAdminModelForm

from .files import commit_private_files


class DossierAdminForm(WagtailAdminModelForm):
    """The dossier's edit form, which stores uploaded files even for a draft.

    Saving a draft of a live dossier does not save its items (they go into the
    revision), so Django would never store the files attached to them, and the
    revision would point to nothing. Storing them here, under their generated names,
    makes the revision complete.
    """

    def save(self, commit=True):
        instance = super().save(commit=commit)
        if not commit:
            for formset in self.formsets.values():
                for form in formset.forms:
                    if form not in formset.deleted_forms and form.has_changed():
                        commit_private_files(form.instance)
        return instance
