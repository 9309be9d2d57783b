"""Two-factor authentication with django-otp: an authenticator app (TOTP) and recovery codes.

Required for every back-office user when ADMIN_TWO_FACTOR_REQUIRED is on; a client may
turn it on in « Mon compte ». A user "has" two-factor authentication once a TOTP device
is confirmed; ten single-use recovery codes (``RecoveryCodeDevice``, stored hashed) come
with it. Replacing or removing an authenticator needs a session that has passed its
second factor (the views check it); each change is in the audit trail and emailed to
the account's owner (``services.record_two_factor_change``).
"""

import base64
import io

import qrcode
import qrcode.image.svg
from django.db import transaction
from django_otp import user_has_device
from django_otp.plugins.otp_totp.models import TOTPDevice

from .models import RecoveryCodeDevice

RECOVERY_CODES = 10
DEVICE_NAME = "authenticator"


def has_two_factor(user):
    return user.is_authenticated and user_has_device(user, confirmed=True)


def pending_device(user):
    """The TOTP device being set up (unconfirmed), created on first use."""
    device = TOTPDevice.objects.filter(user=user, confirmed=False).first()
    return device or TOTPDevice.objects.create(user=user, name=DEVICE_NAME, confirmed=False)


def secret_of(device):
    """The key, for people who type it instead of scanning the QR code: « ABCD EFGH … »."""
    secret = base64.b32encode(device.bin_key).decode().rstrip("=")
    return " ".join(secret[i : i + 4] for i in range(0, len(secret), 4))


def qr_svg(data):
    """An inline SVG QR code (no image file, no third party)."""
    image = qrcode.make(data, image_factory=qrcode.image.svg.SvgPathImage, box_size=8)
    output = io.BytesIO()
    image.save(output)
    return output.getvalue().decode()


@transaction.atomic
def confirm(device, token):
    """Confirm the device with a code from the app; returns the new recovery codes.

    The new authenticator replaces any other, and the recovery codes are new too.
    """
    if not device.verify_token(token):
        return None
    device.confirmed = True
    device.save()
    TOTPDevice.objects.filter(user=device.user).exclude(pk=device.pk).delete()
    return new_recovery_codes(device.user)


@transaction.atomic
def new_recovery_codes(user):
    recovery, _created = RecoveryCodeDevice.objects.get_or_create(
        user=user, defaults={"name": "recovery", "confirmed": True}
    )
    return recovery.set_codes(RECOVERY_CODES)


def verify(user, token):
    """The device that accepts ``token`` (an app code or a recovery code), or None.

    Each kind of code is checked by its own device only, so that a mistyped code
    slows down (django-otp's throttling) only the device it was meant for: after the
    app's codes are throttled, a recovery code still works.
    """
    token = "".join((token or "").split())
    if not token:
        return None
    kind = TOTPDevice if token.isdigit() else RecoveryCodeDevice
    for device in kind.objects.filter(user=user, confirmed=True):
        if device.verify_token(token):
            return device
    return None


@transaction.atomic
def disable(user):
    TOTPDevice.objects.filter(user=user).delete()
    RecoveryCodeDevice.objects.filter(user=user).delete()
