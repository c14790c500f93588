"""Two-factor helpers for tests: a signed-in session verified with a real device, and codes."""

import re

from django.core import mail
from django.http import HttpRequest
from django_otp import login as otp_login
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice

EMAILED_CODE = re.compile(r"security code is (\d{6})")


def verified_login(client, user, device=None):
    """Sign `user` in on `client` with a second factor given, as after entering a good code: the
    session names a confirmed device of theirs, through django_otp.login."""
    client.force_login(user)
    if device is None:
        device = TOTPDevice.objects.filter(user=user, confirmed=True).first() or TOTPDevice.objects.create(
            user=user, name="Test phone", confirmed=True
        )
    request = HttpRequest()
    request.session = client.session
    request.user = user
    otp_login(request, device)
    request.session.save()
    return device


def current_code(device) -> str:
    """The code an authenticator app shows now for this device."""
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    return f"{totp.token():0{device.digits}d}"


def last_emailed_code(to: str) -> str:
    """The code in the latest email sent to `to`."""
    for message in reversed(mail.outbox):
        if to in message.to and (match := EMAILED_CODE.search(message.body)):
            return match[1]
    raise AssertionError(f"No security code was emailed to {to}")
