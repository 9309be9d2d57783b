"""Single-use links: password reset (one day), first-connection activation (72 hours) and
past a login lockout (one hour).

Both are Django's password-reset token, which hashes the user's password and last login,
so a link stops working as soon as it has served (the password changed) or the person
logged in. Django bounds every such token by PASSWORD_RESET_TIMEOUT (the longer of the
two lifetimes); each kind of link gets its own lifetime from a signed timestamp around
the token (``django.core.signing.TimestampSigner``), and its own salt.
"""

from django.conf import settings
from django.contrib.auth.tokens import PasswordResetTokenGenerator
from django.core import signing


class LinkTokenGenerator(PasswordResetTokenGenerator):
    def __init__(self, key_salt, lifetime_setting):
        super().__init__()
        self.key_salt = key_salt
        self.lifetime_setting = lifetime_setting

    @property
    def signer(self):
        return signing.TimestampSigner(salt=self.key_salt)

    @property
    def lifetime(self):
        return getattr(settings, self.lifetime_setting)

    def make_token(self, user):
        return self.signer.sign(super().make_token(user))

    def check_token(self, user, token):
        try:
            token = self.signer.unsign(token or "", max_age=self.lifetime)
        except signing.BadSignature:
            return False
        return super().check_token(user, token)


activation_token_generator = LinkTokenGenerator(
    "clients.tokens.activation", "ACTIVATION_LINK_TIMEOUT"
)
password_reset_token_generator = LinkTokenGenerator(
    "clients.tokens.password_reset", "PASSWORD_RESET_LINK_TIMEOUT"
)
unlock_token_generator = LinkTokenGenerator("clients.tokens.unlock", "UNLOCK_LINK_TIMEOUT")
