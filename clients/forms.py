from django import forms
from django.contrib.auth import forms as auth_forms
from django.contrib.auth import password_validation
from django.utils.translation import gettext_lazy as _


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
            raise forms.ValidationError(self.error_messages["staff"], code="staff")


class PasswordResetRequestForm(forms.Form):
    email = forms.EmailField(
        label=_("Identifier"),
        max_length=254,
        help_text=_("The email address you log in with."),
        widget=forms.EmailInput(attrs={"autocomplete": "email", "autofocus": True}),
    )


class NewPasswordForm(auth_forms.SetPasswordForm):
    """Choosing a password: at least 12 characters, not a common one."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["new_password1"].label = _("New password")
        self.fields["new_password2"].label = _("New password (again)")
        self.fields[
            "new_password1"
        ].help_text = password_validation.password_validators_help_text_html()

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
