"""On an activity's page, "Refer someone" is a real button for signed-in champions (policy.can_refer)
and for nobody else; everyone else is told what they can do instead, by how the activity takes
people: just turn up, ask to join, or ask their NHS care team for a referral (or call us). A
signed-in member who follows a referral address gets a page that says who can refer and how to join
instead, still answered 404. An activity that has ended offers neither."""

import pytest
from bs4 import BeautifulSoup
from django.urls import reverse
from wagtail.models import Site

from activities.models import ActivityPage
from activities.referrals import consent
from activities.referrals.factories import ChampionProfileFactory
from activities.referrals.models import ConsentRecord, Referral
from home.models import SiteSettings
from partners.factories import MembershipFactory, UserFactory

pytestmark = pytest.mark.django_db

HowToJoin = ActivityPage.HowToJoin


@pytest.fixture(autouse=True)
def our_phone(db):
    SiteSettings.objects.update_or_create(
        site=Site.objects.get(is_default_site=True),
        defaults={"contact_phone": "0306 999 0123", "contact_email": "hello@creativeminds.example"},
    )


@pytest.fixture
def champion(db):
    return ChampionProfileFactory().user


@pytest.fixture
def member(db):
    return MembershipFactory().user


def activity_with(make_activity, how_to_join, **fields):
    return make_activity("Sing for your mind", how_to_join=how_to_join, **fields)


def page(client, activity, user=None) -> BeautifulSoup:
    if user is not None:
        client.force_login(user)
    response = client.get(activity.url)
    assert response.status_code == 200
    return BeautifulSoup(response.content, "html.parser")


def refer_buttons(soup, activity):
    return soup.select(f'a.nhsuk-button[href="{reverse("referrals:new", args=[activity.slug])}"]')


def ask_buttons(soup, activity):
    return soup.select(f'a.nhsuk-button[href="{reverse("ask_to_join", args=[activity.slug])}"]')


def how_to_join_text(soup) -> str:
    heading = soup.find("h2", id="how-to-join")
    parts = []
    for sibling in heading.find_next_siblings():
        if sibling.name == "div":  # the first-visit card: the next part of the page
            break
        parts.append(sibling.get_text(" ", strip=True))
    return " ".join(parts)


def test_a_signed_in_champion_sees_a_refer_someone_button(client, make_activity, champion):
    activity = activity_with(make_activity, HowToJoin.BOOK)

    soup = page(client, activity, champion)

    [button] = refer_buttons(soup, activity)
    assert button.get_text(" ", strip=True) == "Refer someone to Sing for your mind"
    # Asking to join is still there for the person, but it is not the champion's main action.
    [ask] = ask_buttons(soup, activity)
    assert "nhsuk-button--secondary" in ask["class"]


@pytest.mark.parametrize("who", ["anonymous", "member", "staff_without_champion_profile"])
def test_nobody_else_is_offered_a_referral(client, make_activity, member, who):
    activity = activity_with(make_activity, HowToJoin.BOOK)
    user = {
        "anonymous": None,
        "member": member,
        "staff_without_champion_profile": UserFactory(is_staff=True),
    }[who]

    soup = page(client, activity, user)

    assert refer_buttons(soup, activity) == []
    assert len(ask_buttons(soup, activity)) == 1
    if user is not None:
        assert soup.find("a", href=reverse("referrals:new", args=[activity.slug])) is None
        assert "Sign in to refer someone" not in soup.get_text()


def test_a_visitor_who_is_signed_out_may_sign_in_to_refer(client, make_activity):
    activity = activity_with(make_activity, HowToJoin.TURN_UP)

    soup = page(client, activity)

    link = soup.find("a", string="Sign in to refer someone")
    assert link["href"].startswith(reverse("login") + "?next=")
    assert "nhsuk-button" not in link.get("class", [])


def test_turn_up_says_just_turn_up(client, make_activity):
    activity = activity_with(make_activity, HowToJoin.TURN_UP)

    soup = page(client, activity)

    assert how_to_join_text(soup).startswith("Just turn up.")
    assert ask_buttons(soup, activity) == []


def test_referral_only_tells_people_to_ask_their_care_team_or_call_us(client, make_activity):
    activity = activity_with(make_activity, HowToJoin.REFERRAL)

    soup = page(client, activity)

    text = how_to_join_text(soup)
    assert (
        "You need a referral from a health worker: ask your GP, care coordinator, or anyone in your NHS "
        "care team to refer you to Sing for your mind. They can find it on this page." in text
    )
    assert "Or call us on 0306 999 0123 and we will help." in text
    assert soup.find("a", href="tel:03069990123") is not None
    assert ask_buttons(soup, activity) == []


def test_an_ended_activity_offers_neither_asking_to_join_nor_referring(client, make_activity, champion):
    activity = activity_with(make_activity, HowToJoin.SELF_REFERRAL)
    ActivityPage.objects.filter(pk=activity.pk).update(listing_status=ActivityPage.ListingStatus.ENDED)
    activity.refresh_from_db()

    for user in (None, champion):
        soup = page(client, activity, user)
        assert refer_buttons(soup, activity) == []
        assert ask_buttons(soup, activity) == []
        assert "not taking new people" in how_to_join_text(soup)
        client.logout()

    assert client.get(reverse("ask_to_join", args=[activity.slug])).status_code == 404
    client.force_login(champion)
    response = client.get(reverse("referrals:new", args=[activity.slug]))
    assert response.status_code == 404
    assert "This activity has ended" in response.text
    posted = client.post(
        reverse("referrals:new", args=[activity.slug]),
        {
            "consent_version": consent.current_version(ConsentRecord.Purpose.REFERRAL_CONTACT),
            "preferred_name": "Quentin",
            "contact_method": "email",
            "email": "quentin@example.net",
            "consent_given": "on",
        },
    )
    assert posted.status_code == 404
    assert not Referral.objects.exists()


def test_a_member_who_follows_a_referral_link_is_told_who_can_refer_and_how_to_join(
    client, make_activity, member
):
    activity = activity_with(make_activity, HowToJoin.SELF_REFERRAL)
    client.force_login(member)

    response = client.get(reverse("referrals:new", args=[activity.slug]))

    assert response.status_code == 404
    soup = BeautifulSoup(response.content, "html.parser")
    assert soup.h1.get_text(strip=True) == "Only NHS staff champions can refer people"
    assert len(ask_buttons(soup, activity)) == 1
    assert soup.find("a", href=activity.url) is not None
    assert soup.find("form") is None or not soup.select("input[name=preferred_name]")


def test_for_a_referral_only_activity_the_member_is_told_to_ask_their_care_team(
    client, make_activity, member
):
    activity = activity_with(make_activity, HowToJoin.REFERRAL)
    client.force_login(member)

    response = client.get(reverse("referrals:new", args=[activity.slug]))

    assert response.status_code == 404
    text = BeautifulSoup(response.content, "html.parser").get_text(" ", strip=True)
    assert (
        "ask your GP, care coordinator, or anyone in your NHS care team to refer you to Sing for your mind"
        in text
    )
    assert "Or call us on 0306 999 0123 and we will help." in text


def test_an_unknown_activity_is_a_plain_404_for_a_member(client, member):
    client.force_login(member)

    response = client.get(reverse("referrals:new", args=["no-such-activity"]))

    assert response.status_code == 404
    assert "Only NHS staff champions" not in response.text
