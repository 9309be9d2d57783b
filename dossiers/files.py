"""Private files: client documents, invoices and deposits.

They live in the "private" storage (settings.STORAGES), which has no URL: the only way
to read one is a view that checks access first. Each file is stored under a generated
name; the name the uploader gave is kept in a model field, for display and download.
"""

import os
import re
import unicodedata
import uuid

from django import forms
from django.core import signing
from django.core.files.storage import FileSystemStorage, storages
from django.core.files.uploadedfile import UploadedFile
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.deconstruct import deconstructible
from django.utils.translation import gettext_lazy as _
from storages.backends.s3 import S3Storage

STORED_FILE_SALT = "dossiers.files.stored-name"


def private_storage():
    return storages["private"]


class NoURLMixin:
    """A private file has no address of its own: only access-checked views serve it."""

    def url(self, name, *args, **kwargs):
        raise ValueError("Private files have no URL; serve them through a view that checks access.")


class PrivateFileSystemStorage(NoURLMixin, FileSystemStorage):
    pass


class PrivateS3Storage(NoURLMixin, S3Storage):
    pass


_UNSAFE_NAME_CHARS = re.compile(r'[\x00-\x1f\x7f/\\:*?"<>|]+')


def display_filename(name, max_length=200):
    """The uploader's file name, made safe to show and to offer as a download name.

    Keeps accents, drops any folder part, control characters and characters that file
    systems or headers refuse; never returns an empty name.
    """
    name = unicodedata.normalize("NFC", str(name or ""))
    name = name.replace("\\", "/").rsplit("/", 1)[-1]
    name = _UNSAFE_NAME_CHARS.sub("_", name).strip(" ._")
    if len(name) > max_length:
        stem, ext = os.path.splitext(name)
        name = stem[: max_length - len(ext)] + ext
    return name or "document"


@deconstructible
class GeneratedName:
    """upload_to: ``<folder>/<year>/<month>/<random>.<ext>``, never the client's name."""

    def __init__(self, folder):
        self.folder = folder

    def __call__(self, instance, filename):
        ext = os.path.splitext(filename)[1].lower()
        if not re.fullmatch(r"\.[a-z0-9]{1,8}", ext):
            ext = ""
        now = timezone.now()
        return f"{self.folder}/{now:%Y/%m}/{uuid.uuid4().hex}{ext}"

    def __eq__(self, other):
        return isinstance(other, GeneratedName) and other.folder == self.folder


class PrivateFileField(models.FileField):
    """A FileField in the private storage, under a generated name.

    ``original_name_field`` and ``size_field`` name sibling fields that receive the
    uploader's file name and the size when a new file is stored.
    """

    def __init__(self, *args, folder="files", original_name_field=None, size_field=None, **kw):
        kw.setdefault("storage", private_storage)
        kw.setdefault("upload_to", GeneratedName(folder))
        kw.setdefault("max_length", 255)
        self.original_name_field = original_name_field
        self.size_field = size_field
        super().__init__(*args, **kw)

    def deconstruct(self):
        name, path, args, kwargs = super().deconstruct()
        kwargs.pop("max_length", None)
        if kwargs.get("storage") is private_storage:
            kwargs.pop("storage")
        kwargs["original_name_field"] = self.original_name_field
        kwargs["size_field"] = self.size_field
        return name, path, args, kwargs

    def formfield(self, **kwargs):
        return super().formfield(**{"form_class": PrivateFileFormField, **kwargs})

    def save_form_data(self, instance, data):
        if isinstance(data, StoredName):
            if self.original_name_field and data.original_name:
                setattr(instance, self.original_name_field, data.original_name)
            if self.size_field and data.size is not None:
                setattr(instance, self.size_field, data.size)
            data = str(data)
        super().save_form_data(instance, data)

    def commit(self, instance):
        """Store a newly attached file now (e.g. for a draft that is not saved yet)."""
        file = getattr(instance, self.attname)
        if not file:
            return
        uploaded_as = file.name
        # Django's own pre_save stores a file not stored yet, under a generated name.
        self.pre_save(instance, add=False)
        if file.name != uploaded_as:  # it was new: stored now
            if self.original_name_field:
                setattr(instance, self.original_name_field, display_filename(uploaded_as))
            if self.size_field:
                setattr(instance, self.size_field, file.size)


class StoredName(str):
    """A file name already in the private storage, carried over from a draft, with the
    uploader's name and the size that the draft's item would otherwise forget."""

    original_name = ""
    size = None

    @classmethod
    def from_token(cls, token):
        payload = signing.loads(token, salt=STORED_FILE_SALT)
        stored = cls(payload["name"])
        stored.original_name = payload.get("original_name", "")
        stored.size = payload.get("size")
        return stored

    @staticmethod
    def token_for(name, original_name, size):
        """The signed form of the stored file ``name`` (a file's name in the storage)."""
        payload = {"name": name, "original_name": original_name, "size": size}
        return signing.dumps(payload, salt=STORED_FILE_SALT)


class PrivateFileInput(forms.ClearableFileInput):
    """A file input for private files, which survives drafts.

    It names the current file by the name its uploader gave (private files have no
    URL to link to), and carries the stored file's name in a signed hidden field: an
    item that exists only in a draft has no database row to find its file again, and a
    browser never sends a file twice.
    """

    template_name = "dossiers/widgets/private_file_input.html"
    initial_text = _("Current file")

    def stored_field_name(self, name):
        return name + "-stored"

    def is_initial(self, value):
        return isinstance(value, StoredName) or bool(value and getattr(value, "name", None))

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        if isinstance(value, StoredName):
            # Kept from a form shown again (``keep_uploaded_files``): stored already.
            stored, original, size = str(value), value.original_name, value.size
        elif self.is_initial(value):
            field = getattr(value, "field", None)
            instance = getattr(value, "instance", None)
            name_field = getattr(field, "original_name_field", None)
            size_field = getattr(field, "size_field", None)
            stored = value.name
            original = getattr(instance, name_field, "") if name_field else ""
            size = getattr(instance, size_field, None) if size_field else None
        else:
            return context
        token = StoredName.token_for(stored, original, size)
        context["widget"].update(
            {
                "display_name": original or os.path.basename(stored),
                "stored_name": self.stored_field_name(name),
                "stored_token": token,
                # The same signed name serves the firm's link to this very file (a
                # draft's, too), through a view that checks the permission.
                "download_url": reverse("dossiers_admin:stored_file", args=[token]),
            }
        )
        return context

    def value_from_datadict(self, data, files, name):
        upload = super().value_from_datadict(data, files, name)
        if upload or upload is False:
            return upload
        token = data.get(self.stored_field_name(name))
        if token:
            try:
                return StoredName.from_token(token)
            except (signing.BadSignature, KeyError, TypeError):
                return upload
        return upload


class PrivateFileFormField(forms.FileField):
    widget = PrivateFileInput

    def clean(self, data, initial=None):
        if isinstance(data, StoredName):
            return data
        return super().clean(data, initial)

    def bound_data(self, data, initial):
        # A browser never sends a file again: a form shown again shows the stored one.
        return data if isinstance(data, StoredName) else super().bound_data(data, initial)

    def has_changed(self, initial, data):
        if isinstance(data, StoredName):
            return getattr(initial, "name", None) != str(data)
        return super().has_changed(initial, data)


def keep_uploaded_files(form):
    """A file chosen in a form that another field refused is stored now, under its
    generated name, and the form shown again carries it (its signed name): the lawyer
    does not choose it again, and a draft saved next finds it stored."""
    kept = {}
    for name, field in form.fields.items():
        upload = form.cleaned_data.get(name)
        if not isinstance(field, PrivateFileFormField) or not isinstance(upload, UploadedFile):
            continue
        holder = form._meta.model()
        setattr(holder, name, upload)
        commit_private_files(holder)
        model_field = holder._meta.get_field(name)
        stored = StoredName(getattr(holder, name).name)
        stored.original_name = getattr(holder, model_field.original_name_field or "", "") or ""
        stored.size = upload.size
        kept[field.widget.stored_field_name(form.add_prefix(name))] = StoredName.token_for(
            str(stored), stored.original_name, stored.size
        )
        kept[form.add_prefix(name)] = None
    if kept:
        form.data = form.data.copy()
        form.files = form.files.copy()
        for key, token in kept.items():
            if token is None:
                form.files.pop(key, None)
            else:
                form.data[key] = token


def commit_private_files(instance):
    for field in instance._meta.fields:
        if isinstance(field, PrivateFileField):
            field.commit(instance)


class PrivateFilesMixin(models.Model):
    """Stores new private files (and records their names) before the row is saved."""

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        commit_private_files(self)
        super().save(*args, **kwargs)
