from django import forms
from django.contrib.auth import forms as auth_forms
from django.utils.translation import gettext_lazy as _
from wagtail.admin.forms.auth import LoginForm as WagtailLoginForm

from security.audit import record

from . import two_factor
from .models import CONTACT_FIELDS, ContactChangeRequest, User, UserManager
from .validators import clean_phone, clean_postal_code, password_rule_help_text


class AdminLoginForm(WagtailLoginForm):
    """The back office's login form (WAGTAILADMIN_USER_LOGIN_FORM): Wagtail's, whose password
    field has no label of its own and read « Password »."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["password"].label = _("Password")


class LoginForm(auth_forms.AuthenticationForm):
    """« Connexion »: Identifiant (the email) and Mot de passe, one message for any failure."""

    username = forms.EmailField(
        label=_("Identifier"),
        max_length=254,
        widget=forms.EmailInput(attrs={"autocomplete": "username", "autofocus": True}),
    )
    password = forms.CharField(
        label=_("Password"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
    )
    error_messages = {
        "invalid_login": _(
            "Incorrect identifier or password. Check them and try again, or reset your password."
        ),
        "inactive": _(
            "Incorrect identifier or password. Check them and try again, or reset your password."
        ),
        "staff": _("This is a firm account: log in to the back office instead."),
    }

    def clean_username(self):
        return self.cleaned_data["username"].strip().lower()

    def confirm_login_allowed(self, user):
        super().confirm_login_allowed(user)
        if user.is_staff or user.is_superuser:
            # The right password of a firm account, typed on the portal: its owner, or
            # someone who has it and is trying where the second factor is not asked.
            record("espace.staff_on_portal", user, user=user)
            raise forms.ValidationError(self.error_messages["staff"], code="staff")


class PasswordResetRequestForm(forms.Form):
    email = forms.EmailField(
        label=_("Identifier"),
        max_length=254,
        help_text=_("The email address you log in with."),
        widget=forms.EmailInput(attrs={"autocomplete": "email", "autofocus": True}),
    )


class NewPasswordForm(auth_forms.SetPasswordForm):
    """Choosing a password: at least 12 characters, hard to guess (AUTH_PASSWORD_VALIDATORS)."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["new_password1"].label = _("New password")
        self.fields["new_password2"].label = _("New password (again)")
        self.fields["new_password1"].help_text = password_rule_help_text()

    def save(self, commit=True):
        user = super().save(commit=False)
        user.must_change_password = False
        if commit:
            user.save()
        return user


class ChangePasswordForm(NewPasswordForm, auth_forms.PasswordChangeForm):
    """« Modifier mon mot de passe »: the current password, then the new one twice."""

    field_order = ["old_password", "new_password1", "new_password2"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["old_password"].label = _("Current password")


class ContactDetailsForm(forms.ModelForm):
    """« Mettre à jour mes coordonnées »: the manual's fields, prefilled, checked the French way."""

    class Meta:
        model = ContactChangeRequest
        fields = CONTACT_FIELDS
        labels = {
            "last_name": _("Last name"),
            "first_name": _("First name"),
            "email": _("E-mail"),
            "address": _("Address"),
            "postal_code": _("Postal code"),
            "city": _("City"),
            "phone": _("Tel"),
            "mobile": _("Mobile"),
        }
        widgets = {
            "email": forms.EmailInput(attrs={"autocomplete": "email"}),
            "last_name": forms.TextInput(attrs={"autocomplete": "family-name"}),
            "first_name": forms.TextInput(attrs={"autocomplete": "given-name"}),
            "address": forms.TextInput(attrs={"autocomplete": "street-address"}),
            "postal_code": forms.TextInput(
                attrs={"autocomplete": "postal-code", "inputmode": "numeric"}
            ),
            "city": forms.TextInput(attrs={"autocomplete": "address-level2"}),
            "phone": forms.TextInput(
                attrs={"autocomplete": "tel", "inputmode": "tel", "type": "tel"}
            ),
            "mobile": forms.TextInput(
                attrs={"autocomplete": "tel", "inputmode": "tel", "type": "tel"}
            ),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        help_text = _("At least one of your phone numbers.")
        self.fields["phone"].help_text = help_text
        self.fields["mobile"].help_text = help_text
        for name, field in self.fields.items():
            field.error_messages["required"] = _("This field is required.")
            if name == "email":
                field.error_messages["invalid"] = _("Enter a valid email address.")

    def clean_last_name(self):
        return " ".join(self.cleaned_data["last_name"].split())

    def clean_first_name(self):
        return " ".join(self.cleaned_data["first_name"].split())

    def clean_email(self):
        return UserManager.normalize_email(self.cleaned_data["email"])

    def clean_postal_code(self):
        return clean_postal_code(self.cleaned_data["postal_code"])

    def clean_phone(self):
        return clean_phone(self.cleaned_data["phone"]) if self.cleaned_data["phone"] else ""

    def clean_mobile(self):
        return clean_phone(self.cleaned_data["mobile"]) if self.cleaned_data["mobile"] else ""

    def clean(self):
        cleaned = super().clean()
        if not self.errors and not cleaned.get("phone") and not cleaned.get("mobile"):
            raise forms.ValidationError(_("Give at least one phone number (Tel or Mobile)."))
        return cleaned


class NotificationsForm(forms.Form):
    """« Mes notifications »: when the client hears of new items."""

    notifications = forms.ChoiceField(
        label=_("Emails about new items"),
        choices=User.Notifications.choices,
        widget=forms.RadioSelect,
    )
    digest_hour = forms.TypedChoiceField(
        label=_("Hour of the daily summary"),
        choices=[(hour, f"{hour} h") for hour in range(24)],
        coerce=int,
        required=False,
    )


class OneTimeCodeForm(forms.Form):
    """A code from the authenticator app, or one of the recovery codes."""

    code = forms.CharField(
        label=_("Code"),
        max_length=32,
        help_text=_("The 6-digit code shown by your authenticator app, or a recovery code."),
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "autofocus": True}),
        error_messages={"required": _("Enter the code.")},
    )


class ReauthenticationForm(OneTimeCodeForm):
    """The password and a current code (or a recovery code), before the second factor
    changes: a session left open, or a stolen cookie, is not enough."""

    password = forms.CharField(
        label=_("Password"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
        error_messages={"required": _("Enter your password.")},
    )

    field_order = ["password", "code"]

    def __init__(self, user, *args, **kwargs):
        self.user = user
        super().__init__(*args, **kwargs)
        self.fields["code"].widget.attrs.pop("autofocus", None)
        self.fields["password"].widget.attrs["autofocus"] = True

    def clean(self):
        cleaned = super().clean()
        if self.errors:
            return cleaned
        # The code first: django-otp slows down wrong codes, and each try of a password
        # here needs a code not used before, so guessing the password takes a new code
        # from the authenticator every time.
        if two_factor.verify(self.user, cleaned["code"]) is None:
            self.add_error(
                "code",
                forms.ValidationError(
                    _("This code is not valid. Try the current code, or a recovery code."),
                    code="wrong_code",
                ),
            )
        elif not self.user.check_password(cleaned["password"]):
            self.add_error("password", _("This password is not the right one."))
        return cleaned
