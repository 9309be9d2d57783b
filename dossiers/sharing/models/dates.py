"""Shared items with a date in the client's calendar: rendez-vous and procedure dates."""

import datetime

from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from wagtail.admin.panels import FieldPanel, FieldRowPanel

from common.wording import FEMININE

from .categories import Category
from .dossiers import Dossier
from .items import SharedItem


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
