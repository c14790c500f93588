"""Writes for referrals, participants, attendance and consent. Views call these after the policy
has said yes; each write keeps the status history and the audit trail in the same transaction."""

from __future__ import annotations

import datetime

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from wagtail.log_actions import log
from wagtail.models import ModelLogEntry

from activities.models import ActivityPage
from activities.referrals import consent, emails, policy, session_dates
from activities.referrals.models import (
    Attendance,
    ConsentRecord,
    Participant,
    Referral,
    ReferralStatusChange,
    WellbeingCheckIn,
)

Status = Referral.Status
CONTACT_FIELDS = ("preferred_name", "phone", "email", "support_needs", "note_for_partner")


# -- making a referral -------------------------------------------------------------------


def create_referral(
    *, activity: ActivityPage, details: dict, consent_version: str, champion=None
) -> Referral:
    """Save a referral from a champion (champion given) or from the person themselves, with the
    consent they gave to share their contact details, then tell the partner (and the person)."""
    source = Referral.Source.CHAMPION if champion is not None else Referral.Source.SELF
    with transaction.atomic():
        referral = Referral(activity=activity, champion=champion, source=source, **details)
        referral.full_clean()
        referral.save()
        ReferralStatusChange.objects.create(referral=referral, to_status=Status.SENT, changed_by=champion)
        consent.record_consent(
            referral=referral,
            purpose=ConsentRecord.Purpose.REFERRAL_CONTACT,
            given_by=consent.contact_given_by(champion=champion),
            user=champion,
            wording_version=consent_version,
        )
        log(referral, "activities.referral_sent", user=champion, data=_audit_data(referral))
        # Queued in this transaction: the emails exist if, and only if, the referral does.
        emails.new_referral_notice.send_later(referral_id=referral.pk)
        if source == Referral.Source.SELF and referral.email:
            emails.self_referral_confirmation.send_later(referral_id=referral.pk)
    return referral


# -- moving a referral along -------------------------------------------------------------


def change_status(
    *,
    referral: Referral,
    to_status: str,
    user,
    reason: str = "",
    joined_on: datetime.date | None = None,
) -> Referral:
    """Move a referral to a new status, if this user may, recording who and when.

    The row is locked so two people pressing buttons at once cannot both move it from the same
    status (say, both marking it joined and making two participant codes).
    """
    with transaction.atomic():
        referral = Referral.objects.select_for_update().select_related("activity").get(pk=referral.pk)
        if to_status not in policy.allowed_statuses(user, referral):
            raise PermissionDenied(f"This referral cannot be marked {Status(to_status).label.lower()} now.")
        if to_status == Status.NOT_TAKEN_UP and reason not in Referral.NotTakenUpReason.values:
            raise ValidationError({"reason": "Choose why they did not take it up"})
        if to_status == Status.JOINED:
            _check_first_session(referral.activity, joined_on)
        now = timezone.now()
        from_status = referral.status
        referral.status = to_status
        if to_status == Status.NOT_TAKEN_UP:
            referral.not_taken_up_reason = reason
        if referral.acknowledged_at is None and to_status != Status.WITHDRAWN:
            referral.acknowledged_at = now
        if to_status in Referral.CLOSED_STATUSES:
            referral.closed_at = now
        referral.save()
        ReferralStatusChange.objects.create(
            referral=referral,
            from_status=from_status,
            to_status=to_status,
            changed_by=user,
            reason=reason if to_status == Status.NOT_TAKEN_UP else "",
        )
        log(
            referral,
            "activities.referral_status_changed",
            user=user,
            data={"from": from_status, "to": to_status, "reason": reason},
        )
        emails.queue_status_notice(referral=referral, changed_by=user)
        if to_status == Status.JOINED:
            _make_participant(referral, joined_on=joined_on, user=user)
    return referral


def _check_first_session(activity: ActivityPage, joined_on: datetime.date | None) -> None:
    """Their first attendance is recorded for this day: never "today" by default (the activity may
    not meet today), never a day with no session or one still to come."""
    if joined_on is None:
        raise ValidationError({"joined_on": "Choose the date of their first session"})
    problem = session_dates.first_session_problem(activity, joined_on, today=timezone.localdate())
    if problem:
        raise ValidationError({"joined_on": problem})


def _make_participant(referral: Referral, *, joined_on: datetime.date, user) -> Participant:
    """A pseudonymous code, their first attendance, and the two questionnaires they will be asked."""
    participant = Participant.objects.create(
        referral=referral, activity=referral.activity, joined_on=joined_on
    )
    Attendance.objects.create(participant=participant, session_date=joined_on, recorded_by=user)
    WellbeingCheckIn.objects.bulk_create(
        [
            WellbeingCheckIn(participant=participant, kind=WellbeingCheckIn.Kind.BASELINE, due_on=joined_on),
            WellbeingCheckIn(
                participant=participant,
                kind=WellbeingCheckIn.Kind.FOLLOW_UP,
                due_on=joined_on + datetime.timedelta(weeks=settings.WELLBEING_FOLLOW_UP_WEEKS),
            ),
        ]
    )
    log(participant, "activities.participant_created", user=user, data={"code": participant.code})
    if referral.email:
        email_check_in_link(check_in=participant.check_ins.get(kind=WellbeingCheckIn.Kind.BASELINE))
    return participant


@transaction.atomic
def email_check_in_link(*, check_in: WellbeingCheckIn, user=None, unless_sent: bool = False) -> bool:
    """Queue an email with a fresh link to this questionnaire, if it is still waiting to be answered.

    It is marked as handed out by email now, in the transaction that queues the email, so the daily
    job (`unless_sent`: only if no link has gone out yet) never queues it twice, and a QR code shown
    after this wins: the email then stays unsent. The link itself is made when the email is built.
    Callers ask the policy first; the scheduled follow-ups have no user.
    """
    queued_at = timezone.now()
    claim = WellbeingCheckIn.objects.filter(pk=check_in.pk, status=WellbeingCheckIn.Status.WAITING)
    if unless_sent:
        claim = claim.filter(link_sent_at__isnull=True)
    if not claim.update(channel=WellbeingCheckIn.Channel.EMAIL, link_sent_at=queued_at):
        return False
    emails.wellbeing_link.send_later(check_in_id=check_in.pk, user_id=user.pk if user is not None else None)
    return True


# -- attendance --------------------------------------------------------------------------


def record_attendance(
    *, activity: ActivityPage, session_date: datetime.date, present: set[str], user
) -> dict:
    """Make the register for one session say exactly who came: ticks added, unticks removed.

    `present` holds participants' public ids (as strings). Returns how many were added and
    removed. Only this activity's participants can be ticked, whatever the form sent.
    """
    if not policy.can_keep_register(user, activity):
        raise PermissionDenied("You cannot keep this register.")
    if session_date > timezone.localdate():
        raise ValidationError({"session_date": "You cannot record attendance for a date in the future"})
    with transaction.atomic():
        # Lock the register's participants first: a second save of the same register (a double
        # tap, or two people at once) waits here, then reads what the first wrote and has nothing
        # left to add. Without it both inserted the same rows and the second hit the unique
        # constraint (a server error). FOR NO KEY UPDATE leaves rows that refer to them free.
        by_public_id = {
            str(public_id): pk
            for public_id, pk in Participant.objects.select_for_update(no_key=True)
            .filter(activity=activity, joined_on__lte=session_date)
            .order_by("pk")
            .values_list("public_id", "pk")
        }
        participant_ids = set(by_public_id.values())
        wanted = {by_public_id[key] for key in present if key in by_public_id}
        already = set(
            Attendance.objects.filter(
                participant_id__in=participant_ids, session_date=session_date
            ).values_list("participant_id", flat=True)
        )
        Attendance.objects.bulk_create(
            [
                Attendance(participant_id=pk, session_date=session_date, recorded_by=user)
                for pk in sorted(wanted - already)
            ]
        )
        removed, _ = Attendance.objects.filter(
            participant_id__in=already - wanted, session_date=session_date
        ).delete()
        changes = {"added": len(wanted - already), "removed": removed}
        log(
            activity,
            "activities.attendance_recorded",
            user=user,
            data={"session_date": session_date.isoformat(), **changes},
        )
    return changes


# -- reading shared answers --------------------------------------------------------------

SHARED_ANSWER_READ = "activities.shared_answer_read"


def record_answers_read(answers, *, user) -> None:
    """One audit entry for each answer to "What has changed for you?" a member of staff was shown
    (selectors.SharedAnswer, by id). Two queries however many, so a long page costs no more.

    The label names the kind of record only: the usual label (str(check_in)) carries the
    participant code, which the page showing these answers never does.
    """
    if not answers:
        return
    pks = (
        WellbeingCheckIn.objects.filter(public_id__in=[answer.id for answer in answers])
        .order_by()  # the model's ordering would join the participants for nothing
        .values_list("pk", flat=True)
    )
    content_type = ContentType.objects.get_for_model(WellbeingCheckIn)
    now = timezone.now()
    ModelLogEntry.objects.bulk_create(
        [
            ModelLogEntry(
                content_type=content_type,
                object_id=str(pk),
                label="Shared answer",
                action=SHARED_ANSWER_READ,
                user=user,
                timestamp=now,
            )
            for pk in pks
        ]
    )


# -- consent and anonymising -------------------------------------------------------------


def withdraw_consent(*, record: ConsentRecord, user) -> ConsentRecord:
    """Stop using someone's data for one purpose, at their request.

    Withdrawing consent to share contact details closes an open referral and removes the contact
    details at once. Withdrawing consent for wellbeing answers deletes their answers and any
    questionnaire still to come.
    """
    with transaction.atomic():
        record = ConsentRecord.objects.select_for_update().get(pk=record.pk)
        if record.withdrawn_at is not None:
            return record
        record.withdrawn_at = timezone.now()
        record.withdrawn_by = user
        record.save(update_fields=["withdrawn_at", "withdrawn_by"])
        if record.purpose == ConsentRecord.Purpose.REFERRAL_CONTACT and record.referral_id:
            _close_and_anonymise(record.referral, user=user)
        elif record.purpose == ConsentRecord.Purpose.WELLBEING and record.participant_id:
            record.participant.check_ins.all().delete()
        log(record, "activities.consent_withdrawn", user=user, data={"purpose": record.purpose})
    return record


def _close_and_anonymise(referral: Referral, *, user) -> None:
    referral = Referral.objects.select_for_update().get(pk=referral.pk)
    if referral.is_open:
        from_status = referral.status
        referral.status = Status.WITHDRAWN
        referral.closed_at = timezone.now()
        referral.save(update_fields=["status", "closed_at"])
        ReferralStatusChange.objects.create(
            referral=referral, from_status=from_status, to_status=Status.WITHDRAWN, changed_by=user
        )
    anonymise(referral)


def anonymise(referral: Referral) -> None:
    """Remove everything that could identify the person; the referral's dates and status stay."""
    referral.preferred_name = ""
    referral.phone = ""
    referral.email = ""
    referral.support_needs = ""
    referral.note_for_partner = ""
    referral.anonymised_at = timezone.now()
    referral.save(update_fields=[*CONTACT_FIELDS, "anonymised_at"])


def _audit_data(referral: Referral) -> dict:
    # The audit trail says what happened to which record, never who the person is.
    return {"activity": referral.activity_id, "source": referral.source}
