"""Accounts: one user model for clients and lawyers, logging in with their email.

A client is a user without staff rights; the ``Client`` proxy is the back office's
view of them. The contact details are the manual's ("Mettre à jour mes
coordonnées"): Nom, Prénom, E-mail, Adresse, Code postal, Ville, Tél, Mobile.
"""

import secrets

from django.contrib.auth.base_user import BaseUserManager
from django.contrib.auth.hashers import check_password, make_password
from django.contrib.auth.models import AbstractUser
from django.core.validators import MaxValueValidator
from django.db import models
from django.db.models.functions import Lower
from django.utils import timezone
from django.utils.crypto import get_random_string, salted_hmac
from django.utils.translation import gettext_lazy as _
from django_otp.models import Device, ThrottlingMixin

from common.wording import FEMININE


class UserManager(BaseUserManager):
    use_in_migrations = True

    @classmethod
    def normalize_email(cls, email):
        """Emails are identifiers here: compare and store them in lower case."""
        return (email or "").strip().lower()

    def get_by_natural_key(self, username):
        return self.get(email=self.normalize_email(username))

    def _create_user(self, email, password, **extra_fields):
        if not email:
            raise ValueError("An email address is required.")
        user = self.model(email=self.normalize_email(email), **extra_fields)
        if password:
            user.set_password(password)
        else:
            user.set_unusable_password()
        user.save(using=self._db)
        return user

    def create_user(self, email, password=None, **extra_fields):
        extra_fields.setdefault("is_staff", False)
        extra_fields.setdefault("is_superuser", False)
        return self._create_user(email, password, **extra_fields)

    def create_superuser(self, email, password=None, **extra_fields):
        extra_fields.setdefault("is_staff", True)
        extra_fields.setdefault("is_superuser", True)
        return self._create_user(email, password, **extra_fields)


class User(AbstractUser):
    username = None
    email = models.EmailField(_("email address"), unique=True)

    address = models.CharField(_("address"), max_length=255, blank=True)
    postal_code = models.CharField(_("postal code"), max_length=10, blank=True)
    city = models.CharField(_("city"), max_length=100, blank=True)
    phone = models.CharField(_("phone"), max_length=30, blank=True)
    mobile = models.CharField(_("mobile"), max_length=30, blank=True)

    must_change_password = models.BooleanField(
        _("must change password"),
        default=False,
        help_text=_("Set when the client received a temporary password."),
    )
    invited_at = models.DateTimeField(_("last invited at"), null=True, blank=True, editable=False)
    # Raised to end every session of the account at its next request (``end_sessions``).
    session_epoch = models.PositiveIntegerField(default=0, editable=False)
    # Set when a firm admin resets the second factor: the next login must come through
    # a one-time link sent to the account's own address, not the password alone.
    login_link_required_since = models.DateTimeField(null=True, blank=True, editable=False)

    class Notifications(models.TextChoices):
        EACH_SHARE = "each", _("At each share")
        DAILY = "daily", _("A summary a day")
        ESSENTIAL = "essential", _("Only the essential")

    notifications = models.CharField(
        _("emails about new items"),
        max_length=16,
        choices=Notifications.choices,
        default=Notifications.EACH_SHARE,
        help_text=_(
            "Essential emails always go: first connection, password, payment receipts, "
            "answers to messages."
        ),
    )
    digest_hour = models.PositiveSmallIntegerField(
        _("hour of the daily summary"),
        default=18,
        validators=[MaxValueValidator(23)],
    )

    USERNAME_FIELD = "email"
    EMAIL_FIELD = "email"
    REQUIRED_FIELDS = ["first_name", "last_name"]

    objects = UserManager()

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")
        ordering = ["last_name", "first_name"]
        constraints = [
            models.UniqueConstraint(Lower("email"), name="clients_user_email_ci_unique"),
        ]

    def __str__(self):
        return self.display_name or self.email

    def save(self, *args, **kwargs):
        self.email = UserManager.normalize_email(self.email)
        if not self.password:
            self.set_unusable_password()
        super().save(*args, **kwargs)

    def clean(self):
        super().clean()
        self.email = UserManager.normalize_email(self.email)

    def set_password(self, raw_password):
        # What the password was, for the notice of its change (``PasswordChangeNotice``):
        # an account's first password is no change.
        self.password_before_change = self.password
        super().set_password(raw_password)

    def get_session_auth_hash(self):
        """Django's check of a session against its account: a hash of the password, and
        here of ``session_epoch`` too, so that raising it ends every session of the
        account (a password changed elsewhere, a login email restored). At 0 the hash is
        Django's own: no session ended by the upgrade that brought the epoch."""
        if not self.session_epoch:
            return super().get_session_auth_hash()
        return salted_hmac(
            "clients.models.User.get_session_auth_hash",
            f"{self.password}:{self.session_epoch}",
            algorithm="sha256",
        ).hexdigest()

    @property
    def display_name(self):
        """The firm's way of naming people: "DELMAS Fabien"."""
        return self.name_of(self.first_name, self.last_name)

    @staticmethod
    def name_of(first_name, last_name):
        """``display_name`` from the two names, without an instance."""
        return " ".join(part for part in (last_name.upper(), first_name) if part)

    def get_full_name(self):
        return self.display_name

    def get_short_name(self):
        return self.first_name

    @property
    def is_client(self):
        return not (self.is_staff or self.is_superuser)

    @property
    def portal_access(self):
        """Where the account stands with the portal, read from its own row (no query):
        « Jamais invité », « Invité le 03/11/2026 », « Activé » (a password of their own,
        never used to log in), « Dernière connexion le 05/11/2026 »."""
        if self.last_login:
            return _("Last login on %(date)s") % {"date": _day(self.last_login)}
        if self.has_usable_password() and not self.must_change_password:
            return _("Activated")
        if self.invited_at:
            return _("Invited on %(date)s") % {"date": _day(self.invited_at)}
        return _("Never invited")


def _day(moment):
    return timezone.localtime(moment).strftime("%d/%m/%Y")


class ClientManager(UserManager):
    def get_queryset(self):
        return super().get_queryset().filter(is_staff=False, is_superuser=False)


class Client(User):
    """The back office's view of a client: a user without staff rights."""

    objects = ClientManager()

    class Meta:
        proxy = True
        verbose_name = _("client")
        verbose_name_plural = _("clients")
        ordering = ["last_name", "first_name"]

    def save(self, *args, **kwargs):
        # A client never gets back-office rights through this model.
        self.is_staff = False
        self.is_superuser = False
        super().save(*args, **kwargs)


class LawyerManager(UserManager):
    def get_queryset(self):
        return super().get_queryset().filter(is_staff=True, is_active=True)


class Lawyer(User):
    """A member of the firm, who can be a dossier's interlocutor."""

    objects = LawyerManager()

    class Meta:
        proxy = True
        verbose_name = _("lawyer")
        verbose_name_plural = _("lawyers")
        ordering = ["last_name", "first_name"]


CONTACT_FIELDS = [
    "last_name",
    "first_name",
    "email",
    "address",
    "postal_code",
    "city",
    "phone",
    "mobile",
]


class ContactChangeRequest(models.Model):
    """« Mettre à jour mes coordonnées »: what a client asks to change, for a lawyer to apply.

    It holds the proposed values of every contact field; the client's record changes only
    when a lawyer applies it, and a new email becomes the login only once its owner has
    confirmed it through a link sent to that address.
    """

    grammatical_gender = FEMININE  # « une demande de modification »

    class Status(models.TextChoices):
        PENDING = "pending", _("Pending")
        APPLIED = "applied", _("Applied")
        REJECTED = "rejected", _("Rejected")
        # The owner of the former address said « Ce n'est pas moi »: it was restored.
        CANCELLED = "cancelled", _("Cancelled by the account's owner")

    client = models.ForeignKey(
        User,
        verbose_name=_("client"),
        on_delete=models.CASCADE,
        related_name="contact_change_requests",
    )
    last_name = models.CharField(_("last name"), max_length=150)
    first_name = models.CharField(_("first name"), max_length=150)
    email = models.EmailField(_("email address"))
    address = models.CharField(_("address"), max_length=255)
    postal_code = models.CharField(_("postal code"), max_length=10)
    city = models.CharField(_("city"), max_length=100)
    phone = models.CharField(_("phone"), max_length=30, blank=True)
    mobile = models.CharField(_("mobile"), max_length=30, blank=True)
    status = models.CharField(
        _("status"), max_length=16, choices=Status.choices, default=Status.PENDING
    )
    created_at = models.DateTimeField(_("requested at"), auto_now_add=True)
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)
    decided_by = models.ForeignKey(
        User,
        verbose_name=_("decided by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    email_confirmed_at = models.DateTimeField(_("new email confirmed at"), null=True, blank=True)
    # The login when the change was applied, which « Ce n'est pas moi » restores.
    previous_email = models.EmailField(_("previous email address"), blank=True)
    # Made by the firm (a lawyer changing the client's details), not asked by the client.
    created_by = models.ForeignKey(
        User,
        verbose_name=_("made by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        verbose_name = _("contact details change request")
        verbose_name_plural = _("contact details change requests")
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["client"],
                condition=models.Q(status="pending"),
                name="clients_one_pending_change_per_client",
            )
        ]

    def __str__(self):
        return (
            f"{self.client} ({self.created_at:%d/%m/%Y})" if self.created_at else str(self.client)
        )

    def comparison(self):
        """(label, current value, proposed value, changed?) for each contact field."""
        rows = []
        for name in CONTACT_FIELDS:
            label = self._meta.get_field(name).verbose_name
            current = getattr(self.client, name)
            proposed = getattr(self, name)
            rows.append((label, current, proposed, (current or "") != (proposed or "")))
        return rows

    @property
    def changes_email(self):
        return self.email != self.client.email

    @property
    def email_awaits_confirmation(self):
        return (
            self.status == self.Status.APPLIED
            and self.changes_email
            and self.email_confirmed_at is None
        )


# Letters and digits that cannot be mistaken for one another when copied by hand.
UNAMBIGUOUS_CHARS = "abcdefghjkmnpqrstuvwxyz23456789"


class RecoveryCodeDevice(ThrottlingMixin, Device):
    """The ten single-use recovery codes that come with an authenticator (a django-otp device).

    Unlike django-otp's static tokens, the codes are stored as password hashes: whoever
    reads the database (a backup, a leak) cannot log in with them. Failed tries slow
    down this device only, so a throttled authenticator app leaves the codes usable.
    """

    CODE_LENGTH = 10

    class Meta:
        verbose_name = _("recovery codes")
        verbose_name_plural = _("recovery codes")

    @classmethod
    def normalise(cls, token):
        return "".join((token or "").split()).replace("-", "").lower()

    @classmethod
    def new_code(cls):
        """« k7m2q-x9pta »: with at least one letter, so that it never reads as an app code."""
        while True:
            raw = get_random_string(cls.CODE_LENGTH, UNAMBIGUOUS_CHARS)
            if not raw.isdigit():
                half = cls.CODE_LENGTH // 2
                return f"{raw[:half]}-{raw[half:]}"

    def set_codes(self, count):
        """Replace the codes with ``count`` new ones; returns them, readable this once only."""
        codes = [self.new_code() for _ in range(count)]
        self.codes.all().delete()
        RecoveryCode.objects.bulk_create(
            [RecoveryCode(device=self, hashed=make_password(self.normalise(c))) for c in codes]
        )
        return codes

    def verify_token(self, token):
        allowed, _details = self.verify_is_allowed()
        if not allowed:
            return False
        token = self.normalise(token)
        for code in self.codes.all():
            if check_password(token, code.hashed):
                code.delete()
                self.throttle_reset()
                return True
        self.throttle_increment()
        return False

    def get_throttle_factor(self):
        return 1


class RecoveryCode(models.Model):
    device = models.ForeignKey(RecoveryCodeDevice, on_delete=models.CASCADE, related_name="codes")
    hashed = models.CharField(max_length=255)

    class Meta:
        verbose_name = _("recovery code")
        verbose_name_plural = _("recovery codes")

    def __str__(self):
        return f"{self.device} #{self.pk}"


class CalendarFeed(models.Model):
    """A client's private calendar address (« Mon agenda »): a long random token.

    Whoever has the address reads the client's dates, as a calendar app subscribed to it
    does; regenerating it makes a new token (the old address stops working), turning it
    off deletes it.
    """

    client = models.OneToOneField(
        User, verbose_name=_("client"), on_delete=models.CASCADE, related_name="calendar_feed"
    )
    token = models.CharField(_("token"), max_length=64, unique=True)
    created_at = models.DateTimeField(_("created at"), auto_now=True)

    class Meta:
        verbose_name = _("calendar feed")
        verbose_name_plural = _("calendar feeds")

    def __str__(self):
        return str(self.client)

    @classmethod
    def renew(cls, client):
        """Give ``client`` a new address; any previous one stops working."""
        feed, _created = cls.objects.update_or_create(
            client=client, defaults={"token": secrets.token_urlsafe(32)}
        )
        return feed
