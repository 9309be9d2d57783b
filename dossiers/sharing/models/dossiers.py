"""A dossier and its clients, each with the categories of items they may see.

A dossier is a Wagtail snippet with drafts, revisions and publishing. Its clients (with
the categories each may see) are django-modelcluster children, edited inline and stored
in the dossier's revisions, since access is what clients see.
"""

from django.conf import settings
from django.core.cache import cache
from django.db import models, transaction
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from modelcluster.models import ClusterableModel
from wagtail.admin.panels import FieldPanel
from wagtail.contrib.settings.models import BaseGenericSetting, register_setting
from wagtail.models import DraftStateMixin, LockableMixin, RevisionMixin

from .categories import Category


def signed_in(user):
    """The gates' first condition: a logged-in account that is still active."""
    return bool(getattr(user, "is_authenticated", False) and user.is_active)


class DossierQuerySet(models.QuerySet):
    def visible_to(self, user):
        """The published dossiers that ``user`` is a client of: the one gate for dossiers."""
        if not signed_in(user):
            return self.none()
        return self.filter(live=True, accesses__client_id=user.pk)

    def for_staff(self, user, request=None):
        """The dossiers a member of the firm may see: every one, unless the firm keeps
        each dossier to its team (:class:`TeamAccessSettings`); then those ``user`` is
        the interlocutor of or in the team of. The firm's admins see every one."""
        if not signed_in(user) or not user.is_staff:
            return self.none()
        if not TeamAccessSettings.restricts(user, request):
            return self
        teams = Dossier.team.through.objects.filter(user_id=user.pk)
        return self.filter(Q(interlocutor_id=user.pk) | Q(pk__in=teams.values("dossier_id")))


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
    # Who else works on the dossier. Outside the revisions: a team change applies at
    # once, is audited (``dossiers.team``), and is made on the dossier's « Équipe ».
    team = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("team"),
        blank=True,
        related_name="dossier_teams",
        help_text=_("The firm's members who work on this dossier with its interlocutor."),
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


TEAM_ONLY_CACHE_KEY = "dossiers:team_only"
# A change is seen at once (the cache is dropped on save); this bounds a change made
# around the application (in the database itself).
TEAM_ONLY_CACHE_SECONDS = 300


@register_setting(icon="group")
class TeamAccessSettings(BaseGenericSetting):
    """Whether each dossier is kept to its interlocutor and its team.

    Off by default, and for every firm that existed before: everyone in the firm sees
    every dossier, as a small firm expects. On, a member of the firm sees only the
    dossiers they are the interlocutor of or in the team of, and their clients; the
    firm's admins see everything.
    """

    team_only = models.BooleanField(
        _("each dossier seen by its team only"),
        default=False,
        help_text=_(
            "On: a lawyer sees only the dossiers they are the interlocutor of or in the "
            "team of, and the clients of those dossiers. The firm's admins see everything."
        ),
    )

    panels = [FieldPanel("team_only")]

    class Meta:
        verbose_name = _("access to dossiers")

    def save(self, *args, **kwargs):
        super().save(*args, **kwargs)
        cache.delete(TEAM_ONLY_CACHE_KEY)
        transaction.on_commit(lambda: cache.delete(TEAM_ONLY_CACHE_KEY))

    @classmethod
    def team_only_now(cls):
        """The setting, from the shared cache (no query on most requests); read from the
        table, without creating its row, when the cache has it not."""
        team_only = cache.get(TEAM_ONLY_CACHE_KEY)
        if team_only is None:
            team_only = cls.objects.filter(team_only=True).exists()
            cache.set(TEAM_ONLY_CACHE_KEY, team_only, TEAM_ONLY_CACHE_SECONDS)
        return team_only

    @classmethod
    def restricts(cls, user, request=None):
        """Whether ``user`` sees only their teams' dossiers (the setting on, not an admin)."""
        return not user.is_superuser and cls.team_only_now()
