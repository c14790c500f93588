"""Writes: sending and checking codes, confirming a method, backup codes, and staff resets.

Every check locks the device row first (as django_otp.verify_token does), so two guesses sent at
once cannot both slip past the throttle, and a single-use code cannot be used twice.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django_otp import devices_for_user
from django_otp.models import SideChannelDevice
from django_otp.plugins.otp_email.models import EmailDevice
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice
from wagtail.log_actions import log

from creative_minds.two_factor import emails
from creative_minds.two_factor.selectors import (
    APP,
    BACKUP,
    EMAIL,
    code_is_waiting,
    enrolment_device,
    unconfirmed_app,
)

METHOD_OF = {TOTPDevice: APP, EmailDevice: EMAIL, StaticDevice: BACKUP}


@dataclass(frozen=True)
class Outcome:
    """What happened to a code that was sent or checked. `wait_seconds` is set when it was refused
    because of a throttle: too many wrong codes, or a new code asked for too soon."""

    ok: bool
    problem: str = ""  # "wrong", "expired", "too_many" or "too_soon"
    wait_seconds: int = 0


def _seconds_until(moment) -> int:
    return max(1, math.ceil((moment - timezone.now()).total_seconds()))


def _locked(device):
    return type(device).objects.select_for_update().get(pk=device.pk)


@transaction.atomic
def start_enrolment(*, user) -> EmailDevice:
    """The unconfirmed email device whose code proves the person reads the account's email.

    Its address is left empty, so the code always goes to the account's own address.
    """
    return enrolment_device(user) or EmailDevice.objects.create(
        user=user, name="Email", confirmed=False, email=None
    )


@transaction.atomic
def send_code(*, device: EmailDevice, purpose: str) -> Outcome:
    """Email a new 6-digit code, unless one was sent less than OTP_EMAIL_COOLDOWN_DURATION ago.

    Sent at once, not through the task queue: the person is waiting on the page for it. If the
    mail server fails, the exception rolls the new code back, so they can ask again straight away.
    """
    device = _locked(device)
    allowed, details = device.generate_is_allowed()
    if not allowed:
        return Outcome(False, "too_soon", _seconds_until(details["next_generation_at"]))
    device.generate_challenge(
        extra_context={"purpose": purpose, "minutes": settings.OTP_EMAIL_TOKEN_VALIDITY // 60}
    )
    return Outcome(True)


@transaction.atomic
def check_code(*, device, code: str) -> Outcome:
    """Check a code against one device, with django-otp's throttle: each wrong code doubles the
    wait before the next is even looked at."""
    device = _locked(device)
    allowed, details = device.verify_is_allowed()
    if not allowed:
        return Outcome(False, "too_many", _seconds_until(details["locked_until"]))
    if isinstance(device, SideChannelDevice) and not code_is_waiting(device):
        # No code is waiting (never sent, used already, or expired), so nothing can be guessed.
        return Outcome(False, "expired")
    if device.verify_token(code):
        return Outcome(True)
    return Outcome(False, "wrong")


@transaction.atomic
def confirm(*, device) -> list[str]:
    """Make a checked device one of the person's methods. Their first method also brings a set of
    backup codes, returned here so they can be shown once."""
    device.confirmed = True
    device.save(update_fields=["confirmed"])
    user = device.user
    log(user, "two_factor.method_added", user=user, data={"method": METHOD_OF[type(device)]})
    if StaticToken.objects.filter(device__user=user, device__confirmed=True).exists():
        return []
    return replace_backup_codes(user=user)


@transaction.atomic
def replace_backup_codes(*, user) -> list[str]:
    """A new set of single-use backup codes; any earlier ones stop working."""
    device, _ = StaticDevice.objects.get_or_create(
        user=user, confirmed=True, defaults={"name": "Backup codes"}
    )
    device.token_set.all().delete()
    codes = [StaticToken.random_token() for _ in range(settings.TWO_FACTOR_BACKUP_CODES)]
    StaticToken.objects.bulk_create(StaticToken(device=device, token=code) for code in codes)
    log(user, "two_factor.backup_codes_made", user=user, data={"codes": len(codes)})
    return codes


@transaction.atomic
def app_for_set_up(*, user) -> TOTPDevice:
    """The authenticator app being set up (unconfirmed until the person gives a code from it)."""
    return unconfirmed_app(user) or TOTPDevice.objects.create(
        user=user, name="Authenticator app", confirmed=False
    )


@transaction.atomic
def reset_devices(*, person, by) -> dict[str, int]:
    """Remove every device a person has (a lost phone, no more backup codes), on the audit trail,
    and email them that it happened. Their next protected page starts setting up again, which
    needs a code sent to their email. Returns how many devices of each kind were removed."""
    removed: dict[str, int] = {}
    for device in list(devices_for_user(person, confirmed=None)):
        method = METHOD_OF.get(type(device), type(device).__name__)
        removed[method] = removed.get(method, 0) + 1
        device.delete()
    log(person, "two_factor.reset", user=by, data={"removed": removed})
    emails.reset_notice.send_later(user_id=person.pk)
    return removed
