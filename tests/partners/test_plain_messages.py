"""Django's own validator messages, reworded once for every form (creative_minds.validators).

Fields without a message of their own used to show Django's defaults: "Ensure this value has at
most 500 characters (it has 501).", "Null characters are not allowed.", "Ensure that there are no
more than 10 digits in total.". A field's own message still wins.
"""

from html import unescape

import pytest
from django.urls import reverse

from partners.factories import PartnerContactFactory, PartnerPageFactory
from partners.models import ConflictDeclaration, FundingApplication, JoinRequest, Locality, Vote
from tests.partners.builders import page_form

pytestmark = pytest.mark.django_db

NULL_MESSAGE = "This contains a hidden character (a null character) that cannot be saved. Type it again"


def text_of(response) -> str:
    return unescape(response.content.decode())


def test_a_null_character_is_refused_in_plain_words_and_nothing_is_saved(client, kirklees):
    url, data = page_form(client.get(reverse("collectives:join")), "why")
    data.update(
        locality=str(Locality.objects.get(slug="kirklees").pk),
        name="Sam\x00Jones",
        email="sam@example.org",
        role="carer",
        why="I would like to help.",
    )
    response = client.post(url, data)
    assert response.status_code == 200
    assert text_of(response).count(NULL_MESSAGE) == 2  # the error summary and the field
    assert "Null characters are not allowed" not in text_of(response)
    assert not JoinRequest.objects.exists()


def test_too_long_a_comment_says_how_long_it_may_be(client, application, members):
    member = members[1]
    ConflictDeclaration.objects.create(membership=member, application=application, has_conflict=False)
    client.force_login(member.user)
    response = client.post(
        reverse("collectives:application", kwargs={"public_id": application.public_id}),
        {"action": "vote", "vote-choice": "support", "vote-comment": "x" * 501},
    )
    assert response.status_code == 200
    assert "Enter 500 characters or fewer. You entered 501" in text_of(response)
    assert not Vote.objects.exists()


def test_too_big_an_amount_says_how_many_digits_it_may_have(client, funding_round):
    partner = PartnerPageFactory(home=funding_round.collective.locality)
    client.force_login(PartnerContactFactory(partner=partner).user)
    url, data = page_form(client.get(reverse("funding:new")), "title")
    data.update(title="Open doors", requested_amount="99999999999999999999", action="save")
    response = client.post(url, data)
    assert response.status_code == 200
    assert "Enter a number with no more than 10 digits" in text_of(response)
    assert not FundingApplication.objects.exists()
