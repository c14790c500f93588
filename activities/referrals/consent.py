"""The consent wording people are shown, by purpose, with a version that changes whenever it does.

A consent record stores the version, so we can always say exactly what someone agreed to. Edit
a wording only by adding a new version: the old text stays here for records that point to it.
"""

from activities.models import ConsentRecord

Purpose = ConsentRecord.Purpose

WORDING: dict[str, dict[str, str]] = {
    Purpose.REFERRAL_CONTACT: {
        "2026-11": (
            "Creative Minds will share your name, how to contact you and anything you tell us about "
            "support you need with the group you want to join, so they can get in touch and welcome you. "
            "We delete your contact details 12 months after your referral ends. You can change your mind "
            "at any time by contacting Creative Minds."
        ),
    },
    Purpose.WELLBEING: {
        "2026-11": (
            "Your answers are kept with a code, not your name. Creative Minds uses them only to report, "
            "for groups of 30 people or more, how people's wellbeing changes when they take part. Nobody "
            "at the group sees your answers. You can ask us to delete them at any time."
        ),
    },
    Purpose.STORIES: {
        "2026-11": (
            "Your story may be published on the Creative Minds website with the name you choose. "
            "You can ask us to take it down at any time."
        ),
    },
}


def current_version(purpose: str) -> str:
    return max(WORDING[purpose])


def current_wording(purpose: str) -> str:
    return WORDING[purpose][current_version(purpose)]


def wording(purpose: str, version: str) -> str:
    return WORDING[purpose][version]
