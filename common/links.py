"""Addresses: the portal's public ones (for emails and the payment platform), and where
the back office is mounted."""

from django.conf import settings
from django.urls import reverse


def absolute_url(path):
    """The portal's public address of ``path``: what emails and the payment platform link to."""
    return settings.PORTAL_BASE_URL + path


def absolute_reverse(name, *args):
    return absolute_url(reverse(name, args=args))


def is_admin_path(path):
    """Whether ``path`` is in the back office, wherever the back office is mounted."""
    return path.startswith(reverse("wagtailadmin_home"))
