"""Tell us if something is wrong: the link at the end of every activity and partner page, the form
(throttled, spam-proof, never a 500 for garbage), the two emails it sends (the partner's carries
nothing about the visitor), the audit entry, and forgetting the reply address."""

import datetime
import random
from io import StringIO

import pytest
from bs4 import BeautifulSoup
from django.contrib.contenttypes.models import ContentType
from django.core import mail
from django.core.management import call_command
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from wagtail.models import ModelLogEntry, PageLogEntry, PageViewRestriction

from activities.listings.demo_reports import make_demo_reports
from activities.listings.models import ProblemReport
from activities.listings.services import reports as services
from partners.factories import PartnerContactFactory, PartnerPageFactory, UserFactory
from partners.models import Locality
from tests.email_queue import run_worker, waiting_tasks

pytestmark = pytest.mark.django_db

SITE = "http://127.0.0.1:8000"
STAFF = "listings@creativeminds.test"
REPLY = "morwenna@example.net"
NOTE = "They meet at 2pm now, in the back room."
PROXY = "10.0.0.2"
REFUSED = "We have had several messages from your connection in the last hour"


@pytest.fixture(autouse=True)
def _settings(settings):
    settings.WAGTAILADMIN_BASE_URL = SITE
    settings.LISTINGS_STAFF_EMAIL = STAFF
    settings.PROBLEM_REPORT_LIMIT_PER_HOUR = 5


@pytest.fixture
def activity(make_activity):
    return make_activity("Sing for your mind")


@pytest.fixture
def partner(activity):
    return activity.partner


@pytest.fixture
def contact(partner):
    return PartnerContactFactory(partner=partner, user=UserFactory(email="pat@partner.example")).user


@pytest.fixture
def other_contact(db):
    elsewhere = PartnerPageFactory(home=Locality.objects.get(slug="wakefield"), title="Wakefield Arts")
    return PartnerContactFactory(partner=elsewhere, user=UserFactory(email="olu@elsewhere.example")).user


def form_url(page) -> str:
    name = (
        "report_partner_problem"
        if page.specific_class.__name__ == "PartnerPage"
        else "report_activity_problem"
    )
    return reverse(name, args=[page.slug])


def sent_url(page) -> str:
    return form_url(page) + "sent/"


def send(client, page, django_capture_on_commit_callbacks=None, **fields):
    data = {"reason": ProblemReport.Reason.DAY_OR_TIME, "note": NOTE, "reply_email": "", "website": ""}
    data.update(fields)
    meta = data.pop("meta", {})
    if django_capture_on_commit_callbacks is None:
        return client.post(form_url(page), data, **meta)
    with django_capture_on_commit_callbacks(execute=True):
        return client.post(form_url(page), data, **meta)


def error_texts(response) -> list[str]:
    soup = BeautifulSoup(response.content, "html.parser")
    summary = soup.find(class_="nhsuk-error-summary")
    return [item.get_text(" ", strip=True) for item in summary.find_all("li")] if summary else []


# -- the link on the public pages ------------------------------------------------------------------


@pytest.mark.parametrize("which", ["activity", "partner"])
def test_each_page_ends_with_a_link_to_tell_us(client, activity, partner, which):
    page = activity if which == "activity" else partner
    response = client.get(page.url)
    soup = BeautifulSoup(response.content, "html.parser")
    main = soup.find("main")

    link = main.find("a", string="Tell us if something is wrong")
    assert link["href"] == form_url(page)
    # It is the page's last link, with the line that says what it is for.
    assert main.find_all("a")[-1] is link
    line = link.find_parent("p").find_next_sibling("p").get_text(" ", strip=True)
    assert line == (
        "If the day, time, place or contact details here are wrong, let us know and we will check with "
        f"{partner.title}."
    )


# -- the form --------------------------------------------------------------------------------------


@pytest.mark.parametrize("which", ["activity", "partner"])
def test_the_form_names_the_page_and_asks_what_is_wrong(client, activity, partner, which):
    page = activity if which == "activity" else partner
    response = client.get(form_url(page))

    assert response.status_code == 200
    soup = BeautifulSoup(response.content, "html.parser")
    assert soup.find(class_="nhsuk-caption-l").get_text(strip=True) == page.title
    assert soup.find("legend").get_text(strip=True) == "What is wrong?"
    radios = {
        radio["value"]: soup.find("label", attrs={"for": radio["id"]}).get_text(strip=True)
        for radio in soup.find_all("input", attrs={"name": "reason"})
    }
    assert radios == {
        "no_longer_runs": "It no longer runs",
        "day_or_time": "The day or time has changed",
        "place": "The place has changed",
        "contact": "The contact details are wrong",
        "other": "Something else",
    }
    text = soup.get_text(" ", strip=True)
    assert "Tell us more (optional)" in text
    assert "Please do not include your name or anything about your health." in text
    assert "Your email address (optional)" in text
    assert "We delete it 90 days after we have dealt with your message." in text
    assert soup.find("input", attrs={"name": "website"})["tabindex"] == "-1"
    assert soup.find("a", class_="nhsuk-back-link")["href"] == page.url


@pytest.mark.parametrize("which", ["activity", "partner"])
def test_a_report_is_kept_and_the_visitor_thanked(client, activity, partner, which):
    page = activity if which == "activity" else partner

    response = send(client, page, reply_email=REPLY)

    assert response.status_code == 302 and response["Location"] == sent_url(page)
    report = ProblemReport.objects.get()
    assert (report.page_id, report.reason, report.note, report.reply_email) == (
        page.pk,
        ProblemReport.Reason.DAY_OR_TIME,
        NOTE,
        REPLY,
    )
    assert report.status == ProblemReport.Status.NEW
    thanks = client.get(response["Location"])
    text = BeautifulSoup(thanks.content, "html.parser").get_text(" ", strip=True)
    assert f"We will check with {partner.title} within 5 working days" in text
    assert (
        BeautifulSoup(thanks.content, "html.parser").find("a", string=f"Back to {page.title}")["href"]
        == page.url
    )


def test_the_note_and_address_are_optional_except_for_something_else(client, activity):
    assert send(client, activity, reason=ProblemReport.Reason.PLACE, note="").status_code == 302

    response = send(client, activity, reason=ProblemReport.Reason.OTHER, note="   ")

    assert response.status_code == 200
    assert error_texts(response) == ["Tell us what is wrong"]
    assert ProblemReport.objects.count() == 1


def test_without_a_reason_the_form_asks_for_one_and_keeps_what_was_typed(client, activity):
    response = send(client, activity, reason="", reply_email=REPLY)

    assert error_texts(response) == ["Choose what is wrong"]
    soup = BeautifulSoup(response.content, "html.parser")
    assert soup.find("textarea", attrs={"name": "note"}).get_text().strip() == NOTE
    assert soup.find("input", attrs={"name": "reply_email"})["value"] == REPLY
    assert not ProblemReport.objects.exists()


@pytest.mark.parametrize(
    "fields",
    [
        pytest.param({"reason": "it_is_haunted"}, id="unknown reason"),
        pytest.param({"reason": "place\x00"}, id="null byte in the reason"),
        pytest.param({"note": "Wrong\x00 time"}, id="null byte in the note"),
        pytest.param({"reply_email": "me\x00@example.org"}, id="null byte in the address"),
        pytest.param({"note": "x" * 100_000}, id="100,000-character note"),
        pytest.param({"note": "y" * 1001}, id="one character too many"),
        pytest.param({"reply_email": "a" * 288 + "@example.org"}, id="300-character address"),
        pytest.param({"reply_email": "not an address"}, id="not an address"),
        pytest.param({"reason": ["place", "contact"]}, id="repeated reason"),
        pytest.param({"note": ["one", "two"]}, id="repeated note"),
        pytest.param({"reply_email": [REPLY, "b@example.org"]}, id="repeated address"),
    ],
)
def test_garbage_gets_a_message_never_a_500(
    client, activity, contact, django_capture_on_commit_callbacks, fields
):
    response = send(client, activity, django_capture_on_commit_callbacks, **fields)

    assert response.status_code == 200
    assert error_texts(response), response.text
    assert not ProblemReport.objects.exists()
    assert mail.outbox == []


def test_the_messages_say_what_to_do(client, activity):
    assert error_texts(send(client, activity, note="x" * 100_000)) == [
        "Tell us more in 1,000 characters or fewer"
    ]
    assert error_texts(send(client, activity, reply_email="a" * 288 + "@example.org")) == [
        "Enter an email address like name@example.com"
    ]
    assert error_texts(send(client, activity, note="Wrong\x00 time")) == [
        "Remove the unusual characters from what you typed"
    ]
    assert error_texts(send(client, activity, reason=["place", "contact"])) == ["Give one answer here"]


def test_a_filled_honeypot_is_thanked_and_dropped(
    client, activity, contact, django_capture_on_commit_callbacks
):
    response = send(client, activity, django_capture_on_commit_callbacks, website="http://spam.example")

    assert response.status_code == 302 and response["Location"] == sent_url(activity)
    assert not ProblemReport.objects.exists()
    assert mail.outbox == []


@pytest.mark.parametrize("state", ["draft", "private", "missing"])
def test_only_live_public_pages_take_reports(client, activity, partner, state):
    for page in (activity, partner):
        slug = page.slug
        if state == "draft":
            page.unpublish()
        elif state == "private":
            PageViewRestriction.objects.create(page=page, restriction_type=PageViewRestriction.LOGIN)
        else:
            slug = "no-such-page"
        name = "report_partner_problem" if page is partner else "report_activity_problem"
        for url in (reverse(name, args=[slug]), reverse(f"{name}_sent", args=[slug])):
            assert client.get(url).status_code == 404, url
            assert client.post(url, {"reason": "place"}).status_code == 404, url
    assert not ProblemReport.objects.exists()


# -- the throttle ----------------------------------------------------------------------------------


def test_the_sixth_report_in_an_hour_from_one_visitor_is_refused(settings, client, activity, partner):
    settings.TRUSTED_PROXY_COUNT = 1
    visitor = {"REMOTE_ADDR": PROXY, "HTTP_X_FORWARDED_FOR": "198.51.100.23"}
    for number, page in enumerate((activity, partner, activity, partner, activity)):
        # Each a different report: the same one sent again is the same report (tested below).
        assert send(client, page, meta=visitor, note=f"{NOTE} ({number})").status_code == 302

    refused = send(client, activity, meta=visitor, reply_email=REPLY)

    assert refused.status_code == 429
    assert any(REFUSED in error for error in error_texts(refused))
    # What they typed is still there to send later.
    soup = BeautifulSoup(refused.content, "html.parser")
    assert soup.find("textarea", attrs={"name": "note"}).get_text().strip() == NOTE
    assert soup.find("input", attrs={"name": "reply_email"})["value"] == REPLY
    assert ProblemReport.objects.count() == 5
    # Someone else behind the same proxy is not held up.
    other = {"REMOTE_ADDR": PROXY, "HTTP_X_FORWARDED_FOR": "203.0.113.99"}
    assert send(client, activity, meta=other).status_code == 302
    assert ProblemReport.objects.count() == 6


def test_looking_at_the_form_is_not_counted(settings, client, activity):
    settings.PROBLEM_REPORT_LIMIT_PER_HOUR = 1
    for _ in range(3):
        assert client.get(form_url(activity)).status_code == 200
    assert send(client, activity).status_code == 302
    assert send(client, activity).status_code == 429


# -- the emails ------------------------------------------------------------------------------------


def test_the_same_report_sent_twice_is_kept_and_told_once(
    client, activity, contact, django_capture_on_commit_callbacks
):
    """A double tap, a second tab or the back button: the second is thanked and adds nothing."""
    first = send(client, activity, django_capture_on_commit_callbacks, reply_email=REPLY)
    second = send(client, activity, django_capture_on_commit_callbacks, reply_email=REPLY)

    assert first.status_code == second.status_code == 302
    assert second["Location"] == sent_url(activity)
    assert ProblemReport.objects.count() == 1
    staff_and_partner_mail()  # one to staff, one to the partner
    assert PageLogEntry.objects.filter(action="listings.problem_reported").count() == 1
    # Something else about the same page is a report of its own.
    send(client, activity, django_capture_on_commit_callbacks, reason=ProblemReport.Reason.PLACE)
    assert ProblemReport.objects.count() == 2


def staff_and_partner_mail():
    staff = [message for message in mail.outbox if message.to == [STAFF]]
    partner = [message for message in mail.outbox if message.to != [STAFF]]
    assert len(staff) == 1 and len(partner) <= 1, [message.to for message in mail.outbox]
    return staff[0], partner[0] if partner else None


def test_staff_hear_everything_and_the_partner_nothing_about_the_visitor(
    client, activity, partner, contact, other_contact, django_capture_on_commit_callbacks
):
    send(client, activity, django_capture_on_commit_callbacks, reply_email=REPLY)
    report = ProblemReport.objects.get()

    staff, to_partner = staff_and_partner_mail()

    assert staff.subject == "Problem reported: Sing for your mind"
    assert staff.reply_to == [REPLY]
    assert "The day or time has changed" in staff.body and NOTE in staff.body
    assert f"They would like a reply, at {REPLY}." in staff.body
    assert SITE + activity.url in staff.body
    assert SITE + reverse("problem_reports:edit", args=[report.pk]) in staff.body
    assert partner.title in staff.body

    assert to_partner.to == ["pat@partner.example"]
    assert to_partner.subject == "Something may be wrong on Sing for your mind"
    assert to_partner.reply_to == [STAFF]
    assert "The day or time has changed" in to_partner.body and NOTE in to_partner.body
    assert SITE + activity.url in to_partner.body
    assert SITE + reverse("listings:partner", args=[partner.translation_key]) in to_partner.body
    # The whole message as sent (headers, Reply-To, body) holds nothing about the visitor.
    whole = to_partner.message().as_string()
    for about_the_visitor in (REPLY, "morwenna", "example.net", "reply at", "would like a reply"):
        assert about_the_visitor not in whole
    # Nobody else's contacts hear of it.
    everyone = {address for message in mail.outbox for address in message.recipients()}
    assert everyone == {STAFF, "pat@partner.example"}
    assert "olu@elsewhere.example" not in everyone


def test_a_report_without_an_address_says_no_reply_is_wanted(
    client, activity, contact, django_capture_on_commit_callbacks
):
    send(client, activity, django_capture_on_commit_callbacks)
    staff, _ = staff_and_partner_mail()
    assert staff.reply_to == []
    assert "They did not ask for a reply." in staff.body


def test_a_partner_page_report_goes_to_that_partners_contacts(
    client, partner, contact, other_contact, django_capture_on_commit_callbacks
):
    send(
        client,
        partner,
        django_capture_on_commit_callbacks,
        reason=ProblemReport.Reason.CONTACT,
        reply_email=REPLY,
    )

    staff, to_partner = staff_and_partner_mail()
    assert to_partner.to == ["pat@partner.example"]
    assert "The contact details are wrong" in to_partner.body
    assert REPLY not in to_partner.message().as_string()
    assert REPLY in staff.body


def test_a_partner_with_no_contacts_leaves_staff_to_tell_them(
    client, activity, django_capture_on_commit_callbacks
):
    inactive = PartnerContactFactory(partner=activity.partner, user=UserFactory(email="gone@partner.example"))
    inactive.user.is_active = False
    inactive.user.save()

    send(client, activity, django_capture_on_commit_callbacks)

    staff, to_partner = staff_and_partner_mail()
    assert to_partner is None
    assert "has no contacts on the site, so nobody else has been told" in staff.body


def test_the_emails_are_queued_with_the_report_or_not_at_all(activity, contact, database_queue):
    with pytest.raises(RuntimeError), transaction.atomic():
        services.report_problem(activity, reason="place", note="", reply_email="")
        raise RuntimeError("the request failed after the report was made")
    assert not waiting_tasks().exists()

    services.report_problem(activity, reason="place", note="", reply_email="")
    assert waiting_tasks().count() == 2
    run_worker()
    assert sorted(message.to[0] for message in mail.outbox) == [
        "listings@creativeminds.test",
        "pat@partner.example",
    ]


# -- the service: audit, status and forgetting -----------------------------------------------------


def test_a_report_is_logged_on_the_page_by_nobody_and_without_the_visitors_words(
    client, activity, django_capture_on_commit_callbacks
):
    client.force_login(UserFactory())  # a signed-in visitor is still not named
    send(client, activity, django_capture_on_commit_callbacks, reply_email=REPLY)
    report = ProblemReport.objects.get()

    entry = PageLogEntry.objects.get(action="listings.problem_reported")
    assert entry.page_id == activity.pk
    assert entry.user is None
    assert entry.data == {"report": str(report.public_id), "reason": "day_or_time"}


def test_set_status_records_who_and_when_it_closed(activity):
    staff = UserFactory()
    report = services.report_problem(activity, reason="place", note="", reply_email=REPLY)

    services.set_status(
        report, status=ProblemReport.Status.PASSED_TO_PARTNER, staff_note="Asked them", user=staff
    )
    report.refresh_from_db()
    assert (report.status, report.staff_note, report.handled_by, report.closed_at) == (
        ProblemReport.Status.PASSED_TO_PARTNER,
        "Asked them",
        staff,
        None,
    )
    services.set_status(report, status=ProblemReport.Status.FIXED, staff_note="Done", user=staff)
    report.refresh_from_db()
    closed_at = report.closed_at
    assert closed_at is not None
    # A later note on a closed report does not restart its clock; reopening clears it.
    services.set_status(report, status=ProblemReport.Status.FIXED, staff_note="Done, and thanked", user=staff)
    report.refresh_from_db()
    assert report.closed_at == closed_at
    services.set_status(report, status=ProblemReport.Status.NEW, staff_note="Wrong again", user=staff)
    report.refresh_from_db()
    assert report.closed_at is None

    entries = ModelLogEntry.objects.filter(
        action="listings.problem_status",
        content_type=ContentType.objects.get_for_model(ProblemReport),
        object_id=str(report.pk),
    ).order_by("timestamp", "pk")
    assert [(entry.data["from"], entry.data["to"], entry.user) for entry in entries] == [
        ("new", "passed_to_partner", staff),
        ("passed_to_partner", "fixed", staff),
        ("fixed", "fixed", staff),
        ("fixed", "new", staff),
    ]


def test_reply_addresses_are_forgotten_90_days_after_the_report_closed(activity):
    today = datetime.date(2027, 6, 1)

    def report(status, closed_days_ago, reply_email=REPLY):
        made = ProblemReport.objects.create(
            page=activity, reason="place", reply_email=reply_email, status=status
        )
        if closed_days_ago is not None:
            closed = timezone.make_aware(datetime.datetime.combine(today, datetime.time(12)))
            ProblemReport.objects.filter(pk=made.pk).update(
                closed_at=closed - datetime.timedelta(days=closed_days_ago)
            )
        return made

    old_fixed = report(ProblemReport.Status.FIXED, 91)
    old_not_a_problem = report(ProblemReport.Status.NOT_A_PROBLEM, 200)
    just_90 = report(ProblemReport.Status.FIXED, 90)
    recent = report(ProblemReport.Status.NOT_A_PROBLEM, 10)
    still_open = report(ProblemReport.Status.PASSED_TO_PARTNER, None)
    new = report(ProblemReport.Status.NEW, None)

    assert services.forget_reply_emails(today) == 2
    assert services.forget_reply_emails(today) == 0

    kept = dict(ProblemReport.objects.values_list("pk", "reply_email"))
    assert kept[old_fixed.pk] == "" and kept[old_not_a_problem.pk] == ""
    for still in (just_90, recent, still_open, new):
        assert kept[still.pk] == REPLY
    # The report itself stays, for the figures.
    assert ProblemReport.objects.count() == 6


# -- demo data -------------------------------------------------------------------------------------


def test_demo_reports_cover_every_status_and_some_want_a_reply(activity, partner):
    made = make_demo_reports([activity, partner], rng=random.Random(7))

    reports = ProblemReport.objects.all()
    assert made == reports.count() > 0
    assert set(reports.values_list("status", flat=True)) == set(ProblemReport.Status.values)
    addresses = [address for address in reports.values_list("reply_email", flat=True) if address]
    assert addresses and all(address.endswith("@example.org") for address in addresses)
    assert reports.filter(reply_email="").exists()
    closed = reports.filter(status__in=services.CLOSED)
    assert not closed.filter(closed_at=None).exists()
    assert mail.outbox == []
    assert make_demo_reports([], rng=random.Random(7)) == 0


def test_the_daily_job_forgets_the_reply_addresses_due(activity):
    closed = ProblemReport.objects.create(
        page=activity, reason="place", reply_email=REPLY, status=ProblemReport.Status.FIXED
    )
    ProblemReport.objects.filter(pk=closed.pk).update(closed_at=timezone.now() - datetime.timedelta(days=120))
    out = StringIO()

    call_command("run_scheduled_jobs", only="forget_problem_reporters", stdout=out)

    assert "forget_problem_reporters: {'forgotten': 1}" in out.getvalue()
    closed.refresh_from_db()
    assert closed.reply_email == ""
