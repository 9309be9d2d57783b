"""The portal's editable parts: the firm's branding and options, its texts, its help.

Firm staff edit these in the Wagtail admin. The branding is a site setting read by
every page (header, footer, colours); the texts and the help ("Aide") are pages.
"""

from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator, RegexValidator
from django.db import models
from django.shortcuts import redirect
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel
from wagtail.contrib.settings.models import BaseSiteSetting, register_setting
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Page, Site
from wagtail.search import index

from .blocks import HelpStreamBlock
from .cache import cached
from .colours import contrast_ratio

hex_colour = RegexValidator(r"^#[0-9a-fA-F]{6}$", _("Enter a colour as #RRGGBB."))
# WCAG 2.1 AA for normal text: white text on the firm's colours must stay readable.
MINIMUM_CONTRAST = 4.5


@register_setting(icon="site")
class FirmSettings(BaseSiteSetting):
    class FirstConnection(models.TextChoices):
        ACTIVATION_LINK = "activation_link", _("An activation link to choose a password")
        TEMPORARY_PASSWORD = (
            "temporary_password",
            _("A temporary password, to be changed at first login"),
        )

    name = models.CharField(_("firm name"), max_length=120, default="Mon cabinet")
    logo = models.ForeignKey(
        "wagtailimages.Image",
        verbose_name=_("logo"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    address = models.CharField(_("address"), max_length=255, blank=True)
    phone = models.CharField(_("phone"), max_length=30, blank=True)
    email = models.EmailField(_("email"), blank=True)
    primary_colour = models.CharField(
        _("main colour"), max_length=7, default="#1d3557", validators=[hex_colour]
    )
    accent_colour = models.CharField(
        _("accent colour"), max_length=7, default="#8a1c1c", validators=[hex_colour]
    )
    online_payment_enabled = models.BooleanField(
        _("online payment"),
        default=False,
        help_text=_("Let clients pay their invoices online (Stripe Checkout)."),
    )
    first_connection = models.CharField(
        _("first connection"),
        max_length=32,
        choices=FirstConnection.choices,
        default=FirstConnection.ACTIVATION_LINK,
        help_text=_("What the invitation email gives a new client."),
    )
    revision_retention_days = models.PositiveIntegerField(
        _("history kept (days)"),
        default=365,
        validators=[MinValueValidator(1)],
        help_text=_(
            "Earlier versions of dossiers and pages older than this are deleted each night; "
            "the published version and the latest draft are always kept."
        ),
    )

    panels = [
        MultiFieldPanel(
            [
                FieldPanel("name"),
                FieldPanel("logo"),
                FieldPanel("address"),
                FieldRowPanel([FieldPanel("phone"), FieldPanel("email")]),
            ],
            heading=_("Firm"),
        ),
        FieldRowPanel([FieldPanel("primary_colour"), FieldPanel("accent_colour")]),
        MultiFieldPanel(
            [
                FieldPanel("online_payment_enabled"),
                FieldPanel("first_connection"),
                FieldPanel("revision_retention_days"),
            ],
            heading=_("Options"),
        ),
    ]

    class Meta:
        verbose_name = _("firm")

    def __str__(self):
        return self.name

    @classmethod
    def current(cls):
        """The firm's settings where no request tells the site (emails, the worker), from
        the cache (``cache.py``: dropped whenever a setting, a site or a page is saved)."""
        return cached("current", cls._current)

    @classmethod
    def _current(cls):
        site = Site.objects.filter(is_default_site=True).first() or Site.objects.first()
        return cls.for_site(site) if site else cls(name="")

    def clean(self):
        super().clean()
        errors = {}
        for field in ("primary_colour", "accent_colour"):
            value = getattr(self, field)
            try:
                hex_colour(value)
            except ValidationError:
                continue
            if contrast_ratio(value, "#ffffff") < MINIMUM_CONTRAST:
                errors[field] = _(
                    "White text on this colour is not readable enough "
                    "(contrast below 4.5:1); choose a darker colour."
                )
        if errors:
            raise ValidationError(errors)


class PortalHomePage(Page):
    """The site's root: the texts shown on the portal's own screens.

    The portal's screens themselves (Connexion, Accueil...) are views; this page holds
    what the firm writes on them. Visiting it leads to Accueil.
    """

    welcome_text = RichTextField(
        _("welcome text"),
        blank=True,
        features=["bold", "italic", "link"],
        help_text=_("Shown at the top of Accueil."),
    )
    login_text = RichTextField(
        _("login page text"),
        blank=True,
        features=["bold", "italic", "link"],
        help_text=_("Shown on the Connexion page, above the form."),
    )

    content_panels = Page.content_panels + [FieldPanel("welcome_text"), FieldPanel("login_text")]
    parent_page_types = ["wagtailcore.Page"]
    subpage_types = ["portal_pages.HelpIndexPage"]
    max_count = 1

    class Meta:
        verbose_name = _("portal home page")

    def serve(self, request, *args, **kwargs):
        # The portal's Accueil is a view; previews in the admin still render the texts.
        if getattr(request, "is_preview", False):
            return super().serve(request, *args, **kwargs)
        return redirect("dossiers:home")


class HelpIndexPage(Page):
    """ "Aide": the manual's table of contents."""

    intro = RichTextField(_("introduction"), blank=True, features=["bold", "italic", "link"])

    content_panels = Page.content_panels + [FieldPanel("intro")]
    parent_page_types = ["portal_pages.PortalHomePage"]
    subpage_types = ["portal_pages.HelpPage"]
    search_fields = Page.search_fields + [index.SearchField("intro")]
    max_count = 1

    class Meta:
        verbose_name = _("help index page")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["sections"] = self.get_children().live().public().specific()
        return context


class HelpPage(Page):
    """A section of the manual, e.g. "Ma première connexion"."""

    body = StreamField(HelpStreamBlock(), verbose_name=_("content"), blank=True)

    content_panels = Page.content_panels + [FieldPanel("body")]
    parent_page_types = ["portal_pages.HelpIndexPage", "portal_pages.HelpPage"]
    subpage_types = ["portal_pages.HelpPage"]
    search_fields = Page.search_fields + [index.SearchField("body")]

    class Meta:
        verbose_name = _("help page")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["sections"] = self.get_parent().get_children().live().public().specific()
        return context
