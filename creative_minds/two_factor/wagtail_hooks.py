from django.urls import path, reverse
from wagtail import hooks
from wagtail.admin.widgets import Button

from creative_minds.two_factor.admin_views import ResetDevicesView
from creative_minds.two_factor.permissions import can_reset_devices


@hooks.register("register_admin_urls")
def register_reset_url():
    return [path("two-factor/reset/<int:user_id>/", ResetDevicesView.as_view(), name="two_factor_reset")]


@hooks.register("register_user_listing_buttons")
def reset_button(user, request_user):
    """ "Reset two-factor sign-in" in the "More" menu of each row of Settings > Users."""
    if not can_reset_devices(request_user, user):
        return []
    return [
        Button(
            "Reset two-factor sign-in",
            url=reverse("two_factor_reset", args=[user.pk]),
            icon_name="key",
            priority=90,
        )
    ]


@hooks.register("register_log_actions")
def register_two_factor_log_actions(actions):
    """Changes to how a person signs in (never a key or a code)."""
    actions.register_action("two_factor.method_added", "Set up two-factor", "Two-factor method set up")
    actions.register_action("two_factor.backup_codes_made", "Make backup codes", "New backup codes made")
    actions.register_action("two_factor.reset", "Reset two-factor", "Two-factor sign-in reset by staff")
