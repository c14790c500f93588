"""The public "Become a partner" form (/become-a-partner/): what it says, what it accepts, the throttle,
the honeypot and hostile posts, and the two emails a request sends."""

import pytest
from bs4 import BeautifulSoup
from django.core import mail
from django.urls import reverse

from activities.listings.forms.partner_requests import normalise_charity_number, normalise_company_number
from activities.listings.models import PartnerRequest
from partners.models import Locality

FORM = reverse("become_a_partner")
SENT = reverse("become_a_partner_sent")

pytestmark = pytest.mark.django_db


@pytest.fixture
def answers():
    localities = Locality.objects.filter(slug__in=["kirklees", "calderdale"]).order_by("slug")
    return {
        "organisation": "Holme Valley Ukulele Club",
        "charity_number": "1187654",
        "company_number": "",
        "website": "https://ukuleles.example.org",
        "contact_name": "Sam Jones",
        "contact_email": "sam@ukuleles.example.org",
        "contact_phone": "01484 123456",
        "what_they_run": "A friendly ukulele group for beginners, every Tuesday evening.",
        "where": "Holmfirth Civic Hall, HD9 3AS",
        "localities": [str(locality.pk) for locality in localities],
        "fax": "",
    }


def test_the_page_says_what_a_partner_is_and_asks_for_each_detail(client):
    response = client.get(FORM)
    assert response.status_code == 200
    assert response["Cache-Control"].startswith("max-age=0")
    text = response.text
    for promise in ("listed in our directory", "refer people", "match funding", "partnership agreement"):
        assert promise in text
    soup = BeautifulSoup(response.content, "html.parser")
    form = soup.find("form", method="post")
    names = {field.get("name") for field in form.find_all(["input", "textarea"])}
    assert {
        "organisation",
        "charity_number",
        "company_number",
        "website",
        "contact_name",
        "contact_email",
        "contact_phone",
        "what_they_run",
        "where",
        "localities",
        "fax",
    } <= names
    areas = {box.find_next("label").text.strip() for box in form.find_all("input", {"name": "localities"})}
    assert areas == {"Barnsley", "Calderdale", "Kirklees", "Wakefield"}
    assert form.find("input", {"name": "fax"}).find_parent(class_="cm-honeypot") is not None
    privacy = soup.find(id="privacy").text
    for fact in ("We keep", "Only Creative Minds staff see it", "for as long as you are a partner"):
        assert fact in privacy


def test_the_partner_directory_and_the_footer_link_to_the_form(client):
    for url in (reverse("partner_directory"), SENT):
        response = client.get(url)
        assert f'href="{FORM}"' in response.text, url


def test_a_request_is_saved_and_both_emails_are_queued(
    client, answers, settings, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            FORM, {**answers, "charity_number": "sc 012345", "company_number": "ni 123456"}
        )
    assert response.status_code == 302
    assert response["Location"] == SENT
    request = PartnerRequest.objects.get()
    assert (request.organisation, request.charity_number, request.company_number, request.status) == (
        "Holme Valley Ukulele Club",
        "SC012345",
        "NI123456",
        PartnerRequest.Status.NEW,
    )
    assert set(request.localities.values_list("slug", flat=True)) == {"kirklees", "calderdale"}
    staff, acknowledgement = sorted(
        mail.outbox, key=lambda message: message.to != [settings.LISTINGS_STAFF_EMAIL]
    )
    assert staff.to == [settings.LISTINGS_STAFF_EMAIL]
    assert "Holme Valley Ukulele Club" in staff.subject
    assert f"/admin/partner_requests/inspect/{request.pk}/" in staff.body
    assert "sam@ukuleles.example.org" not in staff.body  # the details stay in the admin
    assert acknowledgement.to == ["sam@ukuleles.example.org"]
    assert "within 10 working days" in acknowledgement.body

    sent = client.get(SENT)
    assert sent.status_code == 200
    assert "We will contact you within 10 working days" in sent.text


@pytest.mark.parametrize(
    ("typed", "kept"),
    [
        ("123456", "123456"),
        ("1234567", "1234567"),
        ("1234567-1", "1234567-1"),
        (" 1234567 - 12 ", "1234567-12"),
        ("SC012345", "SC012345"),
        ("sc 012 345", "SC012345"),
    ],
)
def test_charity_numbers_of_england_wales_and_scotland(typed, kept):
    assert normalise_charity_number(typed) == kept


@pytest.mark.parametrize(
    ("typed", "kept"), [("01234567", "01234567"), ("sc123456", "SC123456"), ("OC 123 456", "OC123456")]
)
def test_company_numbers(typed, kept):
    assert normalise_company_number(typed) == kept


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("charity_number", "12345", "Enter a charity number like 1234567"),
        ("charity_number", "12345678", "Enter a charity number like 1234567"),
        ("charity_number", "SC12345", "Enter a charity number like 1234567"),
        ("charity_number", "1234567-123", "Enter a charity number like 1234567"),
        ("company_number", "1234567", "Enter a company number of 8 characters"),
        ("company_number", "ABC12345", "Enter a company number of 8 characters"),
        ("organisation", "", "Enter the name of your organisation or group"),
        ("contact_name", "", "Enter your name"),
        ("contact_email", "not-an-email", "Enter an email address like name@example.com"),
        ("contact_phone", "call me", "Enter a phone number using digits"),
        ("website", "not a website", "Enter a website address like"),
        ("what_they_run", "", "Tell us what you run"),
        ("what_they_run", "x" * 2001, "Enter 2000 characters or fewer"),
        ("localities", [], "Select at least one area"),
        ("localities", ["kirklees"], "Select areas from the list"),
        ("localities", ["999999"], "Select areas from the list"),
    ],
)
def test_mistakes_are_explained_and_nothing_typed_is_lost(client, answers, field, value, message):
    response = client.post(FORM, {**answers, field: value})
    assert response.status_code == 200
    assert message in response.text
    assert "<title>Error: " in response.text
    # What they typed is still there.
    assert "Holmfirth Civic Hall" in response.text
    assert "A friendly ukulele group" in response.text or field == "what_they_run"
    assert not PartnerRequest.objects.exists()


def test_the_honeypot_drops_bots_silently(client, answers, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(FORM, {**answers, "fax": "0800 SPAM"})
    assert response.status_code == 302
    assert response["Location"] == SENT  # the bot cannot tell
    assert not PartnerRequest.objects.exists()
    assert mail.outbox == []


def test_requests_are_throttled_per_visitor(client, answers, settings):
    settings.PARTNER_REQUEST_LIMIT_PER_HOUR = 2
    for _ in range(2):
        assert client.post(FORM, answers).status_code == 302
    response = client.post(FORM, {**answers, "organisation": "A third try"})
    assert response.status_code == 429
    assert "several requests from your connection" in response.text
    assert "A third try" in response.text  # kept on the page
    assert PartnerRequest.objects.count() == 2
    # Another visitor is not held back by this one.
    assert client.post(FORM, answers, REMOTE_ADDR="192.0.2.99").status_code == 302
    assert PartnerRequest.objects.count() == 3


@pytest.mark.parametrize(
    "garbage",
    [
        {"organisation": "Null\x00byte"},
        {"organisation": "x" * 100_000},
        {"contact_email": "a@" + "b" * 300 + ".com"},
        {"localities": ["\x00", "-1", "1e9", "' OR 1=1 --"]},
        {"charity_number": "١٢٣٤٥٦٧"},  # Arabic-Indic digits
        {"website": "javascript:alert(1)"},
        {"what_they_run": ["two", "values"], "organisation": ""},
    ],
)
def test_garbage_posts_get_a_message_never_a_server_error(client, answers, garbage):
    response = client.post(FORM, {**answers, **garbage})
    assert response.status_code == 200
    assert "There is a problem" in response.text
    assert "Holmfirth Civic Hall" in response.text  # nothing typed lost
    assert not PartnerRequest.objects.exists()


def test_a_post_with_no_fields_at_all_shows_every_required_question(client):
    response = client.post(FORM, {})
    assert response.status_code == 200
    for message in (
        "Enter the name of your organisation",
        "Tell us what you run",
        "Select at least one area",
    ):
        assert message in response.text
    response = client.post(FORM, b"\xff\xfe not a form", content_type="application/octet-stream")
    assert response.status_code == 200
    assert not PartnerRequest.objects.exists()
