"""Staff decide requests to become a partner: the services (approve into a draft partner page, an
account and a set-password email; decline with a reason; each once), and the admin's list, detail,
approve and decline views with their permissions."""

import datetime
import random
import re

import pytest
from django.contrib.auth import SESSION_KEY, get_user_model
from django.contrib.auth.models import Group, Permission
from django.core import mail
from django.test import Client
from django.urls import reverse
from wagtail.models import PageLogEntry

from activities.listings import policy
from activities.listings.demo_partner_requests import make_demo_partner_requests
from activities.listings.models import PartnerRequest
from activities.listings.services import partner_requests as services
from partners.factories import PartnerContactFactory, PartnerPageFactory, UserFactory
from partners.models import Locality, PartnerContact, PartnerIndexPage, PartnerPage
from tests.concurrency import race
from tests.partners.builders import log_entries
from tests.query_counting import assert_same_count, queries_for

pytestmark = pytest.mark.django_db

INDEX = reverse("partner_requests:index")
LINK = re.compile(r"(https?://[^/\s]+)(/account/reset/\S+/)")
LONG_STORY = (
    "We run a friendly ukulele group for complete beginners and improvers every Tuesday evening in "
    "Holmfirth. We lend instruments to anyone who needs one, teach by ear, and play a few gigs a year "
    "at local care homes and the summer fair. Carers and friends are welcome to come along too."
)


def inspect_url(partner_request):
    return reverse("partner_requests:inspect", args=[partner_request.pk])


def approve_url(partner_request):
    return reverse("partner_requests:approve", args=[partner_request.pk])


def decline_url(partner_request):
    return reverse("partner_requests:decline", args=[partner_request.pk])


def every_url(partner_request) -> list[str]:
    return [INDEX, inspect_url(partner_request), approve_url(partner_request), decline_url(partner_request)]


def make_request(**overrides) -> PartnerRequest:
    fields = {
        "organisation": "Holme Valley Ukulele Club",
        "charity_number": "1187654",
        "company_number": "",
        "website": "https://ukuleles.example.org",
        "contact_name": "Sam Jones",
        "contact_email": "Sam.Jones@ukuleles.example.org",
        "contact_phone": "01484 123456",
        "what_they_run": LONG_STORY,
        "where": "Holmfirth Civic Hall",
        **overrides,
    }
    partner_request = PartnerRequest.objects.create(**fields)
    partner_request.localities.set(Locality.objects.filter(slug__in=["kirklees", "calderdale"]))
    return partner_request


@pytest.fixture
def staff():
    return UserFactory(is_superuser=True, is_staff=True)


@pytest.fixture
def deciding_editor():
    """Not a superuser: an editor given the permission to decide requests."""
    editor = UserFactory()
    editor.user_permissions.add(
        Permission.objects.get(codename="access_admin"),
        Permission.objects.get(codename="change_partnerrequest"),
    )
    return editor


@pytest.fixture
def editor():
    """In the admin, without the permission."""
    editor = UserFactory()
    editor.groups.add(Group.objects.get(name="Editors"))
    return editor


def approve(partner_request, staff, capture, **agreement):
    agreement = agreement or {
        "agreement_status": PartnerPage.AgreementStatus.IN_FORCE,
        "agreement_start": datetime.date(2026, 4, 1),
        "agreement_end": datetime.date(2027, 3, 31),
    }
    with capture(execute=True):
        return services.approve_request(partner_request, user=staff, **agreement)


# -- the services --------------------------------------------------------------------------------


def test_approving_makes_a_draft_partner_page_an_account_and_a_contact(
    staff, django_capture_on_commit_callbacks
):
    partner_request = make_request()
    partner = approve(partner_request, staff, django_capture_on_commit_callbacks)

    partner = PartnerPage.objects.get(pk=partner.pk)
    assert not partner.live
    assert partner.has_unpublished_changes
    assert partner.get_parent().specific == PartnerIndexPage.objects.get()
    assert partner.title == "Holme Valley Ukulele Club"
    assert partner.slug == "holme-valley-ukulele-club"
    assert len(partner.summary) <= 240
    assert partner.summary.endswith("…")
    assert LONG_STORY.startswith(partner.summary[:-1])
    assert LONG_STORY[len(partner.summary) - 1] == " "  # cut at a word
    assert "Carers and friends are welcome" in partner.description  # all of it, for them to shape
    assert set(partner.localities.values_list("slug", flat=True)) == {"kirklees", "calderdale"}
    assert (partner.charity_number, partner.company_number, partner.website) == (
        "1187654",
        "",
        "https://ukuleles.example.org",
    )
    assert (partner.contact_email, partner.contact_phone) == ("", "")  # the contact's own, not public
    assert (partner.agreement_status, partner.agreement_start, partner.agreement_end) == (
        "in_force",
        datetime.date(2026, 4, 1),
        datetime.date(2027, 3, 31),
    )
    assert partner.is_preferred_supplier_on(datetime.date(2026, 6, 1))
    assert not partner.is_preferred_supplier_on(datetime.date(2027, 4, 1))
    revision = partner.latest_revision
    assert revision.user == staff
    assert PageLogEntry.objects.filter(page=partner, action="wagtail.create", user=staff).exists()

    user = get_user_model().objects.get(email="Sam.Jones@ukuleles.example.org")
    assert (user.username, user.first_name, user.last_name) == (
        "sam.jones@ukuleles.example.org",
        "Sam",
        "Jones",
    )
    assert not user.has_usable_password()
    assert PartnerContact.objects.filter(user=user, partner=partner).exists()

    partner_request.refresh_from_db()
    assert partner_request.status == PartnerRequest.Status.APPROVED
    assert (partner_request.decided_by, partner_request.partner, partner_request.contact_user) == (
        staff,
        partner,
        user,
    )
    assert partner_request.decided_at is not None
    entry = log_entries("listings.partner_request_approve", partner_request).get()
    assert entry.user == staff
    assert entry.data["partner_id"] == partner.pk

    [welcome] = mail.outbox
    assert welcome.to == ["Sam.Jones@ukuleles.example.org"]
    assert "Holme Valley Ukulele Club is now a Creative Minds partner" in welcome.subject
    assert reverse("listings:index") in welcome.body
    assert "Your listings" in welcome.body


def test_the_set_password_link_works_and_the_contact_then_manages_the_partner(
    client, staff, django_capture_on_commit_callbacks
):
    partner = approve(make_request(), staff, django_capture_on_commit_callbacks)
    [welcome] = mail.outbox
    _, path = LINK.search(welcome.body).groups()

    choose = client.get(path, follow=True)
    assert choose.status_code == 200
    assert 'name="new_password1"' in choose.text  # the set password form
    password = "a-brand-new-password-2026"
    done = client.post(choose.redirect_chain[-1][0], {"new_password1": password, "new_password2": password})
    assert done.status_code == 302

    signed_in = Client()
    response = signed_in.post(
        reverse("login"), {"username": "sam.jones@ukuleles.example.org", "password": password}
    )
    assert response.status_code == 302
    user = get_user_model().objects.get(pk=signed_in.session[SESSION_KEY])
    assert partner in policy.managed_partners(user)
    assert policy.can_manage_partner(user, partner.pk)


def test_approving_twice_makes_one_partner(staff, django_capture_on_commit_callbacks):
    partner_request = make_request()
    first_tab = PartnerRequest.objects.get(pk=partner_request.pk)
    second_tab = PartnerRequest.objects.get(pk=partner_request.pk)
    approve(first_tab, staff, django_capture_on_commit_callbacks)
    with pytest.raises(services.PartnerRequestError, match="already been approved"):
        approve(second_tab, staff, django_capture_on_commit_callbacks)
    with pytest.raises(services.PartnerRequestError, match="already been approved"):
        services.decline_request(second_tab, user=staff, reason="Changed my mind")
    assert PartnerPage.objects.filter(title="Holme Valley Ukulele Club").count() == 1
    assert PartnerContact.objects.count() == 1
    assert len(mail.outbox) == 1


def test_an_existing_account_with_that_email_becomes_the_contact(staff, django_capture_on_commit_callbacks):
    existing = UserFactory(username="sam", email="sam.jones@UKULELES.example.org")
    partner = approve(make_request(), staff, django_capture_on_commit_callbacks)
    assert PartnerContact.objects.get(partner=partner).user == existing
    assert existing.has_usable_password()
    assert not get_user_model().objects.filter(username="sam.jones@ukuleles.example.org").exists()
    [welcome] = mail.outbox
    assert "your username is sam" in welcome.body


def test_a_username_already_taken_by_someone_else_gets_a_number(staff, django_capture_on_commit_callbacks):
    UserFactory(username="sam.jones@ukuleles.example.org", email="someone.else@example.org")
    partner = approve(make_request(), staff, django_capture_on_commit_callbacks)
    assert PartnerContact.objects.get(partner=partner).user.username == "sam.jones@ukuleles.example.org-2"


def test_a_short_story_is_the_whole_summary(staff, django_capture_on_commit_callbacks):
    partner = approve(
        make_request(what_they_run="  Singing\nfor   everyone. "),
        staff,
        django_capture_on_commit_callbacks,
        agreement_status=PartnerPage.AgreementStatus.NEGOTIATING,
    )
    partner.refresh_from_db()
    assert (partner.summary, partner.description, partner.agreement_status) == (
        "Singing for everyone.",
        "",
        "negotiating",
    )
    assert not partner.is_preferred_supplier_on(datetime.date(2026, 6, 1))


def test_a_request_matching_a_listed_partner_adds_the_contact_to_it(
    staff, django_capture_on_commit_callbacks
):
    listed = PartnerPageFactory(charity_number="1187654", agreement_status="none")
    pages = PartnerPage.objects.count()
    partner = approve(make_request(), staff, django_capture_on_commit_callbacks)
    assert partner.pk == listed.pk
    assert PartnerPage.objects.count() == pages
    listed.refresh_from_db()
    assert listed.agreement_status == "none"  # its page is left as it is
    assert PartnerContact.objects.get(partner=listed).user.email == "Sam.Jones@ukuleles.example.org"
    assert log_entries("listings.partner_request_approve").get().data["joined_existing_partner"] is True


def test_declining_emails_the_reason(staff, django_capture_on_commit_callbacks):
    partner_request = make_request()
    with django_capture_on_commit_callbacks(execute=True):
        services.decline_request(partner_request, user=staff, reason="We only list groups in our four areas.")
    partner_request.refresh_from_db()
    assert (partner_request.status, partner_request.decided_by, partner_request.decline_reason) == (
        PartnerRequest.Status.DECLINED,
        staff,
        "We only list groups in our four areas.",
    )
    assert log_entries("listings.partner_request_decline", partner_request).get().user == staff
    [email] = mail.outbox
    assert email.to == ["Sam.Jones@ukuleles.example.org"]
    assert "We only list groups in our four areas." in email.body
    assert "not able to add you as a partner" in email.body
    assert not PartnerPage.objects.filter(title="Holme Valley Ukulele Club").exists()


def test_a_decided_request_forgets_its_contact_a_year_later(db):
    today = datetime.date(2027, 6, 1)
    noon = datetime.time(12, tzinfo=datetime.UTC)
    old = make_request(status=PartnerRequest.Status.DECLINED)
    recent = make_request(status=PartnerRequest.Status.APPROVED, organisation="Recent Choir")
    waiting = make_request(organisation="Waiting Club")
    PartnerRequest.objects.filter(pk=old.pk).update(
        decided_at=datetime.datetime.combine(today - datetime.timedelta(days=366), noon)
    )
    PartnerRequest.objects.filter(pk=recent.pk).update(
        decided_at=datetime.datetime.combine(today - datetime.timedelta(days=300), noon)
    )

    assert services.forget_old_contacts(today) == 1
    assert services.forget_old_contacts(today) == 0

    old.refresh_from_db()
    assert (old.contact_name, old.contact_email, old.contact_phone) == ("", "", "")
    assert old.organisation == "Holme Valley Ukulele Club"
    for kept in (recent, waiting):
        kept.refresh_from_db()
        assert kept.contact_email == "Sam.Jones@ukuleles.example.org"


def test_the_demo_makes_three_new_requests_and_one_declined(db):
    assert make_demo_partner_requests(rng=random.Random(1)) == 4
    statuses = sorted(PartnerRequest.objects.values_list("status", flat=True))
    assert statuses == ["declined", "new", "new", "new"]
    assert all(request.localities.exists() for request in PartnerRequest.objects.all())


# -- the admin -----------------------------------------------------------------------------------


def test_staff_see_the_list_and_every_field(client, staff):
    partner_request = make_request()
    client.force_login(staff)
    response = client.get(INDEX)
    assert response.status_code == 200
    assert "Holme Valley Ukulele Club" in response.text
    assert "Calderdale, Kirklees" in response.text
    assert inspect_url(partner_request) in response.text
    assert reverse("partner_requests:add") not in response.text

    detail = client.get(inspect_url(partner_request))
    assert detail.status_code == 200
    sent = ("1187654", "Sam.Jones@ukuleles.example.org", "01484 123456", "Holmfirth Civic Hall", "gigs")
    for value in sent:
        assert value in detail.text
    assert approve_url(partner_request) in detail.text
    assert decline_url(partner_request) in detail.text
    # What they sent is never edited or deleted here.
    assert client.get(reverse("partner_requests:edit", args=[partner_request.pk])).status_code == 302
    assert client.get(reverse("partner_requests:add")).status_code == 302


def test_the_list_can_be_filtered(client, staff):
    make_request()
    walks = make_request(organisation="Wakefield Wild Walks")
    walks.localities.set(Locality.objects.filter(slug="wakefield"))
    client.force_login(staff)
    wakefield = Locality.objects.get(slug="wakefield")
    response = client.get(INDEX, {"localities": wakefield.pk})
    assert "Wakefield Wild Walks" in response.text
    assert "Holme Valley Ukulele Club" not in response.text
    response = client.get(INDEX, {"status": "declined"})
    assert "Wakefield Wild Walks" not in response.text


def test_the_list_costs_the_same_for_two_and_ten_requests(client, staff):
    client.force_login(staff)
    for index in range(2):
        make_request(organisation=f"Group {index}")
    small = queries_for(client, INDEX)
    for index in range(2, 10):
        make_request(organisation=f"Group {index}")
    large = queries_for(client, INDEX)
    assert "Group 9" in large[2].text
    assert_same_count(small, large)


def test_the_approve_page_shows_what_will_be_made_then_approves(client, deciding_editor):
    partner_request = make_request()
    client.force_login(deciding_editor)
    page = client.get(approve_url(partner_request))
    assert page.status_code == 200
    assert "make a draft partner page (not live)" in page.text
    assert "sam.jones@ukuleles.example.org" in page.text  # the new username
    assert 'name="agreement_status"' in page.text
    assert not PartnerPage.objects.filter(title="Holme Valley Ukulele Club").exists()  # GET makes nothing

    mistake = client.post(
        approve_url(partner_request),
        {"agreement_status": "in_force", "agreement_start": "2026-04-01", "agreement_end": "2026-01-01"},
    )
    assert mistake.status_code == 400
    assert "The end date must be after the start date." in mistake.text

    response = client.post(
        approve_url(partner_request), {"agreement_status": "in_force", "agreement_start": "2026-04-01"}
    )
    assert response.status_code == 302
    partner = PartnerPage.objects.get(title="Holme Valley Ukulele Club")
    assert (partner.live, partner.agreement_status, partner.agreement_start) == (
        False,
        "in_force",
        datetime.date(2026, 4, 1),
    )
    followed = client.get(response["Location"])
    assert reverse("wagtailadmin_pages:edit", args=[partner.pk]) in followed.text
    # A second tab's approval is turned away with a message.
    again = client.post(approve_url(partner_request), {"agreement_status": "none"}, follow=True)
    assert "already been approved" in again.text
    assert PartnerPage.objects.filter(title="Holme Valley Ukulele Club").count() == 1


def test_the_approve_page_warns_of_a_partner_already_listed(client, staff):
    listed = PartnerPageFactory(title="Ukuleles of the Holme Valley", company_number="01234567")
    partner_request = make_request(charity_number="", company_number="01234567")
    client.force_login(staff)
    page = client.get(approve_url(partner_request))
    assert "Ukuleles of the Holme Valley</a> is already listed with the same" in page.text
    assert reverse("wagtailadmin_pages:edit", args=[listed.pk]) in page.text
    assert "It does not make a new partner page" in page.text
    assert 'name="agreement_status"' not in page.text
    count = PartnerPage.objects.count()
    assert client.post(approve_url(partner_request)).status_code == 302
    assert PartnerPage.objects.count() == count
    assert PartnerContact.objects.filter(partner=listed).count() == 1


def test_declining_needs_a_reason(client, staff):
    partner_request = make_request()
    client.force_login(staff)
    assert client.get(decline_url(partner_request)).status_code == 200
    response = client.post(decline_url(partner_request), {"reason": "  "})
    assert response.status_code == 400
    assert "Give a reason: it is sent to them" in response.text
    partner_request.refresh_from_db()
    assert partner_request.status == PartnerRequest.Status.NEW
    response = client.post(decline_url(partner_request), {"reason": "We only list groups in our areas."})
    assert response.status_code == 302
    partner_request.refresh_from_db()
    assert partner_request.status == PartnerRequest.Status.DECLINED


def test_an_editor_without_the_permission_is_refused(client, editor):
    partner_request = make_request()
    client.force_login(editor)
    assert client.get(reverse("wagtailadmin_home")).status_code == 200  # they are in the admin
    for url in every_url(partner_request):
        response = client.get(url)
        assert response.status_code == 302, url
        assert response["Location"] == reverse("wagtailadmin_home")
    client.post(approve_url(partner_request), {"agreement_status": "none"})
    client.post(decline_url(partner_request), {"reason": "No"})
    partner_request.refresh_from_db()
    assert partner_request.status == PartnerRequest.Status.NEW
    assert not PartnerPage.objects.filter(title="Holme Valley Ukulele Club").exists()


def test_a_partner_contact_is_refused(client):
    partner_request = make_request()
    contact = PartnerContactFactory()
    client.force_login(contact.user)
    for url in (INDEX, approve_url(partner_request)):
        assert client.get(url).status_code in (302, 403), url
    client.post(approve_url(partner_request), {"agreement_status": "none"})
    partner_request.refresh_from_db()
    assert partner_request.status == PartnerRequest.Status.NEW


def test_anonymous_visitors_are_sent_to_the_admin_sign_in(client):
    partner_request = make_request()
    for url in every_url(partner_request):
        response = client.get(url)
        assert response.status_code == 302, url
        assert response["Location"].startswith(reverse("wagtailadmin_login"))
    client.post(approve_url(partner_request), {"agreement_status": "none"})
    partner_request.refresh_from_db()
    assert partner_request.status == PartnerRequest.Status.NEW


def test_approving_needs_the_csrf_token(staff):
    partner_request = make_request()
    client = Client(enforce_csrf_checks=True)
    client.force_login(staff)
    assert client.post(approve_url(partner_request), {"agreement_status": "none"}).status_code == 403
    assert client.post(decline_url(partner_request), {"reason": "No"}).status_code == 403
    partner_request.refresh_from_db()
    assert partner_request.status == PartnerRequest.Status.NEW


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_two_tabs_approving_at_once_make_one_partner(require_postgres):
    """Two approvals race on PostgreSQL, each in its own connection: the row lock queues the second,
    which then finds the request decided."""
    staff = UserFactory(is_superuser=True)
    partner_request = make_request()

    def approve_in_a_tab():
        return services.approve_request(
            PartnerRequest.objects.get(pk=partner_request.pk),
            user=staff,
            agreement_status=PartnerPage.AgreementStatus.NONE,
        )

    results = race([approve_in_a_tab, approve_in_a_tab])
    assert sum(isinstance(result, PartnerPage) for result in results) == 1
    assert sum(isinstance(result, services.PartnerRequestError) for result in results) == 1
    assert PartnerPage.objects.filter(title="Holme Valley Ukulele Club").count() == 1
    assert PartnerContact.objects.count() == 1
    assert get_user_model().objects.filter(email="Sam.Jones@ukuleles.example.org").count() == 1
