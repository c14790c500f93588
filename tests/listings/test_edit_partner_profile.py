"""A partner changes their profile: a revision in the workflow, the public page unchanged until
approved; staff-only fields (agreement, accreditation, trusted to publish) never change through it;
another partner's contact gets 404; a form opened before someone else's change is not saved."""

import pytest
from django.urls import reverse
from wagtail.models import WorkflowState

from activities.listings.forms.edit import PartnerProfileForm
from partners.factories import PartnerContactFactory, PartnerPageFactory, UserFactory
from partners.models import Locality, PartnerPage
from tests.listings.test_edit_activity import form_data

pytestmark = pytest.mark.django_db


@pytest.fixture
def partner(db):
    return PartnerPageFactory(
        home=Locality.objects.get(slug="kirklees"), slug="dewsbury-arts", summary="Arts in Dewsbury."
    )


@pytest.fixture
def contact(partner):
    return PartnerContactFactory(partner=partner, user=UserFactory()).user


def profile_url(partner) -> str:
    return reverse("listings:partner_profile", kwargs={"key": partner.translation_key})


def profile_data(partner, **changed) -> dict:
    live = PartnerPage.objects.get(pk=partner.pk)
    form = PartnerProfileForm(
        instance=live.get_latest_revision_as_object(), initial={"revision": live.latest_revision_id or ""}
    )
    return {**form_data(form), **changed}


def test_a_profile_change_waits_for_review(client, partner, contact):
    client.force_login(contact)
    calderdale = Locality.objects.get(slug="calderdale")
    kirklees = Locality.objects.get(slug="kirklees")
    response = client.post(
        profile_url(partner),
        profile_data(
            partner,
            summary="Arts for everyone in Dewsbury and Halifax.",
            localities=[str(kirklees.pk), str(calderdale.pk)],
            website="dewsbury-arts.example.org",
        ),
    )
    assert response.status_code == 302
    live = PartnerPage.objects.get(pk=partner.pk)
    draft = live.latest_revision.as_object()
    assert draft.summary == "Arts for everyone in Dewsbury and Halifax."
    assert {place.slug for place in draft.localities.all()} == {"kirklees", "calderdale"}
    assert draft.website == "https://dewsbury-arts.example.org"
    assert live.summary == "Arts in Dewsbury." and list(live.localities.all()) == [kirklees]
    assert WorkflowState.objects.get(object_id=str(partner.pk)).status == WorkflowState.STATUS_IN_PROGRESS
    assert "Arts for everyone" not in client.get(partner.url).text


def test_staff_only_fields_never_change_through_the_form(client, partner, contact):
    client.force_login(contact)
    client.post(
        profile_url(partner),
        profile_data(
            partner,
            summary="Changed.",
            publishes_without_review="on",
            agreement_status="in_force",
            mental_health_friendly="on",
            charity_number="999",
        ),
    )
    draft = PartnerPage.objects.get(pk=partner.pk).latest_revision.as_object()
    assert draft.summary == "Changed."
    assert not draft.publishes_without_review
    assert draft.agreement_status == PartnerPage.AgreementStatus.NONE
    assert draft.mental_health_friendly == partner.mental_health_friendly
    assert draft.charity_number == partner.charity_number
    assert "publishes_without_review" not in client.get(profile_url(partner)).text


def test_a_trusted_partners_profile_change_is_live_at_once(client, partner, contact):
    partner.publishes_without_review = True
    partner.save_revision().publish()
    client.force_login(contact)
    response = client.post(profile_url(partner), profile_data(partner, summary="Live now."))
    assert [str(m) for m in response.wsgi_request._messages] == ["Your changes are live."]
    assert PartnerPage.objects.get(pk=partner.pk).summary == "Live now."


def test_another_partners_contact_gets_404(client, partner):
    other = PartnerContactFactory(partner=PartnerPageFactory(home=Locality.objects.get(slug="kirklees"))).user
    client.force_login(other)
    assert client.get(profile_url(partner)).status_code == 404
    assert client.post(profile_url(partner), profile_data(partner, summary="Taken.")).status_code == 404
    assert PartnerPage.objects.get(pk=partner.pk).latest_revision_id is None


def test_bad_input_gets_messages(client, partner, contact):
    client.force_login(contact)
    response = client.post(
        profile_url(partner),
        profile_data(partner, summary="x" * 10_000, postcode="QQ1 1QQ", localities=[], contact_email="nope"),
    )
    assert response.status_code == 200
    for message in (
        "About you, in one sentence must be 240 characters or fewer",
        "Choose at least one area",
        "Enter an email address like name@example.com",
    ):
        assert response.text.count(message) == 2, message
    assert PartnerPage.objects.get(pk=partner.pk).latest_revision_id is None


def test_a_form_opened_before_someone_elses_change_is_not_saved(client, partner, contact):
    opened = profile_data(partner, summary="From the first tab.")
    client.force_login(contact)
    client.post(profile_url(partner), profile_data(partner, contact_phone="01484 223344"))
    response = client.post(profile_url(partner), opened)
    assert "This listing was changed by someone else since you opened it" in response.text
    assert "01484 223344" in response.text and "From the first tab." in response.text
    assert PartnerPage.objects.get(pk=partner.pk).latest_revision.as_object().summary == "Arts in Dewsbury."
