"""`manage.py seed_demo`: the same data every time, and nothing added by running it again."""

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command

from activities.models import ActivityPage
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
        "sessions": sorted(
            ActivityPage.objects.values_list(
                "slug", "sessions__weekday", "sessions__start_time", "sessions__frequency"
            )
        ),
    }


def delete_demo_pages():
    # Funding records protect the partners they belong to, so they go first.
    for model in (
        LedgerEntry, Decision, Vote, ConflictDeclaration, FundingApplication, FundingRound,
        JoinRequest, PartnerContact, Membership,
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
    assert len(first["partners"]) == 4
    assert len(first["activities"]) == 12
    assert all(ActivityPage.objects.get(slug=slug).live for slug in first["activities"])
    assert get_user_model().objects.filter(username="admin", is_superuser=True).count() == 1

    # Again: nothing new, nothing changed.
    seed(partners=4, activities=12)
    assert snapshot() == first
    assert get_user_model().objects.filter(username="admin").count() == 1
    for username in ("member", "chair", "partner"):  # the funding demo logins
        assert get_user_model().objects.filter(username=username).count() == 1

    # From scratch again (after other factories have run in this process): the very same data.
    delete_demo_pages()
    assert not ActivityPage.objects.exists()
    seed(partners=4, activities=12)
    assert snapshot() == first


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
