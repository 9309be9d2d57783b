"""What a lawyer shares in a dossier: every item's life, documents and invoices.

Each shared item (document, rendez-vous, procedure date, invoice) is a snippet of its
own, with its own drafts, small revisions and publishing, so that the cost of a publish
follows what changes, not what the dossier holds. A client sees an item when the item
is live, its dossier is live and the client's access grants its category: every
client-facing query goes through the ``visible_to`` gates below.
"""

from decimal import Decimal

from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Case, F, Q, When
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from wagtail.admin.panels import FieldPanel, FieldRowPanel
from wagtail.models import DraftStateMixin, RevisionMixin

from common.formats import euros
from common.wording import FEMININE

from ...files import PrivateFileField, PrivateFilesMixin
from .categories import Category
from .dossiers import Dossier, signed_in


class SharedItemQuerySet(models.QuerySet):
    def visible_to(self, user):
        """The published items of this kind that ``user`` may see: the one gate for items.

        A client sees an item when its dossier is live and the client's access to that
        dossier grants the item's category. Both conditions are in one ``filter()`` so
        that they apply to the same access row.
        """
        if not signed_in(user):
            return self.none()
        return self.filter(
            live=True,
            dossier__live=True,
            dossier__accesses__client_id=user.pk,
            **{f"dossier__accesses__{self.model.category.access_field}": True},
        )

    def published(self):
        """Shared: live, in a live dossier (what its clients may see, given their access)."""
        return self.filter(live=True, dossier__live=True)

    def for_display(self):
        """The portal's order: newest first, or for dated events the soonest first.

        Upcoming events come first, the next one at the top; past ones follow, the most
        recent first. One ORDER BY, so that it paginates.
        """
        field, kind = self.model.display_order
        if kind == "newest":
            return self.order_by(f"-{field}", "-pk")
        today = timezone.localdate() if field == "date" else timezone.now()
        upcoming = Q(**{f"{field}__gte": today})
        return self.alias(
            _upcoming=Case(When(upcoming, then=F(field))),
            _past=Case(When(~upcoming, then=F(field))),
        ).order_by(F("_upcoming").asc(nulls_last=True), F("_past").desc(nulls_last=True), "pk")


class SharedItem(DraftStateMixin, RevisionMixin, models.Model):
    """What every shared item has: its dossier, its own drafts and revisions, and when its
    clients could first see it.

    ``shared_at`` is set once, when the item is first live in a live dossier (published
    in a live dossier, or its dossier published with it live): the share digest tells
    the clients of what was shared since its last email (``announcements``), so an item
    is never announced twice, and no per-client row is written.
    """

    category: Category
    dossier_relation: str

    shared_at = models.DateTimeField(
        _("shared at"), null=True, blank=True, editable=False, db_index=True
    )

    objects = SharedItemQuerySet.as_manager()

    # An item refers to nothing but its dossier: no reference index to keep (a task per save).
    wagtail_reference_index_ignore = True

    # What a restored revision takes from the row: these belong to the item's life.
    kept_from_row = ("shared_at",)

    class Meta:
        abstract = True

    def full_clean(self, exclude=None, **kwargs):
        # A dossier in hand (the form's choice, read from the database) exists: checking
        # it again is a query per validation (the form's, then the revision's).
        if self._meta.get_field("dossier").is_cached(self):
            exclude = {*(exclude or ()), "dossier"}
        super().full_clean(exclude=exclude, **kwargs)

    @classmethod
    def from_serializable_data(cls, data, check_fks=False, strict_fks=False):
        # A revision's references are the item's dossier and revisions, which the row
        # holds: not checking each one saves a query per item in a bulk publish.
        return super().from_serializable_data(data, check_fks, strict_fks)

    def with_content_json(self, content):
        """Restore a revision, keeping what belongs to the item's life, not to a revision
        (when clients were told of it), or it would be announced again."""
        obj = super().with_content_json(content)
        for field in self.kept_from_row:
            setattr(obj, field, getattr(self, field))
        return obj


class Document(PrivateFilesMixin, SharedItem):
    category = Category.DOCUMENTS
    dossier_relation = "documents"
    panels = [
        FieldRowPanel([FieldPanel("title"), FieldPanel("date")]),
        FieldPanel("file"),
    ]
    display_order = ("date", "newest")

    dossier = models.ForeignKey(
        Dossier, verbose_name=_("dossier"), on_delete=models.CASCADE, related_name="documents"
    )
    title = models.CharField(_("title"), max_length=255)
    date = models.DateField(_("date"), default=timezone.localdate)
    file = PrivateFileField(
        _("file"), folder="documents", original_name_field="filename", size_field="file_size"
    )
    filename = models.CharField(_("file name"), max_length=255, blank=True, editable=False)
    file_size = models.PositiveBigIntegerField(_("size"), null=True, blank=True, editable=False)

    class Meta:
        verbose_name = _("document")
        verbose_name_plural = _("documents")
        ordering = ["-date", "-pk"]

    def __str__(self):
        return self.title

    @staticmethod
    def count_label(count):
        return ngettext("%(count)s document", "%(count)s documents", count) % {"count": count}


class Invoice(PrivateFilesMixin, SharedItem):
    grammatical_gender = FEMININE  # « une facture »
    category = Category.INVOICES
    dossier_relation = "invoices"
    panels = [
        FieldRowPanel([FieldPanel("number"), FieldPanel("amount")]),
        FieldRowPanel([FieldPanel("issue_date"), FieldPanel("due_date")]),
        FieldPanel("pdf"),
        FieldRowPanel([FieldPanel("status"), FieldPanel("payable_online")]),
    ]
    display_order = ("issue_date", "newest")

    class Status(models.TextChoices):
        TO_PAY = "to_pay", _("To pay")
        PAID = "paid", _("Paid")
        CANCELLED = "cancelled", _("Cancelled")

    dossier = models.ForeignKey(
        Dossier, verbose_name=_("dossier"), on_delete=models.CASCADE, related_name="invoices"
    )
    number = models.CharField(_("number"), max_length=64, unique=True)
    issue_date = models.DateField(_("issue date"), default=timezone.localdate)
    due_date = models.DateField(_("due date"), null=True, blank=True)
    amount = models.DecimalField(
        _("amount in euros, tax included"),
        max_digits=12,
        decimal_places=2,
        validators=[MinValueValidator(Decimal("0.01"))],
    )
    pdf = PrivateFileField(
        _("PDF"), folder="factures", original_name_field="pdf_filename", blank=True
    )
    pdf_filename = models.CharField(_("file name"), max_length=255, blank=True, editable=False)
    status = models.CharField(
        _("status"),
        max_length=16,
        choices=Status.choices,
        default=Status.TO_PAY,
        help_text=_("Set “Paid” for a payment received outside the portal."),
    )
    payable_online = models.BooleanField(
        _("payable online"),
        default=True,
        help_text=_("Offer online payment for this invoice, when the firm enables it."),
    )

    class Meta:
        verbose_name = _("invoice")
        verbose_name_plural = _("invoices")
        ordering = ["-issue_date", "-pk"]

    def __str__(self):
        return _("Invoice %(number)s") % {"number": self.number}

    def get_amount_display(self):
        """« 1 250,50 € »."""
        return euros(self.amount)

    @staticmethod
    def count_label(count):
        return ngettext("%(count)s invoice", "%(count)s invoices", count) % {"count": count}

    def clean(self):
        super().clean()
        if self.issue_date and self.due_date and self.due_date < self.issue_date:
            raise ValidationError({"due_date": _("The due date cannot precede the issue date.")})
