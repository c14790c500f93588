"""Who may see, vote on and decide which applications. Views answer 404, not 403, so nobody learns
what exists in another collective; the services refuse the same things on their own."""

import datetime

import pytest
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone

from partners import services
from partners.factories import (
    FundingApplicationFactory,
    FundingRoundFactory,
    MembershipFactory,
    PartnerContactFactory,
    UserFactory,
)
from partners.models import ConflictDeclaration, FundingApplication, Vote
from partners.selectors import tally_for
from tests.partners.builders import declare, log_entries, vote

TODAY = timezone.localdate


def review_url(application):
    return reverse("collectives:application", kwargs={"public_id": application.public_id})


def decide_url(application):
    return reverse("collectives:decide", kwargs={"public_id": application.public_id})


def who(world, name):
    """The user called `name` in the permission tables (None means anonymous)."""
    if name == "anonymous":
        return None
    if name == "kirklees member":
        return world.members[1].user
    if name == "kirklees chair":
        return world.chair.user
    if name == "wakefield member":
        return world.wakefield_members[1].user
    if name == "wakefield chair":
        return world.wakefield_members[0].user
    if name == "non-member":
        return UserFactory()
    if name == "former kirklees member":
        membership = MembershipFactory(collective=world.kirklees, left_on=TODAY())
        return membership.user
    if name == "future kirklees member":
        return MembershipFactory(
            collective=world.kirklees, joined_on=TODAY() + datetime.timedelta(days=1)
        ).user
    if name == "kirklees coordinator":
        user = UserFactory()
        world.kirklees.coordinators.add(user)
        return user
    if name == "wakefield coordinator":
        user = UserFactory()
        world.wakefield.coordinators.add(user)
        return user
    if name == "applicant's partner contact":
        return PartnerContactFactory(partner=world.application.partner).user
    if name == "superuser":
        return UserFactory(is_superuser=True, is_staff=True)
    raise AssertionError(name)


def get_as(client, world, name, url):
    user = who(world, name)
    if user is not None:
        client.force_login(user)
    return client.get(url)


# -- reading the application -----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "status"),
    [
        ("kirklees member", 200),
        ("kirklees chair", 200),
        ("kirklees coordinator", 200),
        ("superuser", 200),
        ("wakefield member", 404),
        ("wakefield chair", 404),
        ("wakefield coordinator", 404),
        ("non-member", 404),
        ("former kirklees member", 404),
        ("future kirklees member", 404),
        ("applicant's partner contact", 404),  # partners read their own on /funding/, not here
        ("anonymous", 302),
    ],
)
def test_who_can_read_a_kirklees_application(client, world, name, status):
    response = get_as(client, world, name, review_url(world.application))
    assert response.status_code == status
    if status == 200:
        assert world.application.title in response.text
    if name == "anonymous":
        assert response["Location"] == f"{reverse('login')}?next={review_url(world.application)}"


@pytest.mark.parametrize(
    ("name", "status"),
    [
        ("kirklees chair", 200),
        ("kirklees coordinator", 200),
        ("superuser", 200),
        ("kirklees member", 404),
        ("wakefield chair", 404),
        ("wakefield coordinator", 404),
        ("non-member", 404),
        ("anonymous", 302),
    ],
)
def test_only_the_chair_or_a_coordinator_opens_the_decide_page(client, world, name, status):
    response = get_as(client, world, name, decide_url(world.application))
    assert response.status_code == status


def test_the_decide_button_is_shown_to_the_chair_only(client, world):
    client.force_login(world.chair.user)
    assert decide_url(world.application) in client.get(review_url(world.application)).text
    client.force_login(world.members[1].user)
    assert decide_url(world.application) not in client.get(review_url(world.application)).text


def test_a_former_chair_cannot_decide(client, world):
    world.chair.left_on = TODAY()
    world.chair.save()
    client.force_login(world.chair.user)
    assert client.get(decide_url(world.application)).status_code == 404
    response = client.post(
        decide_url(world.application), {"outcome": "declined", "route": "meeting", "reasons": "No"}
    )
    assert response.status_code == 404
    assert not world.application.decisions.exists()


def test_nobody_can_decide_an_application_that_is_already_decided(client, world):
    FundingApplication.objects.filter(pk=world.application.pk).update(
        status=FundingApplication.Status.DECLINED
    )
    client.force_login(world.chair.user)
    assert client.get(decide_url(world.application)).status_code == 404


@pytest.mark.parametrize(
    "name", ["kirklees member", "kirklees chair", "kirklees coordinator", "wakefield member", "superuser"]
)
def test_drafts_are_never_shown_to_members(client, world, name):
    draft = FundingApplicationFactory(
        round=world.funding_round, status="draft", submitted_at=None, title="A draft nobody sees"
    )
    client.force_login(who(world, name))
    assert client.get(review_url(draft)).status_code == 404
    assert client.get(decide_url(draft)).status_code == 404
    assert client.post(review_url(draft), NO_CONFLICT).status_code == 404
    assert not ConflictDeclaration.objects.exists()


def test_the_member_dashboard_lists_own_collective_sent_applications_only(client, world):
    draft = FundingApplicationFactory(
        round=world.funding_round, status="draft", submitted_at=None, title="A draft nobody sees"
    )
    declined = FundingApplicationFactory(round=world.funding_round, status="declined", title="Old news")
    client.force_login(world.members[1].user)
    response = client.get(reverse("collectives:dashboard"))
    assert response.status_code == 200
    listed = [row.application for section in response.context["rounds"] for row in section.applications]
    assert listed == [world.application, declined]  # a decided one stays under its round, as decided
    assert world.wakefield_application.title not in response.text
    assert draft.title not in response.text


@pytest.mark.parametrize(
    ("name", "status"), [("non-member", 404), ("anonymous", 302), ("wakefield member", 200)]
)
def test_the_member_dashboard_is_for_members(client, world, name, status):
    assert get_as(client, world, name, reverse("collectives:dashboard")).status_code == status


# -- voting -------------------------------------------------------------------------------------------

VOTE = {"action": "vote", "vote-choice": "support", "vote-comment": "Lovely idea"}
NO_CONFLICT = {"action": "conflict", "conflict-answer": "no", "conflict-reason": ""}


@pytest.mark.parametrize(
    "name", ["wakefield member", "wakefield chair", "non-member", "former kirklees member"]
)
def test_outsiders_cannot_declare_or_vote_by_post(client, world, name):
    client.force_login(who(world, name))
    assert client.post(review_url(world.application), NO_CONFLICT).status_code == 404
    assert client.post(review_url(world.application), VOTE).status_code == 404
    assert not Vote.objects.exists()
    assert not ConflictDeclaration.objects.exists()


def test_a_kirklees_member_cannot_see_or_vote_on_a_wakefield_application(client, world):
    member, wakefield_application = world.members[1], world.wakefield_application
    client.force_login(member.user)
    assert client.get(review_url(wakefield_application)).status_code == 404
    assert client.post(review_url(wakefield_application), NO_CONFLICT).status_code == 404
    assert client.post(review_url(wakefield_application), VOTE).status_code == 404
    assert client.get(decide_url(wakefield_application)).status_code == 404
    assert wakefield_application.title not in client.get(reverse("collectives:dashboard")).text
    with pytest.raises(services.FundingError, match="Only members of this collective can do this."):
        services.cast_vote(
            membership=member,
            application=wakefield_application,
            choice="support",
            comment="",
            user=member.user,
        )
    with pytest.raises(services.FundingError, match="Only members of this collective can do this."):
        declare(member, wakefield_application)
    assert not Vote.objects.exists() and not ConflictDeclaration.objects.exists()


def test_anonymous_post_is_sent_to_sign_in(client, world):
    response = client.post(review_url(world.application), VOTE)
    assert response.status_code == 302 and response["Location"].startswith(reverse("login"))
    assert not Vote.objects.exists()


def test_the_services_refuse_a_member_of_another_collective(world):
    outsider = world.wakefield_members[1]
    with pytest.raises(services.FundingError, match="Only members of this collective"):
        services.declare_conflict(
            membership=outsider,
            application=world.application,
            has_conflict=False,
            reason="",
            user=outsider.user,
        )
    # Even with a declaration slipped in, the vote is refused.
    ConflictDeclaration.objects.create(membership=outsider, application=world.application, has_conflict=False)
    with pytest.raises(services.FundingError, match="Only members of this collective"):
        services.cast_vote(
            membership=outsider,
            application=world.application,
            choice="support",
            comment="",
            user=outsider.user,
        )
    with pytest.raises(services.FundingError):
        services.cast_vote(
            membership=None, application=world.application, choice="support", comment="", user=outsider.user
        )
    assert not Vote.objects.exists()


def test_a_member_votes_after_declaring_no_conflict(client, world):
    member = world.members[1]
    client.force_login(member.user)
    response = client.post(review_url(world.application), VOTE)
    assert response.status_code == 200
    assert "Tell us whether you have a conflict of interest before you vote" in response.text
    assert not Vote.objects.exists()

    assert client.post(review_url(world.application), NO_CONFLICT).status_code == 302
    response = client.post(review_url(world.application), VOTE, follow=True)
    assert "Your vote has been saved" in response.text
    saved = Vote.objects.get()
    assert (saved.membership, saved.choice, saved.comment) == (member, "support", "Lovely idea")
    assert log_entries("partners.vote_cast", saved).get().user == member.user
    assert log_entries("partners.conflict_declared").filter(user=member.user).count() == 1


def test_a_member_who_declares_a_conflict_cannot_vote(client, world):
    member = world.members[1]
    client.force_login(member.user)
    client.post(
        review_url(world.application),
        {"action": "conflict", "conflict-answer": "yes", "conflict-reason": "I volunteer there"},
    )
    page = client.get(review_url(world.application))
    assert "so you cannot vote on this application" in page.text
    assert 'value="vote"' not in page.text

    response = client.post(review_url(world.application), VOTE)
    assert response.status_code == 200
    assert "You have a conflict of interest on this application, so you cannot vote." in response.text
    with pytest.raises(services.FundingError, match="conflict of interest"):
        services.cast_vote(
            membership=member, application=world.application, choice="support", comment="", user=member.user
        )
    assert not Vote.objects.exists()


def test_a_conflict_declared_after_voting_sets_the_vote_aside(client, world):
    """The vote stays on record, but it is no longer counted and the member cannot vote again."""
    member = world.members[1]
    for other in world.members[2:4]:
        vote(other, world.application, comment="Good value")
    my_vote = vote(member, world.application, comment="Lovely idea")
    assert tally_for(world.application).support == 3
    client.force_login(member.user)
    page = client.get(review_url(world.application))
    assert "I have found I have a conflict of interest" in page.text

    response = client.post(
        review_url(world.application), {"action": "conflict", "conflict-answer": "yes"}, follow=True
    )
    assert "so your vote will not be counted" in response.text
    assert "The vote you gave before you declared it is not counted." in response.text
    assert 'value="vote"' not in response.text
    assert Vote.objects.filter(pk=my_vote.pk).exists()  # votes are never deleted
    result = tally_for(world.application)
    assert (result.support, result.voted, result.eligible) == (2, 2, 4)
    entry = log_entries("partners.conflict_declared").filter(user=member.user).latest("timestamp")
    assert entry.data["vote_set_aside"] is True
    # Their comment goes with the vote; the others' stay.
    assert "Lovely idea" not in response.text
    assert "Good value" in response.text
    with pytest.raises(services.FundingError, match="so you cannot vote"):
        services.cast_vote(
            membership=member, application=world.application, choice="oppose", comment="", user=member.user
        )


def test_members_linked_to_the_partner_are_conflicted_when_it_applies(client, world, category):
    linked = world.members[2]
    linked.linked_partners.add(world.application.partner)
    draft = FundingApplicationFactory(
        round=world.funding_round,
        partner=world.application.partner,
        category=category,
        status="draft",
        submitted_at=None,
    )
    draft = services.submit_application(application=draft, user=draft.created_by)

    declaration = ConflictDeclaration.objects.get(membership=linked, application=draft)
    assert declaration.has_conflict and declaration.automatic
    assert log_entries("partners.conflict_declared", declaration).exists()
    assert not ConflictDeclaration.objects.filter(application=draft).exclude(membership=linked).exists()

    client.force_login(linked.user)
    response = client.post(review_url(draft), VOTE)
    assert "You have a conflict of interest on this application" in response.text
    with pytest.raises(services.FundingError, match="linked to this partner"):
        declare(linked, draft, conflict=False)
    response = client.post(review_url(draft), NO_CONFLICT)
    assert "You are linked to this partner" in response.text
    assert ConflictDeclaration.objects.get(membership=linked, application=draft).has_conflict
    assert not Vote.objects.filter(application=draft).exists()


@pytest.mark.parametrize(
    ("opens", "closes", "message"),
    [
        (1, 5, "Voting is open from"),  # not open yet
        (-10, -1, "Voting is open from"),  # closed yesterday, decisions not yet made
    ],
)
def test_no_vote_outside_the_voting_window(client, world, opens, closes, message):
    today = TODAY()
    funding_round = FundingRoundFactory(
        collective=world.kirklees,
        applications_open=today - datetime.timedelta(days=20),
        voting_opens=today + datetime.timedelta(days=opens),
        voting_closes=today + datetime.timedelta(days=closes),
        decision_due=today + datetime.timedelta(days=10),
    )
    application = FundingApplicationFactory(round=funding_round)
    member = world.members[1]
    declare(member, application)
    client.force_login(member.user)
    page = client.get(review_url(application))
    assert 'value="vote"' not in page.text  # no vote form
    response = client.post(review_url(application), VOTE)
    assert response.status_code == 200
    assert message in response.text
    with pytest.raises(services.FundingError, match=message):
        services.cast_vote(
            membership=member, application=application, choice="support", comment="", user=member.user
        )
    assert not Vote.objects.exists()


def test_voting_window_boundaries_in_the_service(world):
    funding_round, member = world.funding_round, world.members[1]
    declare(member, world.application)

    def cast(day):
        return services.cast_vote(
            membership=member,
            application=world.application,
            choice="support",
            comment="",
            user=member.user,
            today=day,
        )

    for day in (
        funding_round.voting_opens - datetime.timedelta(days=1),
        funding_round.voting_closes + datetime.timedelta(days=1),
    ):
        with pytest.raises(services.FundingError, match="Voting is open from"):
            cast(day)
    assert cast(funding_round.voting_opens).choice == "support"  # the first and last days are open
    assert cast(funding_round.voting_closes).choice == "support"
    assert Vote.objects.count() == 1


def test_a_member_whose_membership_ended_cannot_vote(client, world):
    member = world.members[1]
    declare(member, world.application)
    member.left_on = TODAY()
    member.save()
    with pytest.raises(services.FundingError, match="membership of this collective has ended"):
        services.cast_vote(
            membership=member, application=world.application, choice="support", comment="", user=member.user
        )
    client.force_login(member.user)
    assert client.post(review_url(world.application), VOTE).status_code == 404
    assert not Vote.objects.exists()


def test_no_votes_once_decided(world):
    member = world.members[1]
    declare(member, world.application)
    FundingApplication.objects.filter(pk=world.application.pk).update(status="approved")
    world.application.refresh_from_db()
    with pytest.raises(services.FundingError, match="already been made"):
        services.cast_vote(
            membership=member, application=world.application, choice="oppose", comment="", user=member.user
        )


def test_an_unknown_choice_is_refused(world):
    member = world.members[1]
    declare(member, world.application)
    with pytest.raises(services.FundingError, match="Choose support"):
        services.cast_vote(
            membership=member, application=world.application, choice="maybe", comment="", user=member.user
        )


# -- one vote per member ---------------------------------------------------------------------------


def test_the_database_allows_one_vote_per_member_per_application(world):
    member = world.members[1]
    vote(member, world.application)
    with pytest.raises(IntegrityError), transaction.atomic():
        Vote.objects.create(membership=member, application=world.application, choice="oppose")
    assert Vote.objects.count() == 1
    # The same member may still vote on another application.
    other = FundingApplicationFactory(round=world.funding_round)
    Vote.objects.create(membership=member, application=other, choice="oppose")


def test_changing_a_vote_updates_the_same_row_and_is_logged(client, world):
    member = world.members[1]
    first = vote(member, world.application, "support", "Yes please")
    client.force_login(member.user)
    response = client.post(
        review_url(world.application),
        {"action": "vote", "vote-choice": "oppose", "vote-comment": "Changed my mind"},
    )
    assert response.status_code == 302
    changed = Vote.objects.get()
    assert changed.pk == first.pk
    assert (changed.choice, changed.comment) == ("oppose", "Changed my mind")
    assert changed.updated_at > changed.cast_at
    entry = log_entries("partners.vote_changed", changed).get()
    assert entry.data == {"from": "support", "to": "oppose"}
    assert entry.user == member.user
    assert log_entries("partners.vote_cast", changed).count() == 1
    assert "Do not support" in client.get(review_url(world.application)).text


# -- partner contacts --------------------------------------------------------------------------------


def test_partner_contacts_see_only_their_own_partner_applications(client, world):
    own = world.application
    own_draft = FundingApplicationFactory(
        round=world.funding_round, partner=own.partner, status="draft", submitted_at=None
    )
    other = FundingApplicationFactory(round=world.funding_round, title="Someone else's project")
    other_draft = FundingApplicationFactory(
        round=world.funding_round, partner=other.partner, status="draft", submitted_at=None
    )
    client.force_login(PartnerContactFactory(partner=own.partner).user)

    dashboard = client.get(reverse("funding:dashboard"))
    assert dashboard.status_code == 200
    assert set(dashboard.context["applications"]) == {own, own_draft}
    assert other.title not in dashboard.text

    assert client.get(reverse("funding:application", kwargs={"public_id": own.public_id})).status_code == 200
    assert client.get(reverse("funding:edit", kwargs={"public_id": own_draft.public_id})).status_code == 200
    for application in (other, other_draft, world.wakefield_application):
        assert (
            client.get(
                reverse("funding:application", kwargs={"public_id": application.public_id})
            ).status_code
            == 404
        )
        assert (
            client.get(reverse("funding:edit", kwargs={"public_id": application.public_id})).status_code
            == 404
        )
    response = client.post(
        reverse("funding:edit", kwargs={"public_id": other_draft.public_id}),
        {"title": "Hijacked", "action": "save"},
    )
    assert response.status_code == 404
    other_draft.refresh_from_db()
    assert other_draft.title != "Hijacked"


@pytest.mark.parametrize(
    ("name", "status"), [("non-member", 404), ("kirklees member", 404), ("anonymous", 302)]
)
def test_funding_pages_are_for_partner_contacts(client, world, name, status):
    for url in (
        reverse("funding:dashboard"),
        reverse("funding:new"),
        reverse("funding:application", kwargs={"public_id": world.application.public_id}),
    ):
        client.logout()
        assert get_as(client, world, name, url).status_code == status, url
