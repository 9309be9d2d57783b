from django.conf import settings
from django.urls import reverse


def absolute_url(path):
    """The portal's public address of ``path``: what emails and the payment platform link to."""
    return settings.PORTAL_BASE_URL + path


def absolute_reverse(name, *args):
    return absolute_url(reverse(name, args=args))
