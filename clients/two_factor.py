"""Two-factor authentication with django-otp: an authenticator app (TOTP) and recovery codes.

Required for every back-office user when ADMIN_TWO_FACTOR_REQUIRED is on; a client may
turn it on in « Mon compte ». A user "has" two-factor authentication once a TOTP device
is confirmed; ten single-use recovery codes (a static device) come with it.
"""

import base64
import io

import qrcode
import qrcode.image.svg
from django.conf import settings
from django_otp import user_has_device
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

RECOVERY_CODES = 10
DEVICE_NAME = "authenticator"


def has_two_factor(user):
    return user.is_authenticated and user_has_device(user, confirmed=True)


def pending_device(user):
    """The TOTP device being set up (unconfirmed), created on first use."""
    device = TOTPDevice.objects.filter(user=user, confirmed=False).first()
    return device or TOTPDevice.objects.create(user=user, name=DEVICE_NAME, confirmed=False)


def provisioning_uri(device, issuer=None):
    issuer = issuer or settings.OTP_TOTP_ISSUER
    secret = base64.b32encode(device.bin_key).decode().rstrip("=")
    from urllib.parse import quote

    return (
        f"otpauth://totp/{quote(issuer)}:{quote(device.user.email)}"
        f"?secret={secret}&issuer={quote(issuer)}&digits={device.digits}&period={device.step}"
    ), secret


def qr_svg(data):
    """An inline SVG QR code (no image file, no third party)."""
    image = qrcode.make(data, image_factory=qrcode.image.svg.SvgPathImage, box_size=8)
    output = io.BytesIO()
    image.save(output)
    return output.getvalue().decode()


def confirm(device, token):
    """Confirm the device with a code from the app; returns the new recovery codes."""
    if not device.verify_token(token):
        return None
    device.confirmed = True
    device.save()
    TOTPDevice.objects.filter(user=device.user).exclude(pk=device.pk).delete()
    StaticDevice.objects.filter(user=device.user).delete()
    static = StaticDevice.objects.create(user=device.user, name="recovery", confirmed=True)
    codes = [StaticToken.random_token() for _ in range(RECOVERY_CODES)]
    StaticToken.objects.bulk_create([StaticToken(device=static, token=code) for code in codes])
    return codes


def verify(user, token):
    """The device that accepts ``token`` (an app code or a recovery code), or None.

    Each kind of code is checked by its own device only, so that a mistyped code
    slows down (django-otp's throttling) only the device it was meant for.
    """
    token = (token or "").replace(" ", "").strip().lower()
    if not token:
        return None
    kind = TOTPDevice if token.isdigit() else StaticDevice
    for device in kind.objects.filter(user=user, confirmed=True):
        if device.verify_token(token):
            return device
    return None


def disable(user):
    TOTPDevice.objects.filter(user=user).delete()
    StaticDevice.objects.filter(user=user).delete()
