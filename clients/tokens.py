"""Single-use links: password reset (one day) and first-connection activation (72 hours).

Both tokens hash the user's password and last login, so a link stops working as soon
as it has served (the password changed) or the person logged in.
"""

from django.conf import settings
from django.contrib.auth.tokens import PasswordResetTokenGenerator
from django.utils.crypto import constant_time_compare
from django.utils.http import base36_to_int


class ActivationTokenGenerator(PasswordResetTokenGenerator):
    key_salt = "clients.tokens.ActivationTokenGenerator"

    def check_token(self, user, token):
        if not (user and token):
            return False
        try:
            timestamp_b36, _hash = token.split("-")
            timestamp = base36_to_int(timestamp_b36)
        except ValueError:
            return False
        for secret in [self.secret, *self.secret_fallbacks]:
            if constant_time_compare(
                self._make_token_with_timestamp(user, timestamp, secret), token
            ):
                break
        else:
            return False
        return self._num_seconds(self._now()) - timestamp <= settings.ACTIVATION_TIMEOUT


activation_token_generator = ActivationTokenGenerator()
password_reset_token_generator = PasswordResetTokenGenerator()
