"""Dossiers and what a lawyer shares in them.

A dossier is a Wagtail snippet with drafts, revisions and publishing. Its clients (with
the categories each may see) are django-modelcluster children, edited inline and stored
in the dossier's revisions, since access is what clients see.

Each shared item (document, rendez-vous, procedure date, invoice) is a snippet of its
own, with its own drafts, small revisions and publishing, so that the cost of a publish
follows what changes, not what the dossier holds. A client sees an item when the item
is live, its dossier is live and the client's access grants its category: every
client-facing query goes through the ``visible_to`` gates below.
"""

import datetime
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Case, F, Q, When
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from modelcluster.fields import ParentalKey
from modelcluster.models import ClusterableModel
from wagtail.admin.panels import FieldPanel, FieldRowPanel
from wagtail.models import DraftStateMixin, LockableMixin, RevisionMixin

from common.wording import FEMININE

from ..files import PrivateFileField, PrivateFilesMixin


class Category(models.TextChoices):
    """The four kinds of shared items; the values are the portal's URL slugs.

    Everything else about a category is its item model's (ITEM_MODELS): the dossier's
    relation to its items, which is also the name of the access field that grants it,
    how items are counted, the back office's panels.
    """

    DOCUMENTS = "documents", _("Documents")
    APPOINTMENTS = "rendez-vous", _("Appointments")
    PROCEDURE_DATES = "dates-de-procedure", _("Procedure dates")
    INVOICES = "factures", _("Invoices")

    @property
    def model(self):
        return ITEM_MODELS[self]

    def count_label(self, count):
        """ "3 documents", "1 rendez-vous": how emails and pages count items."""
        return self.model.count_label(count)

    @property
    def access_field(self):
        """The DossierAccess field that grants this category: the relation's name."""
        return self.model.dossier_relation


class DossierQuerySet(models.QuerySet):
    def visible_to(self, user):
        """The published dossiers that ``user`` is a client of: the one gate for dossiers."""
        if not getattr(user, "is_authenticated", False) or not user.is_active:
            return self.none()
        return self.filter(live=True, accesses__client_id=user.pk)


class Dossier(DraftStateMixin, RevisionMixin, LockableMixin, ClusterableModel):
    class Status(models.TextChoices):
        OPEN = "open", _("In progress")
        CLOSED = "closed", _("Closed")

    reference = models.CharField(
        _("reference"),
        max_length=64,
        unique=True,
        help_text=_("The firm's reference, e.g. 2017IIDOS/1529."),
    )
    short_name = models.CharField(
        _("short name"), max_length=64, help_text=_("e.g. ALEXAN, shown after the reference.")
    )
    interlocutor = models.ForeignKey(
        "clients.Lawyer",
        verbose_name=_("interlocutor"),
        on_delete=models.PROTECT,
        related_name="dossiers_as_interlocutor",
        help_text=_("The lawyer the clients write to."),
    )
    status = models.CharField(
        _("status"), max_length=16, choices=Status.choices, default=Status.OPEN
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    objects = DossierQuerySet.as_manager()

    class Meta:
        verbose_name = _("dossier")
        verbose_name_plural = _("dossiers")
        ordering = ["reference"]

    def __str__(self):
        return self.label(self.reference, self.short_name)

    @staticmethod
    def label(reference, short_name):
        """How a dossier is named ("2017IIDOS/1529 - ALEXAN"), without an instance."""
        return f"{reference} - {short_name}" if short_name else reference


class DossierAccess(models.Model):
    """A client of a dossier, and the categories of items that client may see."""

    dossier = ParentalKey(Dossier, on_delete=models.CASCADE, related_name="accesses")
    client = models.ForeignKey(
        "clients.Client",
        verbose_name=_("client"),
        on_delete=models.CASCADE,
        related_name="dossier_accesses",
    )
    documents = models.BooleanField(_("Documents"), default=True)
    appointments = models.BooleanField(_("Appointments"), default=True)
    procedure_dates = models.BooleanField(_("Procedure dates"), default=True)
    invoices = models.BooleanField(_("Invoices"), default=True)

    class Meta:
        verbose_name = _("client access")
        verbose_name_plural = _("client accesses")
        constraints = [
            models.UniqueConstraint(fields=["dossier", "client"], name="dossiers_access_unique"),
        ]

    def __str__(self):
        return f"{self.client} → {self.dossier}"

    @property
    def categories(self):
        return [category for category in Category if getattr(self, category.access_field)]


class SharedItemQuerySet(models.QuerySet):
    def visible_to(self, user):
        """The published items of this kind that ``user`` may see: the one gate for items.

        A client sees an item when its dossier is live and the client's access to that
        dossier grants the item's category. Both conditions are in one ``filter()`` so
        that they apply to the same access row.
        """
        if not getattr(user, "is_authenticated", False) or not user.is_active:
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
        if "dossier" in self._state.fields_cache:
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


class DatedItem(SharedItem):
    """A shared item in the client's calendar: a rendez-vous or a procedure date.

    When what a client was told changes (the date, the time, the place) or the item is
    cancelled, the client is told again (``calendars.tell_date_changes``): ``announced_as``
    remembers what its last publish said, and survives restored revisions like
    ``shared_at``.
    """

    cancelled = models.BooleanField(
        _("cancelled"),
        default=False,
        help_text=_("The client sees it cancelled and is told by email; calendars drop it."),
    )
    announced_as = models.CharField(max_length=255, blank=True, editable=False)

    kept_from_row = (*SharedItem.kept_from_row, "announced_as")

    class Meta:
        abstract = True

    def fingerprint(self):
        return "|".join(str(value) for value in (*self.what_clients_are_told(), self.cancelled))


class Appointment(DatedItem):
    category = Category.APPOINTMENTS
    dossier_relation = "appointments"
    panels = [
        FieldPanel("subject"),
        FieldRowPanel([FieldPanel("starts_at"), FieldPanel("ends_at")]),
        FieldPanel("location"),
        FieldPanel("note"),
        FieldPanel("cancelled"),
    ]
    display_order = ("starts_at", "soonest")

    dossier = models.ForeignKey(
        Dossier, verbose_name=_("dossier"), on_delete=models.CASCADE, related_name="appointments"
    )
    subject = models.CharField(_("subject"), max_length=255)
    starts_at = models.DateTimeField(_("starts at"))
    ends_at = models.DateTimeField(_("ends at"), null=True, blank=True)
    location = models.CharField(_("place"), max_length=255, blank=True)
    note = models.TextField(_("note"), blank=True)

    class Meta:
        verbose_name = _("appointment")
        verbose_name_plural = _("appointments")
        ordering = ["starts_at", "pk"]

    def __str__(self):
        return self.subject

    @staticmethod
    def count_label(count):
        return ngettext("%(count)s appointment", "%(count)s appointments", count) % {"count": count}

    def what_clients_are_told(self):
        return (
            self.starts_at.isoformat(),
            self.ends_at and self.ends_at.isoformat(),
            self.location,
        )

    def clean(self):
        super().clean()
        if self.starts_at and self.ends_at and self.ends_at <= self.starts_at:
            raise ValidationError({"ends_at": _("The end must come after the start.")})


class ProcedureDate(DatedItem):
    grammatical_gender = FEMININE  # « une date de procédure »
    category = Category.PROCEDURE_DATES
    dossier_relation = "procedure_dates"
    panels = [
        FieldRowPanel([FieldPanel("kind"), FieldPanel("date"), FieldPanel("time")]),
        FieldPanel("jurisdiction"),
        FieldPanel("note"),
        FieldPanel("cancelled"),
    ]
    display_order = ("date", "soonest")

    class Kind(models.TextChoices):
        HEARING = "hearing", _("Hearing")
        DEADLINE = "deadline", _("Deadline")
        EXPERT_ASSESSMENT = "expert_assessment", _("Expert assessment")
        MEDIATION = "mediation", _("Mediation")
        OTHER = "other", _("Other")

    dossier = models.ForeignKey(
        Dossier, verbose_name=_("dossier"), on_delete=models.CASCADE, related_name="procedure_dates"
    )
    kind = models.CharField(_("kind"), max_length=32, choices=Kind.choices, default=Kind.HEARING)
    date = models.DateField(_("date"))
    time = models.TimeField(_("time"), null=True, blank=True)
    jurisdiction = models.CharField(_("jurisdiction"), max_length=255, blank=True)
    note = models.TextField(_("note"), blank=True)

    class Meta:
        verbose_name = _("procedure date")
        verbose_name_plural = _("procedure dates")
        ordering = ["date", "time", "pk"]

    def __str__(self):
        return f"{self.get_kind_display()} {self.date:%d/%m/%Y}"

    @staticmethod
    def count_label(count):
        return ngettext("%(count)s procedure date", "%(count)s procedure dates", count) % {
            "count": count
        }

    def what_clients_are_told(self):
        return (self.date.isoformat(), self.time and self.time.isoformat(), self.jurisdiction)

    @property
    def moment(self):
        """The date with its time when there is one, in the firm's time zone."""
        if self.time is None:
            return self.date
        return timezone.make_aware(datetime.datetime.combine(self.date, self.time))


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
        _("amount (EUR, tax included)"),
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

    @staticmethod
    def count_label(count):
        return ngettext("%(count)s invoice", "%(count)s invoices", count) % {"count": count}

    def clean(self):
        super().clean()
        if self.issue_date and self.due_date and self.due_date < self.issue_date:
            raise ValidationError({"due_date": _("The due date cannot precede the issue date.")})


ITEM_MODELS = {model.category: model for model in (Document, Appointment, ProcedureDate, Invoice)}
