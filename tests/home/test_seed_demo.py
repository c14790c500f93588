"""`manage.py seed_demo`: the same data every time, and nothing added by running it again."""

import io
import re

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.test import Client
from django_tasks_db.models import DBTaskResult
from wagtail.models import Page, Site

from activities.models import ActivityPage
from activities.referrals import selectors
from activities.referrals.demo import WHAT_CHANGED_ANSWERS
from activities.referrals.models import (
    Attendance,
    ConsentRecord,
    Participant,
    Referral,
    ReferralStatusChange,
    WellbeingCheckIn,
)
from home.demo import DEMO_CONTACT_DETAILS
from home.impact.disclosure import FEWER_THAN_TEXT
from home.models import SiteSettings
from partners.demo import DEMO_PASSWORD
from partners.models import (
    ConflictDeclaration,
    Decision,
    FundingApplication,
    FundingRound,
    JoinRequest,
    LedgerEntry,
    Membership,
    PartnerContact,
    PartnerPage,
    Vote,
)

pytestmark = pytest.mark.django_db


def snapshot() -> dict:
    return {
        "partners": dict(PartnerPage.objects.order_by("slug").values_list("slug", "title")),
        "activities": dict(ActivityPage.objects.order_by("slug").values_list("slug", "title")),
        "postcodes": dict(ActivityPage.objects.order_by("slug").values_list("slug", "postcode")),
        "partner_of": dict(ActivityPage.objects.order_by("slug").values_list("slug", "partner__slug")),
        # The feed's ids (activities.oruk): the same in a demo database seeded afresh.
        "keys": dict(
            [
                *PartnerPage.objects.values_list("slug", "translation_key"),
                *ActivityPage.objects.values_list("slug", "translation_key"),
            ]
        ),
        "listings": list(
            ActivityPage.objects.order_by("slug").values_list(
                "slug",
                "summary",
                "description",
                "delivery",
                "venue_name",
                "audience_group",
                "how_to_join",
                "cost_type",
                "cost_amount",
                "step_free_access",
                "peer_led",
            )
        ),
        "sessions": sorted(
            ActivityPage.objects.values_list(
                "slug", "sessions__weekday", "sessions__start_time", "sessions__frequency"
            )
        ),
        "referrals": sorted(
            Referral.objects.values_list(
                "activity__slug",
                "preferred_name",
                "email",
                "phone",
                "status",
                "source",
                "not_taken_up_reason",
            )
        ),
        "participants": sorted(Participant.objects.values_list("code", "activity__slug", "joined_on")),
        "check_ins": sorted(
            WellbeingCheckIn.objects.values_list(
                "participant__code", "kind", "status", "due_on", "metric_score"
            )
        ),
        "attendance": sorted(Attendance.objects.values_list("participant__code", "session_date")),
    }


def delete_demo_pages():
    # Funding and referral records protect the partners and activities they belong to, so they go first.
    for model in (
        LedgerEntry, Decision, Vote, ConflictDeclaration, FundingApplication, FundingRound,
        JoinRequest, PartnerContact, Membership, Participant, Referral,
    ):  # fmt: skip
        model.objects.all().delete()
    for activity in ActivityPage.objects.all():
        activity.delete()
    for partner in PartnerPage.objects.all():
        partner.delete()


def seed(**counts):
    call_command("seed_demo", verbosity=0, stdout=open("/dev/null", "w"), **counts)  # noqa: SIM115


def test_seed_demo_is_idempotent_and_deterministic():
    seed(partners=4, activities=12)
    first = snapshot()
    assert first["referrals"] and first["check_ins"] and first["attendance"]
    assert len(first["partners"]) == 4
    assert len(first["activities"]) == 12
    assert all(ActivityPage.objects.get(slug=slug).live for slug in first["activities"])
    assert get_user_model().objects.filter(username="admin", is_superuser=True).count() == 1
    contact = SiteSettings.for_site(Site.objects.get(is_default_site=True))
    assert {field: getattr(contact, field) for field in DEMO_CONTACT_DETAILS} == DEMO_CONTACT_DETAILS

    # Again: nothing new, nothing changed.
    seed(partners=4, activities=12)
    assert snapshot() == first
    assert get_user_model().objects.filter(username="admin").count() == 1
    for username in ("member", "chair", "partner", "champion", "champion2", "coordinator"):
        assert get_user_model().objects.filter(username=username).count() == 1

    # From scratch again (after other factories have run in this process): the very same data.
    delete_demo_pages()
    assert not ActivityPage.objects.exists()
    seed(partners=4, activities=12)
    assert snapshot() == first


def test_seed_demo_shows_progress_and_leaves_a_valid_tree():
    out = io.StringIO()
    call_command("seed_demo", partners=3, activities=5, stdout=out)
    assert "  Partners: 3 of 3 (" in out.getvalue() and "  Activities: 5 of 5 (" in out.getvalue()
    assert Page.find_problems() == ([], [], [], [], [])

    again = io.StringIO()
    call_command("seed_demo", partners=3, activities=5, stdout=again)
    assert "Activities:" not in again.getvalue() and "(0 new)" in again.getvalue()


def test_asking_for_more_adds_only_the_difference():
    seed(partners=2, activities=3)
    small = snapshot()
    seed(partners=4, activities=12)
    larger = snapshot()
    assert len(larger["partners"]) == 4 and len(larger["activities"]) == 12
    # What existed is kept as it was.
    for key in ("partners", "activities", "postcodes"):
        assert {slug: larger[key][slug] for slug in small[key]} == small[key]

    # And a larger run from nothing gives the same as growing step by step.
    delete_demo_pages()
    seed(partners=4, activities=12)
    assert snapshot()["partners"] == larger["partners"]


def test_demo_titles_are_distinct_per_partner_and_attendance_falls_on_session_days():
    seed(partners=3, activities=12)
    titles = list(ActivityPage.objects.values_list("partner_id", "title"))
    assert len(set(titles)) == len(titles) == 12
    attendances = Attendance.objects.select_related("participant__activity").prefetch_related(
        "participant__activity__sessions"
    )
    assert attendances.count() > 2 * Participant.objects.count()
    for attendance in attendances:
        day, sessions = attendance.session_date, attendance.participant.activity.sessions.all()
        # Each session's own rule, asked for the first day it meets on or after that day.
        assert any(session.next_dates(after=day, count=1) == [day] for session in sessions), (
            f"{attendance.participant.activity.title} does not meet on {day:%A %d %B %Y}"
        )


def sign_in(username) -> Client:
    client = Client()
    assert client.login(username=username, password=DEMO_PASSWORD), f"{username} cannot sign in"
    return client


def referral_counts() -> dict:
    return {
        model.__name__: model.objects.count()
        for model in (
            Referral, ReferralStatusChange, ConsentRecord, Participant, Attendance, WellbeingCheckIn,
            get_user_model(),
        )
    }  # fmt: skip


@pytest.mark.usefixtures("database_queue")
def test_referral_demo_logins_statuses_and_published_figures():
    out = io.StringIO()
    call_command("seed_demo", partners=4, activities=12, stdout=out)
    printed = out.getvalue()
    # The demo's emails went nowhere at once: none waits in the queue for the worker to send.
    assert not DBTaskResult.objects.exists()
    for username in ("champion", "champion2", "coordinator", "partner"):
        assert re.search(rf"^  {username} / {DEMO_PASSWORD}  \(", printed, re.MULTILINE), username
    # The partner is printed once, with what they can do for funding and for referrals.
    assert printed.count("  partner / ") == 1 and "/funding/" in printed and "/referrals/" in printed

    # Every status, each with its history from "sent" and the consent to share contact details.
    assert set(Referral.objects.values_list("status", flat=True)) == set(Referral.Status.values)
    assert Referral.objects.filter(source=Referral.Source.SELF).count() >= 2
    for referral in Referral.objects.prefetch_related("status_changes", "consents"):
        history = [change.to_status for change in referral.status_changes.all()]
        assert history[0] == Referral.Status.SENT and history[-1] == referral.status
        assert [c.purpose for c in referral.consents.all()] == [ConsentRecord.Purpose.REFERRAL_CONTACT]
        assert referral.created_at <= referral.status_changes.all()[len(history) - 1].changed_at
    waiting = Referral.objects.filter(status=Referral.Status.SENT)
    assert waiting.filter(reminded_at__isnull=False, escalated_at__isnull=True).exists()
    assert waiting.filter(escalated_at__isnull=False).exists()
    old = Referral.objects.get(anonymised_at__isnull=False)
    assert (old.preferred_name, old.email, old.phone, old.is_open) == ("", "", "", False)
    not_taken_up = Referral.objects.filter(status=Referral.Status.NOT_TAKEN_UP)
    assert len(set(not_taken_up.values_list("not_taken_up_reason", flat=True))) >= 3

    # Wellbeing answers: both questionnaires answered in every locality but Wakefield, and some
    # follow-ups still to come or declined.
    answered = WellbeingCheckIn.objects.filter(status=WellbeingCheckIn.Status.ANSWERED)
    pairs = {
        locality: answered.filter(
            kind=WellbeingCheckIn.Kind.FOLLOW_UP, participant__activity__locality__slug=locality
        ).count()
        for locality in ("kirklees", "calderdale", "barnsley", "wakefield")
    }
    assert pairs == {"kirklees": 42, "calderdale": 12, "barnsley": 5, "wakefield": 0}
    assert WellbeingCheckIn.objects.filter(status=WellbeingCheckIn.Status.DECLINED).exists()
    assert WellbeingCheckIn.objects.filter(
        kind=WellbeingCheckIn.Kind.FOLLOW_UP, status=WellbeingCheckIn.Status.WAITING
    ).exists()
    assert all(check_in.answers.count(None) == 0 for check_in in answered)
    # Twenty follow-ups say what has changed for them, at every sharing level.
    written = answered.exclude(what_changed="")
    assert written.count() == len(WHAT_CHANGED_ANSWERS)
    assert set(written.values_list("kind", flat=True)) == {WellbeingCheckIn.Kind.FOLLOW_UP}
    assert set(written.values_list("what_changed_sharing", flat=True)) == set(WellbeingCheckIn.Sharing.values)
    assert len(selectors.quotable_answers()) == 9
    assert not Participant.objects.filter(attendances__isnull=True).exists()
    assert Attendance.objects.count() > 2 * Participant.objects.count()

    # The logins work, and each sees what their role allows.
    partner = sign_in("partner")
    partner_referrals = partner.get("/referrals/")
    assert partner_referrals.status_code == 200
    assert partner.get("/participants/").status_code == 200
    champion = sign_in("champion").get("/referrals/")
    assert champion.status_code == 200
    assert sign_in("champion2").get("/referrals/").status_code == 200
    coordinator = sign_in("coordinator")
    escalated = Referral.objects.get(escalated_at__isnull=False)
    page = coordinator.get(f"/referrals/{escalated.public_id}/")
    assert page.status_code == 200 and "Waiting too long" in page.content.decode()

    # /impact/ publishes some figures and holds others back.
    impact = Client().get("/impact/").content.decode()
    change = r'data-measure="Average change"[^>]*>[+−]\d+\.\d<'
    assert re.search(change, impact), "no published average change"
    assert FEWER_THAN_TEXT in impact
    assert "We need answers from" in impact
    assert 'id="themes-by-locality"' in impact and "?theme=" in impact, "the stories' themes by area"

    # And running it again adds nothing at all.
    before = referral_counts()
    seed(partners=4, activities=12)
    assert referral_counts() == before
