"""factory_boy factories for referrals, participants, wellbeing check-ins and champions, shared by
the tests and `seed_demo`."""

import datetime

import factory
from django.utils import timezone

from activities.factories import ActivityPageFactory
from activities.referrals import consent
from activities.referrals.models import (
    ChampionProfile,
    Participant,
    Referral,
    ReferralStatusChange,
    WellbeingCheckIn,
)
from partners.factories import UserFactory
from partners.models import Locality

TRUST_TEAMS = [
    "Community Mental Health Team",
    "Early Intervention in Psychosis Team",
    "Improving Access to Psychological Therapies",
    "Older People's Mental Health Team",
    "Recovery College",
    "Inpatient Rehabilitation Ward",
]


class ChampionProfileFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ChampionProfile

    user = factory.SubFactory(UserFactory)
    locality = factory.LazyFunction(lambda: Locality.objects.get(slug="kirklees"))
    trust_team = factory.LazyAttribute(
        lambda o: f"{o.locality.name} {factory.random.randgen.choice(TRUST_TEAMS)}"
    )
    work_phone = "01924 316000"


class ReferralFactory(factory.django.DjangoModelFactory):
    """A champion's referral, as sent. Pass source="self", champion=None for someone asking to join."""

    class Meta:
        model = Referral

    activity = factory.SubFactory(ActivityPageFactory)
    champion = factory.LazyFunction(lambda: ChampionProfileFactory().user)
    source = Referral.Source.CHAMPION
    preferred_name = factory.Faker("first_name", locale="en_GB")
    contact_method = Referral.ContactMethod.EMAIL
    email = factory.LazyAttribute(lambda o: f"{o.preferred_name.lower()}@example.net")
    phone = "07700 900123"
    support_needs = "Would like someone to say hello at the door."
    note_for_partner = "Keen on trying something new. Prefers mornings."

    @factory.post_generation
    def history(obj, create, extracted, **kwargs):
        """The "sent" step and the contact consent every referral starts with."""
        if not create:
            return
        ReferralStatusChange.objects.create(
            referral=obj, to_status=Referral.Status.SENT, changed_by=obj.champion
        )
        consent.record_consent(
            referral=obj,
            purpose=consent.Purpose.REFERRAL_CONTACT,
            given_by=consent.contact_given_by(champion=obj.champion),
            user=obj.champion,
            given_at=obj.created_at,
        )


class ParticipantFactory(factory.django.DjangoModelFactory):
    """A joined participant (its referral is marked joined)."""

    class Meta:
        model = Participant

    referral = factory.SubFactory(
        ReferralFactory, status=Referral.Status.JOINED, closed_at=factory.LazyFunction(timezone.now)
    )
    activity = factory.SelfAttribute("referral.activity")
    joined_on = factory.LazyFunction(lambda: timezone.localdate() - datetime.timedelta(weeks=13))


class WellbeingCheckInFactory(factory.django.DjangoModelFactory):
    """An answered questionnaire; pass answers=[...] (seven 1-5 values) or status="waiting"/"declined".

    A follow-up may carry what_changed="..." and what_changed_sharing; the wording version shown
    is the current one unless given.
    """

    class Meta:
        model = WellbeingCheckIn

    participant = factory.SubFactory(ParticipantFactory)
    kind = WellbeingCheckIn.Kind.BASELINE
    status = WellbeingCheckIn.Status.ANSWERED
    due_on = factory.SelfAttribute("participant.joined_on")
    completed_at = factory.LazyFunction(timezone.now)
    answers = (3, 3, 3, 3, 3, 3, 3)

    @classmethod
    def _adjust_kwargs(cls, **kwargs):
        answers = kwargs.pop("answers", None)
        if kwargs.get("status") == WellbeingCheckIn.Status.ANSWERED and answers is not None:
            kwargs.update(WellbeingCheckIn.answer_fields(list(answers)))
        elif kwargs.get("status") == WellbeingCheckIn.Status.WAITING:
            kwargs["completed_at"] = None
        if kwargs.get("what_changed") and not kwargs.get("what_changed_wording_version"):
            kwargs["what_changed_wording_version"] = consent.current_version(consent.WHAT_CHANGED)
        return kwargs


def answers_for_metric(target_raw: int) -> tuple[int, ...]:
    """Seven answers (1-5) adding up to target_raw (7 to 35), spread as evenly as they go."""
    base, extra = divmod(target_raw, 7)
    return tuple(base + (1 if index < extra else 0) for index in range(7))
