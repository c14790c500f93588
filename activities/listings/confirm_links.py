"""The "These details are still right" link in a review reminder: signed, single use, and it expires.

The link carries the page's id and the date the listing was last checked, signed with the site's key
(django.core.signing, its own salt). Nothing is stored: confirming moves the listing's last_reviewed
on, after which the date in the link no longer matches, so the link has been used. It stops working
LISTING_CONFIRM_LINK_DAYS after it was made (each email is built when it is sent, so that is counted
from the email, not from when it was queued).
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.conf import settings
from django.core import signing

SALT = "listings.check"


class BadLink(Exception):
    """The link was changed or cut short: it is not one the site made."""


class ExpiredLink(Exception):
    """The link was the site's, but it is older than LISTING_CONFIRM_LINK_DAYS."""


@dataclass(frozen=True)
class LinkFor:
    """What a genuine link says: which listing, and the date it was last checked when the link was made."""

    page_id: int
    last_reviewed: datetime.date


def make_token(activity) -> str:
    return signing.dumps({"page": activity.pk, "checked": activity.last_reviewed.isoformat()}, salt=SALT)


def read_token(token: str, *, max_age_days: int | None = None) -> LinkFor:
    """What the link says, or BadLink / ExpiredLink. Any string at all is safe to pass."""
    days = settings.LISTING_CONFIRM_LINK_DAYS if max_age_days is None else max_age_days
    try:
        payload = signing.loads(token, salt=SALT, max_age=datetime.timedelta(days=days))
    except signing.SignatureExpired as error:
        raise ExpiredLink from error
    except (signing.BadSignature, ValueError) as error:
        # ValueError: a string no signer could have made (a null byte, text that is not base64).
        raise BadLink from error
    try:
        return LinkFor(int(payload["page"]), datetime.date.fromisoformat(payload["checked"]))
    except (KeyError, TypeError, ValueError) as error:
        # Signed with this salt but not by make_token: still not a link to trust.
        raise BadLink from error
