"""Demo referrals, participants and wellbeing answers (seed_demo).

Two champions, a Kirklees locality coordinator, and referrals in every status: some waiting long
enough to be chased or flagged to the coordinator, a few people who asked to join themselves, and
one old referral whose details have been removed. The people who joined have attendance and
wellbeing answers: enough in Kirklees, and in one type of activity, for /impact/ to publish the
change in wellbeing, and few enough elsewhere that it shows withheld counts and "we need answers".
Twenty of the follow-ups also answer "What has changed for you?", at every sharing level.

Referrals are made and moved along by the services the site itself uses, so the status history,
consent records, participant codes, questionnaires and audit trail are all as the site makes
them; only their dates are then moved into the past. The same seed gives the same people, statuses
and scores; once the demo champion has referrals, running it again adds nothing.
"""

from __future__ import annotations

import datetime
import random
import zlib
from dataclasses import dataclass, field

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone

from activities.models import ActivityPage, ActivitySession
from activities.referrals import consent, services, session_dates, swemwbs
from activities.referrals.factories import answers_for_metric
from activities.referrals.models import (
    Attendance,
    ChampionProfile,
    ConsentRecord,
    Participant,
    Referral,
    ReferralStatusChange,
    WellbeingCheckIn,
)
from activities.referrals.models.participant import CODE_ALPHABET, CODE_LENGTH
from partners.demo import DEMO_PASSWORD
from partners.factories import UserFactory
from partners.models import Collective, Locality, PartnerContact, PartnerPage

Status = Referral.Status
Reason = Referral.NotTakenUpReason
Kind = WellbeingCheckIn.Kind
CheckInStatus = WellbeingCheckIn.Status
Sharing = WellbeingCheckIn.Sharing

# Answers to "What has changed for you?", as people write them: short, plain, not all glowing, and
# about any kind of activity (they are given out in order, whatever the activity). No names.
WHAT_CHANGED_ANSWERS = [
    (
        Sharing.QUOTE,
        "I leave the house on a Tuesday now. Before this I hadn't been out on my own for months.",
    ),
    (Sharing.INSIDE, "Sleeping a bit better. Still have bad weeks but I know the group is there."),
    (Sharing.QUOTE, "I'd forgotten I was good at anything. My daughter put something I made on the fridge."),
    (Sharing.NOT_SHARED, "Not much if I'm honest. The bus there is hard. But the people are kind."),
    (
        Sharing.QUOTE,
        "Being with other people makes my chest feel less tight. I can't explain it better than that.",
    ),
    (Sharing.INSIDE, "I talk to people more. At first I just sat at the back and listened."),
    (Sharing.QUOTE, "Having somewhere to be each week has given my days a shape again."),
    (Sharing.NOT_SHARED, "My mood still goes up and down. Some weeks I couldn't face coming."),
    (
        Sharing.INSIDE,
        "Mornings are hard with my tablets, so a later start would help. But I'm glad I came.",
    ),
    (Sharing.QUOTE, "I made a friend. We get a coffee after now."),
    (
        Sharing.QUOTE,
        "Going with other people is easier than trying on my own. I've been every week this month.",
    ),
    (Sharing.INSIDE, "I feel less like a patient and more like me."),
    (Sharing.NOT_SHARED, "Started helping at the allotment on Saturdays as well."),
    (Sharing.QUOTE, "I was nervous the first time and nearly turned round at the door. Glad I didn't."),
    (Sharing.INSIDE, "Less anxious on the bus. I do the breathing we do at the start of each session."),
    (Sharing.QUOTE, "Making something with my hands quietens my head for a bit."),
    (Sharing.NOT_SHARED, "Hard to say. Probably a bit better."),
    (Sharing.INSIDE, "I've started cooking proper meals again. I think having a routine in the week helps."),
    (Sharing.QUOTE, "Nobody asks what's wrong with you. You just get on with making something."),
    (
        Sharing.INSIDE,
        "The person who runs it noticed when I was struggling and asked if I was ok. That meant a lot.",
    ),
]

DEMO_LOGINS = [
    (
        "champion",
        "Champion, Kirklees Community Mental Health Team: 'Refer someone' on any activity page; /referrals/",
    ),
    ("champion2", "Champion, Calderdale Early Intervention in Psychosis Team: /referrals/"),
    ("coordinator", "Kirklees locality coordinator: every Kirklees referral and participant, /referrals/"),
    ("partner", "its referrals, participants and register: /referrals/, /participants/, /attendance/"),
]

# username, first name, last name, locality, team, work phone (Ofcom's numbers for drama: never real)
CHAMPIONS = [
    ("champion", "Chris", "Campbell", "kirklees", "Kirklees Community Mental Health Team", "0113 496 0123"),
    (
        "champion2",
        "Priya",
        "Shah",
        "calderdale",
        "Calderdale Early Intervention in Psychosis Team",
        "0113 496 0456",
    ),
]

NAMES = [
    "Aisha", "Alfie", "Amelia", "Ben", "Bethany", "Callum", "Chloe", "Connor", "Daniel", "Ella",
    "Emily", "Faisal", "Freya", "George", "Grace", "Hannah", "Harry", "Imran", "Isla", "Jack",
    "Jade", "Jamal", "Jess", "Josh", "Kate", "Kieran", "Leah", "Liam", "Lily", "Maria", "Mark",
    "Megan", "Mo", "Nadia", "Nathan", "Niamh", "Oliver", "Paul", "Rachel", "Ravi", "Rebecca",
    "Ryan", "Saima", "Sam", "Sarah", "Sean", "Sophie", "Tom", "Usman", "Zara",
]  # fmt: skip
CONTACT_NAMES = [("Sue", "Brook"), ("Dev", "Patel"), ("Lou", "Hirst"), ("Kath", "Walsh"), ("Rob", "Ainsley")]
# Never anything about health: only what helps someone be welcomed.
SUPPORT_NEEDS = [
    "",
    "",
    "Would like someone to meet them at the door.",
    "Needs step-free access.",
    "Would like a quiet space to start with.",
    "Would like to bring a friend the first time.",
]
NOTES = [
    "",
    "Keen to try something new. Mornings suit best.",
    "Has not been to a group before and is a little nervous.",
    "Works part time, so evenings are easier.",
]

# Wellbeing journeys of people who joined (see _wellbeing):
PAIR = "pair"  # answered when they joined and at follow-up
FOLLOW_UP_DUE = "follow_up_due"  # follow-up due, not answered yet
RECENT = "recent"  # joined in the last 12 weeks: answered once, follow-up not due yet
BASELINE_DECLINED = "baseline_declined"
FOLLOW_UP_DECLINED = "follow_up_declined"
JUST_JOINED = "just_joined"  # nothing answered yet

# How many people joined, in each locality and journey. In Kirklees the pairs are split between one
# type of activity (30 or more, so /impact/ shows its change) and others (fewer, so it does not).
# Calderdale's 12 are counted but not enough for a mean; Barnsley's 5 are "fewer than 8";
# Wakefield has referrals but nobody has joined yet.
JOINED_PLAN = {
    "kirklees": {
        "main": {PAIR: 33, FOLLOW_UP_DUE: 2, RECENT: 2, BASELINE_DECLINED: 1, JUST_JOINED: 2},
        "other": {PAIR: 9, FOLLOW_UP_DUE: 2, RECENT: 1, FOLLOW_UP_DECLINED: 1},
    },
    "calderdale": {"other": {PAIR: 12, FOLLOW_UP_DUE: 2, RECENT: 1, BASELINE_DECLINED: 1}},
    "barnsley": {"other": {PAIR: 5, RECENT: 1}},
}

# Referrals that did not (or not yet) lead to someone joining:
# (locality or "partner" for the demo partner's activities, who referred them, the statuses after
# "sent", days since sent, not-taken-up reason, what happened about reminders)
OPEN_AND_CLOSED = [
    ("partner", "champion", [], 0, "", ""),
    ("partner", "champion", [], 2, "", ""),
    ("partner", "champion", [], 8, "", "reminder due"),
    ("partner", "champion", [], 10, "", "reminded"),
    ("partner", "champion", [], 21, "", "escalated"),
    ("partner", "champion", [Status.ACKNOWLEDGED], 4, "", ""),
    ("partner", "champion", [Status.ACKNOWLEDGED], 9, "", ""),
    ("partner", "champion", [Status.ACKNOWLEDGED, Status.CONTACTED], 12, "", ""),
    ("partner", "champion", [Status.CONTACTED], 15, "", ""),
    ("partner", "champion", [Status.ACKNOWLEDGED, Status.NOT_TAKEN_UP], 40, Reason.NO_REPLY, ""),
    ("partner", "champion", [Status.CONTACTED, Status.NOT_TAKEN_UP], 55, Reason.CHANGED_MIND, ""),
    ("partner", "champion", [Status.NOT_TAKEN_UP], 70, Reason.NO_SPACE, ""),
    ("partner", "champion", [Status.WITHDRAWN], 30, "", ""),
    ("partner", None, [], 1, "", ""),
    ("partner", None, [Status.ACKNOWLEDGED, Status.CONTACTED], 11, "", ""),
    (
        "partner",
        "champion",
        [Status.ACKNOWLEDGED, Status.NOT_TAKEN_UP],
        420,
        Reason.CHANGED_MIND,
        "anonymised",
    ),
    ("calderdale", "champion2", [], 2, "", ""),
    ("calderdale", "champion2", [Status.ACKNOWLEDGED], 6, "", ""),
    ("calderdale", "champion2", [Status.CONTACTED, Status.NOT_TAKEN_UP], 45, Reason.NOT_SUITABLE, ""),
    ("calderdale", "champion2", [Status.WITHDRAWN], 25, "", ""),
    ("barnsley", None, [Status.ACKNOWLEDGED], 10, "", ""),
    ("barnsley", "champion2", [Status.NOT_TAKEN_UP], 60, Reason.NO_REPLY, ""),
    ("wakefield", None, [], 1, "", ""),
    ("wakefield", "champion2", [], 7, "", "reminder due"),
    ("wakefield", "champion2", [Status.ACKNOWLEDGED, Status.NOT_TAKEN_UP], 35, Reason.OTHER, ""),
]


@dataclass
class Story:
    """One referral: who, where, and what happened to it, when."""

    activity: ActivityPage
    champion: object  # a user, or None when they asked to join themselves
    steps: list[str]
    sent_at: datetime.datetime
    step_times: list[datetime.datetime]
    name: str
    email: str
    phone: str
    reason: str = ""
    joined_on: datetime.date | None = None
    wellbeing: str = ""
    reminders: str = ""
    support_needs: str = ""
    note: str = ""
    attends_first: bool = False
    sessions: list[ActivitySession] = field(default_factory=list)  # the activity's, for attendance
    referral: Referral | None = None


def seed_referrals(*, seed: str) -> list[tuple[str, str, str]]:
    """Create (once) the demo referrals world; returns the demo logins as (username, password, what)."""
    rng = random.Random(f"{seed}-referrals")  # noqa: S311 - demo data, not secrets
    champions = _champions()
    _coordinator()
    if not Referral.objects.filter(champion=champions["champion"]).exists():
        stories = _stories(rng, champions)
        # One transaction, so SQLite writes to disk once rather than hundreds of times. What the
        # services leave to do on commit (the partner's emails, the first questionnaire links)
        # happens as it ends, before any answers are filled in below.
        with transaction.atomic():
            for story in stories:
                _make(story)
        with transaction.atomic():
            _backdate(stories)
            _wellbeing_and_attendance(rng, [story for story in stories if story.joined_on])
    # Only the logins that are there: another coordinator, or no partners at all, leaves some out.
    existing = set(
        get_user_model()
        .objects.filter(username__in=[name for name, _ in DEMO_LOGINS])
        .values_list("username", flat=True)
    )
    return [(username, DEMO_PASSWORD, what) for username, what in DEMO_LOGINS if username in existing]


# -- people ------------------------------------------------------------------------------


def _champions() -> dict:
    champions = {}
    for username, first, last, locality, team, phone in CHAMPIONS:
        user = _login(username, first, last)
        ChampionProfile.objects.get_or_create(
            user=user,
            defaults={
                "locality": Locality.objects.get(slug=locality),
                "trust_team": team,
                "work_phone": phone,
            },
        )
        champions[username] = user
    return champions


def _coordinator() -> None:
    kirklees = Collective.objects.filter(locality__slug="kirklees").first()
    if kirklees is None or kirklees.coordinators.exists():
        return
    kirklees.coordinators.add(_login("coordinator", "Jo", "Cooper"))


def _login(username: str, first: str, last: str):
    # Looked up first: hashing the password again on every run would take a second each time.
    user = get_user_model().objects.filter(username=username).first()
    return user or UserFactory(username=username, first_name=first, last_name=last, password=DEMO_PASSWORD)


def _contact_for(partner: PartnerPage):
    """Who at the partner moves its referrals along: its contact, or a demo one who cannot sign in."""
    contact = partner.contacts.select_related("user").order_by("pk").first()
    if contact is not None:
        return contact.user
    first, last = CONTACT_NAMES[zlib.crc32(partner.slug.encode()) % len(CONTACT_NAMES)]  # same name each run
    user, created = get_user_model().objects.get_or_create(
        username=f"{partner.slug}-contact",
        defaults={"first_name": first, "last_name": last, "email": f"{partner.slug}-contact@example.org"},
    )
    if created:
        user.set_unusable_password()
        user.save(update_fields=["password"])
    PartnerContact.objects.create(user=user, partner=partner, job_title="Volunteer coordinator")
    return user


# -- what happened -----------------------------------------------------------------------


def _stories(rng: random.Random, champions: dict) -> list[Story]:
    activities = list(
        ActivityPage.objects.live()
        .filter(slug__startswith="activity-")
        .select_related("partner", "locality")
        .order_by("slug")
    )
    categories: dict[int, list[int]] = {}
    for activity_id, category_id in ActivityPage.categories.through.objects.filter(
        activitypage_id__in=[a.pk for a in activities]
    ).values_list("activitypage_id", "category_id"):
        categories.setdefault(activity_id, []).append(category_id)
    by_locality: dict[str, list[ActivityPage]] = {}
    for activity in activities:
        by_locality.setdefault(activity.locality.slug, []).append(activity)

    demo_partner = PartnerContact.objects.filter(user__username="partner").values_list("partner", flat=True)
    partners_own = [a for a in activities if a.partner_id in set(demo_partner)]
    pools = {"partner": partners_own[:3]}
    for slug, local in by_locality.items():
        pools[slug] = local[:3]
    # Kirklees: most pairs in the demo partner's kind of activity, so one category reaches 30.
    kirklees = by_locality.get("kirklees", [])
    lead = next((a for a in partners_own if a.locality.slug == "kirklees"), kirklees[0] if kirklees else None)
    if lead is not None:
        lead_category = (categories.get(lead.pk) or [None])[0]
        same = [a for a in kirklees if lead_category in categories.get(a.pk, [])]
        different = [a for a in kirklees if lead_category not in categories.get(a.pk, [])]
        pools["kirklees:main"] = ([lead] + [a for a in same if a != lead])[:3]
        pools["kirklees:other"] = different[:3] or pools["kirklees:main"]
    for slug in ("calderdale", "barnsley"):
        pools[f"{slug}:other"] = pools.get(slug, [])

    sessions = _sessions_of({activity.pk for pool in pools.values() for activity in pool})
    today = timezone.localdate()
    stories = []
    for locality, groups in JOINED_PLAN.items():
        for group, journeys in groups.items():
            pool = pools.get(f"{locality}:{group}")
            if not pool:
                continue
            referrer = champions["champion"] if locality == "kirklees" else champions["champion2"]
            number = 0
            for journey, count in journeys.items():
                for _ in range(count):
                    activity, joined_on = _first_session(rng, pool, number, sessions, journey)
                    if activity is None:
                        continue  # none of them has met yet, so nobody can have joined
                    lead_days = rng.randint(4, 21)
                    sent_at = _at(joined_on - datetime.timedelta(days=lead_days), rng)
                    steps = rng.choice(
                        [[Status.JOINED], [Status.ACKNOWLEDGED, Status.JOINED]]
                        + [[Status.ACKNOWLEDGED, Status.CONTACTED, Status.JOINED]] * 3
                    )
                    end = _at(joined_on, rng, hour=rng.choice([10, 11, 13, 14, 18]))
                    # About one in ten asked to join themselves.
                    champion = None if rng.random() < 0.1 else referrer
                    stories.append(
                        _story(
                            rng,
                            activity,
                            champion,
                            steps,
                            sent_at,
                            end,
                            joined_on=joined_on,
                            wellbeing=journey,
                            sessions=sessions[activity.pk],
                        )
                    )
                    number += 1

    now = timezone.now()
    for place, who, steps, days_ago, reason, reminders in OPEN_AND_CLOSED:
        pool = pools.get(place)
        if not pool:
            continue
        sent_at = min(_at(today - datetime.timedelta(days=days_ago), rng), now - datetime.timedelta(hours=2))
        end = min(sent_at + datetime.timedelta(days=max(1, min(days_ago - 1, 3 * len(steps)))), now)
        stories.append(
            _story(
                rng,
                pool[len(stories) % len(pool)],
                champions[who] if who else None,
                list(steps),
                sent_at,
                end,
                reason=reason,
                reminders=reminders,
            )
        )
    return stories


def _sessions_of(activity_ids: set[int]) -> dict[int, list[ActivitySession]]:
    sessions: dict[int, list[ActivitySession]] = {pk: [] for pk in activity_ids}
    for session in ActivitySession.objects.filter(page_id__in=activity_ids).order_by(
        "page_id", "sort_order", "pk"
    ):
        sessions[session.page_id].append(session)
    return sessions


def _first_session(
    rng: random.Random, pool: list[ActivityPage], start: int, sessions: dict, journey: str
) -> tuple[ActivityPage | None, datetime.date | None]:
    """The activity someone on this journey joined (the pool's next, going round from `start`, that
    has met) and the day of their first session there; (None, None) if none of them has met."""
    for offset in range(len(pool)):
        activity = pool[(start + offset) % len(pool)]
        joined_on = _joined_on(rng, sessions[activity.pk], journey)
        if joined_on is not None:
            return activity, joined_on
    return None, None


def _joined_on(rng: random.Random, sessions: list[ActivitySession], journey: str) -> datetime.date | None:
    """A day the activity met, as long ago as the journey needs; the nearest day it met, if it did
    not meet in that time (a monthly session in a short window); None if it never met by today.

    Their first attendance is recorded for this day, so it is always a day the activity met: an
    activity whose sessions have not started (or stopped long ago) gives None rather than a day
    with no session.
    """
    today = timezone.localdate()
    least, most = _joined_days_ago(journey)
    met = session_dates.meeting_dates(sessions, first=today - datetime.timedelta(days=most + 35), last=today)
    in_window = [day for day in met if least <= (today - day).days <= most]
    if in_window:
        return rng.choice(in_window)
    middle = today - datetime.timedelta(days=(least + most) // 2)
    return min(met, key=lambda day: abs((day - middle).days), default=None)


def _joined_days_ago(journey: str) -> tuple[int, int]:
    """How many days ago someone on this journey joined: at least, at most."""
    follow_up = settings.WELLBEING_FOLLOW_UP_WEEKS * 7
    if journey in (PAIR, FOLLOW_UP_DECLINED):
        # Long enough ago to have answered the follow-up; recent enough that the retention job
        # (a year after joining) has not yet removed their contact details.
        return follow_up + 14, 330
    if journey == FOLLOW_UP_DUE:
        return follow_up + 2, follow_up + 20
    if journey == JUST_JOINED:
        return 0, 3
    return 10, follow_up - 7


def _story(rng, activity, champion, steps, sent_at, end, **extra) -> Story:
    name = rng.choice(NAMES)
    by_email = rng.random() < 0.7
    # Spread between sending and the last step, in working hours, each after the one before.
    span = (end - sent_at) / max(len(steps), 1)
    times, previous = [], sent_at
    for index in range(len(steps)):
        time = end
        if index < len(steps) - 1:
            time = _at(timezone.localdate(sent_at + span * (index + 1)), rng)
            if not previous < time < end:
                time = previous + (end - previous) / 2
        times.append(time)
        previous = time
    return Story(
        activity=activity,
        champion=champion,
        steps=steps,
        sent_at=sent_at,
        step_times=times,
        name=name,
        email=f"{name.lower()}.{rng.randint(10, 99)}@example.net" if by_email else "",
        phone="" if by_email else f"07700 900{rng.randint(0, 999):03d}",
        support_needs=rng.choice(SUPPORT_NEEDS),
        note=rng.choice(NOTES),
        attends_first=rng.random() < 0.2,
        **extra,
    )


def _at(day: datetime.date, rng: random.Random, hour: int | None = None) -> datetime.datetime:
    time = datetime.time(hour if hour is not None else rng.randint(9, 16), rng.choice([0, 15, 30, 45]))
    return timezone.make_aware(datetime.datetime.combine(day, time))


# -- making it happen --------------------------------------------------------------------


def _make(story: Story) -> None:
    details = {
        "preferred_name": story.name,
        "contact_method": Referral.ContactMethod.EMAIL if story.email else Referral.ContactMethod.PHONE,
        "email": story.email,
        "phone": story.phone,
        "support_needs": story.support_needs,
    }
    if story.champion is not None:
        details.update(note_for_partner=story.note, champion_attends_first=story.attends_first)
    referral = services.create_referral(
        activity=story.activity,
        details=details,
        consent_version=consent.current_version(ConsentRecord.Purpose.REFERRAL_CONTACT),
        champion=story.champion,
    )
    partner_user = _contact_for(story.activity.partner)
    for step in story.steps:
        # A champion withdraws their own referral; everything else is the partner's doing.
        user = story.champion if step == Status.WITHDRAWN and story.champion else partner_user
        referral = services.change_status(
            referral=referral,
            to_status=step,
            user=user,
            reason=story.reason if step == Status.NOT_TAKEN_UP else "",
            joined_on=story.joined_on if step == Status.JOINED else None,
        )
    story.referral = referral


def _backdate(stories: list[Story]) -> None:
    """Move each referral's dates (and its history's, and its consent's) to when it happened."""
    referrals = []
    for story in stories:
        referral = story.referral
        referral.created_at = story.sent_at
        moves = [
            time for step, time in zip(story.steps, story.step_times, strict=True) if step != Status.WITHDRAWN
        ]
        referral.acknowledged_at = moves[0] if moves else None
        referral.closed_at = story.step_times[-1] if referral.status in Referral.CLOSED_STATUSES else None
        if story.reminders in ("reminded", "escalated"):
            referral.reminded_at = story.sent_at + datetime.timedelta(days=5)
        if story.reminders == "escalated":
            referral.escalated_at = story.sent_at + datetime.timedelta(days=10)
        referrals.append(referral)
    _write(referrals, ["created_at", "acknowledged_at", "closed_at", "reminded_at", "escalated_at"])

    times = {story.referral.pk: [story.sent_at, *story.step_times] for story in stories}
    changes = list(ReferralStatusChange.objects.filter(referral_id__in=times).order_by("referral_id", "pk"))
    seen: dict[int, int] = {}
    for change in changes:
        index = seen.get(change.referral_id, 0)
        change.changed_at = times[change.referral_id][index]
        seen[change.referral_id] = index + 1
    _write(changes, ["changed_at"])

    consents = list(ConsentRecord.objects.filter(referral_id__in=times))
    for record in consents:
        record.given_at = times[record.referral_id][0]
    _write(consents, ["given_at"])

    for story in stories:
        if story.reminders == "anonymised":
            services.anonymise(story.referral)
            # As the retention job would have done, a year after it closed.
            Referral.objects.filter(pk=story.referral.pk).update(
                anonymised_at=story.step_times[-1] + datetime.timedelta(days=settings.REFERRAL_RETENTION_DAYS)
            )


def _wellbeing_and_attendance(rng: random.Random, stories: list[Story]) -> None:
    today = timezone.localdate()
    participants = {
        participant.referral_id: participant
        for participant in Participant.objects.filter(referral__in=[story.referral for story in stories])
    }
    check_ins = {
        (check_in.participant_id, check_in.kind): check_in
        for check_in in WellbeingCheckIn.objects.filter(participant__in=participants.values())
    }
    changed_participants, changed_check_ins, attendances = [], [], []
    recorders: dict[int, object] = {}
    written = iter(WHAT_CHANGED_ANSWERS)
    for story in stories:
        participant = participants[story.referral.pk]
        participant.code = "CM-{}-{}".format(*_code_parts(rng))
        participant.created_at = story.step_times[-1]
        changed_participants.append(participant)
        partner = story.activity.partner
        if partner.pk not in recorders:
            recorders[partner.pk] = _contact_for(partner)
        recorder = recorders[partner.pk]

        # A few more sessions after the first (which change_status recorded): most of the days the
        # activity met, never a day it did not.
        wanted = rng.randint(1, 8)
        later = session_dates.meeting_dates(
            story.sessions, first=story.joined_on + datetime.timedelta(days=1), last=today
        )
        for day in later[: wanted * 2]:
            if wanted and rng.random() < 0.7:
                attendances.append(
                    Attendance(participant=participant, session_date=day, recorded_by=recorder)
                )
                wanted -= 1

        baseline = check_ins[(participant.pk, Kind.BASELINE)]
        follow_up = check_ins[(participant.pk, Kind.FOLLOW_UP)]
        before = rng.gauss(22, 3.5)
        # Most people feel a little better after a few months; some do not.
        after = before + rng.gauss(2.4, 3.2)
        journey = story.wellbeing
        if journey == JUST_JOINED:
            if baseline.link_sent_at:  # emailed when they were marked as joined
                baseline.link_sent_at = story.step_times[-1]
                changed_check_ins.append(baseline)
        else:
            if journey == BASELINE_DECLINED:
                _finish(baseline, rng, story, None)
            else:
                _finish(baseline, rng, story, before)
            if journey == PAIR:
                _finish(follow_up, rng, story, after)
                # Not for anyone whose details are gone: the retention job removes what they wrote too.
                if story.reminders != "anonymised":
                    _write_what_changed(follow_up, next(written, None))
            elif journey == FOLLOW_UP_DECLINED:
                _finish(follow_up, rng, story, None)
            changed_check_ins += [baseline, follow_up]
        answered = [c for c in (baseline, follow_up) if c.status == CheckInStatus.ANSWERED]
        if answered:
            consent.record_consent(
                participant=participant,
                purpose=ConsentRecord.Purpose.WELLBEING,
                given_by=ConsentRecord.GivenBy.PERSON_ONLINE,
                given_at=answered[0].completed_at,
            )

    _write(changed_participants, ["code", "created_at"])
    Attendance.objects.bulk_create(attendances)
    _write(
        changed_check_ins,
        [
            "status",
            "channel",
            "link_sent_at",
            "token_hash",
            "token_expires_at",
            "completed_at",
            "raw_score",
            "metric_score",
            *WellbeingCheckIn.ITEM_FIELDS,
            "what_changed",
            "what_changed_sharing",
            "what_changed_wording_version",
        ],
    )


def _write_what_changed(check_in: WellbeingCheckIn, answer: tuple[str, str] | None) -> None:
    # No random numbers: the scores and codes the seed gives stay the same as before.
    if answer is None:
        return
    check_in.what_changed_sharing, check_in.what_changed = answer
    check_in.what_changed_wording_version = consent.current_version(consent.WHAT_CHANGED)


def _write(objects, fields: list[str]) -> None:
    """Save these fields of each object, skipping save() and its signals as bulk_update() does.

    bulk_update() builds one CASE expression per field listing every row, which takes seconds to
    compile for a few hundred rows; one small UPDATE per row, inside the caller's transaction, is
    much quicker here.
    """
    for obj in objects:
        type(obj).objects.filter(pk=obj.pk).update(**{field: getattr(obj, field) for field in fields})


def _finish(check_in: WellbeingCheckIn, rng: random.Random, story: Story, raw: float | None) -> None:
    """Answered (with a score near `raw`) or declined, a few days after it was due."""
    due = check_in.due_on
    completed = _at(min(due + datetime.timedelta(days=rng.randint(0, 6)), timezone.localdate()), rng)
    check_in.channel = WellbeingCheckIn.Channel.EMAIL if story.email else WellbeingCheckIn.Channel.QR
    check_in.link_sent_at = min(_at(due, rng, hour=9), completed)
    check_in.token_hash = None
    check_in.token_expires_at = None
    check_in.completed_at = completed
    if raw is None:
        check_in.status = CheckInStatus.DECLINED
        return
    answers = _answers(rng, max(swemwbs.LOWEST_RAW, min(swemwbs.HIGHEST_RAW, round(raw))))
    check_in.status = CheckInStatus.ANSWERED
    for name, value in WellbeingCheckIn.answer_fields(answers).items():
        setattr(check_in, name, value)


def _answers(rng: random.Random, raw: int) -> list[int]:
    """Seven answers adding up to `raw`, not all alike: people feel better about some things than others."""
    answers = list(answers_for_metric(raw))
    for _ in range(4):
        up, down = rng.sample(range(len(answers)), 2)
        if answers[up] < swemwbs.HIGHEST_ANSWER and answers[down] > swemwbs.LOWEST_ANSWER:
            answers[up] += 1
            answers[down] -= 1
    return answers


def _code_parts(rng: random.Random) -> tuple[str, str]:
    # The same codes for the same seed, from the alphabet real codes use.
    body = "".join(rng.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))
    return body[:4], body[4:]
