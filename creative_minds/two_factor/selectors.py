"""Reads: which ways a person has of giving a second factor."""

from __future__ import annotations

from dataclasses import dataclass

from django.utils import timezone
from django_otp.models import SideChannelDevice
from django_otp.plugins.otp_email.models import EmailDevice
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

APP, EMAIL, BACKUP = "app", "email", "backup"


@dataclass(frozen=True)
class Methods:
    """A person's confirmed devices, one of each kind at most."""

    app: TOTPDevice | None
    email: EmailDevice | None
    backup: StaticDevice | None
    backup_codes_left: int
    email_address: str  # where email codes go: the device's own address, or the account's

    @property
    def usable(self) -> tuple[str, ...]:
        """The methods that can give a code now, best first: the app, then email, then a backup code."""
        return tuple(
            name
            for name, present in (
                (APP, self.app),
                # Email codes are no use once the account has no address to send them to.
                (EMAIL, self.email and self.email_address),
                (BACKUP, self.backup_codes_left),
            )
            if present
        )

    def device(self, method: str):
        return {APP: self.app, EMAIL: self.email, BACKUP: self.backup}[method]


def methods_for(user) -> Methods:
    backup = StaticDevice.objects.filter(user=user, confirmed=True).first()
    email = EmailDevice.objects.filter(user=user, confirmed=True).first()
    return Methods(
        app=TOTPDevice.objects.filter(user=user, confirmed=True).first(),
        email=email,
        backup=backup,
        backup_codes_left=StaticToken.objects.filter(device=backup).count() if backup else 0,
        email_address=(email and email.email) or user.email,
    )


def needs_enrolment(user) -> bool:
    """True when the person has no way to give a code, so must set one up (which needs an emailed code)."""
    return not methods_for(user).usable


def enrolment_device(user) -> EmailDevice | None:
    """The unconfirmed email device that carries the code proving someone reads the account's email."""
    return EmailDevice.objects.filter(user=user, confirmed=False).order_by("pk").first()


def unconfirmed_app(user) -> TOTPDevice | None:
    return TOTPDevice.objects.filter(user=user, confirmed=False).order_by("pk").first()


def code_is_waiting(device: SideChannelDevice | None) -> bool:
    """An emailed code has been sent and has neither been used nor expired."""
    return device is not None and device.token is not None and timezone.now() < device.valid_until


def masked(address: str) -> str:
    """ "s•••@example.net": enough for the owner to recognise, not enough to give the address away."""
    local, _, domain = address.partition("@")
    return f"{local[:1]}•••@{domain}" if domain else "your email address"
