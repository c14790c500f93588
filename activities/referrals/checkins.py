"""Wellbeing check-ins: handing out single-use links, and taking (or declining) the answers.

A link carries a 256-bit random token. Only its SHA-256 is stored, the link stops working once
used, and it expires after WELLBEING_LINK_VALID_DAYS. Issuing a new link replaces the old one.
Used and expired hashes are purged by the retention job.
"""

from __future__ import annotations

import enum
import hashlib
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone
from wagtail.log_actions import log

from activities.referrals import consent, policy
from activities.referrals.models import ConsentRecord, WellbeingCheckIn, new_token
from creative_minds.mail import absolute_url

Status = WellbeingCheckIn.Status


def hash_token(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def link_for(token: str) -> str:
    return absolute_url("wellbeing:answer", token)


def issue_link(check_in: WellbeingCheckIn, *, channel: str, user=None) -> str:
    """A fresh token for this questionnaire (the old one stops working). Returns the token."""
    token = new_token()
    now = timezone.now()
    with transaction.atomic():
        check_in = WellbeingCheckIn.objects.select_for_update().get(pk=check_in.pk)
        if check_in.status != Status.WAITING:
            raise PermissionDenied("This questionnaire has already been answered or declined.")
        check_in.token_hash = hash_token(token)
        check_in.token_expires_at = now + timezone.timedelta(days=settings.WELLBEING_LINK_VALID_DAYS)
        check_in.channel = channel
        check_in.link_sent_at = now
        check_in.save(update_fields=["token_hash", "token_expires_at", "channel", "link_sent_at"])
        log(check_in, "activities.check_in_link_issued", user=user, data={"channel": channel})
    return token


def show_as_qr(check_in: WellbeingCheckIn, *, user) -> str:
    if not policy.can_issue_check_in(user, check_in):
        raise PermissionDenied("You cannot hand out this questionnaire.")
    return issue_link(check_in, channel=WellbeingCheckIn.Channel.QR, user=user)


# -- answering ---------------------------------------------------------------------------


class LinkProblem(enum.Enum):
    UNKNOWN = "unknown"
    USED = "used"
    EXPIRED = "expired"


@dataclass(frozen=True)
class Lookup:
    check_in: WellbeingCheckIn | None
    problem: LinkProblem | None


def find(token: str) -> Lookup:
    """The questionnaire a link is for, or why the link cannot be used."""
    check_in = (
        WellbeingCheckIn.objects.select_related("participant").filter(token_hash=hash_token(token)).first()
    )
    if check_in is None:
        return Lookup(None, LinkProblem.UNKNOWN)
    return Lookup(check_in, _problem_with(check_in))


def _problem_with(check_in: WellbeingCheckIn) -> LinkProblem | None:
    if check_in.status != Status.WAITING:
        return LinkProblem.USED
    if check_in.token_expires_at is None or check_in.token_expires_at <= timezone.now():
        return LinkProblem.EXPIRED
    return None


def answer(
    token: str, answers: list[int | None], what_changed: dict[str, str] | None = None
) -> WellbeingCheckIn | LinkProblem:
    """Score and save all seven answers (and, on the follow-up, the answer to "What has changed for
    you?" with its sharing choice, as WellbeingForm.what_changed() gives them), and use up the link.

    Raises ValidationError (nothing saved) if any answer is missing or invalid.
    """
    answered = WellbeingCheckIn.answer_fields(answers)
    with transaction.atomic():
        check_in = _lock_usable(token)
        if isinstance(check_in, LinkProblem):
            return check_in
        if check_in.kind == WellbeingCheckIn.Kind.FOLLOW_UP:
            # The first questionnaire never asks it, so never stores it, whatever was posted.
            answered.update(what_changed or {})
        _finish(check_in, Status.ANSWERED, answered)
        consent.record_consent(
            participant=check_in.participant,
            purpose=ConsentRecord.Purpose.WELLBEING,
            given_by=ConsentRecord.GivenBy.PERSON_ONLINE,
        )
    return check_in


def decline(token: str) -> WellbeingCheckIn | LinkProblem:
    """The person would rather not answer: recorded, with no score, and the link used up."""
    with transaction.atomic():
        check_in = _lock_usable(token)
        if isinstance(check_in, LinkProblem):
            return check_in
        _finish(check_in, Status.DECLINED)
    return check_in


def _lock_usable(token: str) -> WellbeingCheckIn | LinkProblem:
    # Locked, so the same link sent twice at once is answered once.
    check_in = WellbeingCheckIn.objects.select_for_update().filter(token_hash=hash_token(token)).first()
    if check_in is None:
        return LinkProblem.UNKNOWN
    return _problem_with(check_in) or check_in


def _finish(check_in: WellbeingCheckIn, status: str, answered: dict | None = None) -> None:
    check_in.status = status
    check_in.completed_at = timezone.now()
    for field, value in (answered or {}).items():
        setattr(check_in, field, value)
    # The hash stays (until the retention job purges it with the link's expiry) so that opening
    # the link again says "already used" rather than "not recognised". It cannot answer again:
    # only a waiting questionnaire takes answers.
    check_in.save()
    # No user: the person answering has no account. The entry says a questionnaire was finished.
    log(check_in, f"activities.check_in_{status}", data={"kind": check_in.kind})
