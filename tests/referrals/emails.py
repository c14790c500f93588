"""One check, shared by every test that sends an email about a referral: no health data in it."""

import re

from activities.referrals.models import Participant, Referral
from creative_minds.validators import normalise_uk_phone


def _text_of(message) -> str:
    parts = [message.subject, message.body]
    parts += [content for content, _mimetype in getattr(message, "alternatives", [])]
    return "\n".join(parts)


def assert_no_health_data(message, referral: Referral) -> None:
    """The email's subject and body hold nothing about the person's health, and (unless it is
    addressed to the person themselves) nothing that identifies them.

    Never: their support needs, the note for the partner, any wellbeing score or any mention of
    one. To anyone else (partner, champion, coordinator): not their preferred name, phone number
    or email address either. The person's own emails may greet them by name.
    """
    text = _text_of(message)
    assert text.strip(), "the email is empty"

    for label, value in [
        ("support needs", referral.support_needs),
        ("note for the partner", referral.note_for_partner),
    ]:
        if value:
            assert value not in text, f"the email contains the {label}: {value!r}"

    assert not re.search(r"\bscores?\b|swemwbs", text, re.IGNORECASE), "the email mentions a score"
    participant = Participant.objects.filter(referral=referral).first()
    if participant is not None:
        for check_in in participant.check_ins.exclude(metric_score=None):
            for spelling in {str(check_in.metric_score), f"{check_in.metric_score:.1f}"}:
                assert spelling not in text, f"the email contains a wellbeing score: {spelling}"

    to_the_person = bool(referral.email) and set(message.to) == {referral.email}
    if to_the_person:
        return
    if referral.preferred_name:
        assert not re.search(rf"\b{re.escape(referral.preferred_name)}\b", text), (
            f"an email to {message.to} contains the person's name"
        )
    if referral.email:
        assert referral.email.lower() not in text.lower(), "the email contains the person's email address"
    if referral.phone:
        compact = normalise_uk_phone(text)
        assert referral.phone not in text, "the email contains the person's phone number"
        assert normalise_uk_phone(referral.phone) not in compact, (
            "the email contains the person's phone number"
        )
