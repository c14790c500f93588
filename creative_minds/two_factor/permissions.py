"""Who may reset another person's two-factor sign-in."""

from django.contrib.auth import get_permission_codename, get_user_model


def may_reset_devices(actor) -> bool:
    """Superusers, and staff who may change users in the admin."""
    return actor.is_authenticated and actor.is_active and actor.has_perm(_change_user_permission())


def can_reset_devices(actor, person) -> bool:
    """As may_reset_devices, except that only a superuser may reset a superuser (as Wagtail lets
    only a superuser delete one)."""
    return may_reset_devices(actor) and (actor.is_superuser or not person.is_superuser)


def _change_user_permission() -> str:
    opts = get_user_model()._meta
    return f"{opts.app_label}.{get_permission_codename('change', opts)}"
