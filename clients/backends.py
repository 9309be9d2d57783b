"""How a request finds its user."""

from django.contrib.auth.backends import ModelBackend

from common.db import RowByPk

from .models import User

USERS = RowByPk(User)


class UserBackend(ModelBackend):
    """Django's model backend, reading each request's user with SQL compiled once: the
    same row and the same checks as ``ModelBackend.get_user`` (the session's hash of
    the password is checked after it, by Django), at half its cost."""

    def get_user(self, user_id):
        user = USERS.get(user_id)
        return user if user is not None and self.user_can_authenticate(user) else None
