from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from wagtail.test.utils.form_data import querydict_from_html

from dossiers.models import Category

BOOLEAN_SUFFIXES = (*(f"-{category.access_field}" for category in Category), "payable_online")


def dossier_edit_url(dossier):
    return reverse("wagtailsnippets_dossiers_dossier:edit", args=[dossier.pk])


def edit_form_data(http_client, dossier):
    """The dossier's edit form as the admin renders it, ready to be changed and posted."""
    response = http_client.get(dossier_edit_url(dossier))
    assert response.status_code == 200
    data = querydict_from_html(response.content.decode(), form_id="w-editor-form")
    for key in list(data):
        # A ticked box without a value attribute is sent by browsers as "on".
        if key.endswith(BOOLEAN_SUFFIXES) and data[key] == "":
            data[key] = "on"
    return data


def add_inline(data, relation, fields):
    """Append one child form to ``relation``'s formset in ``data``."""
    index = int(data[f"{relation}-TOTAL_FORMS"])
    data[f"{relation}-TOTAL_FORMS"] = str(index + 1)
    data[f"{relation}-{index}-id"] = ""
    data[f"{relation}-{index}-ORDER"] = str(index)
    data[f"{relation}-{index}-DELETE"] = ""
    for name, value in fields.items():
        data[f"{relation}-{index}-{name}"] = value
    return index


def upload(name="Pièce jointe.pdf", content=b"%PDF-1.4\n%%EOF\n", content_type="application/pdf"):
    return SimpleUploadedFile(name, content, content_type=content_type)
