"""/collectives/join/: no choice made for the person (no pre-selected radio, no "---------" option),
a line saying who sees the details, why and for how long, and the daily job that keeps that promise."""

import datetime
from io import StringIO

import pytest
from bs4 import BeautifulSoup
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from partners import services
from partners.models import JoinRequest, Membership

JOIN = reverse("collectives:join")


def test_no_radio_is_chosen_for_the_person_and_there_is_no_empty_option(client, kirklees):
    soup = BeautifulSoup(client.get(JOIN).content, "html.parser")

    radios = soup.select('input[type="radio"]')
    assert {radio["name"] for radio in radios} == {"locality", "role"}
    assert [radio["value"] for radio in radios if radio["name"] == "role"] == list(Membership.Role.values)
    assert not [radio for radio in radios if radio.has_attr("checked")]
    assert not [radio for radio in radios if radio["value"] == ""]
    assert "---------" not in soup.get_text()


def test_leaving_the_role_unchosen_says_so_by_the_field(client, kirklees):
    response = client.post(
        JOIN, {"locality": str(kirklees.locality.pk), "name": "Sam", "email": "s@example.org"}
    )

    soup = BeautifulSoup(response.content, "html.parser")
    assert (
        soup.select_one("#id_role-error")
        .get_text(" ", strip=True)
        .endswith("Choose the description that fits you best")
    )
    assert not JoinRequest.objects.exists()


def test_the_form_says_who_sees_the_details_why_and_for_how_long(client, db):
    soup = BeautifulSoup(client.get(JOIN).content, "html.parser")

    privacy = soup.select_one("#how-we-use-your-details")
    text = privacy.get_text(" ", strip=True)
    assert "Only the coordinators of the collective you choose" in text  # who
    assert "We use it to contact you about joining" in text  # why
    assert (
        "A year after we decide, we delete your name, email address and what you told us" in text
    )  # how long
    assert privacy.find("a", href="/privacy/").get_text(strip=True) == "Read our privacy notice"
    # The promise sits before the button that sends the details.
    form = soup.select_one("form")
    assert form.find(id="how-we-use-your-details") is not None


def decided(kirklees, *, days_ago: int, status=JoinRequest.Status.DECLINED) -> JoinRequest:
    request = JoinRequest.objects.create(
        collective=kirklees, name="Sam Jones", email="sam@example.org", role="carer", why="I care for my son."
    )
    if status != JoinRequest.Status.PENDING:
        JoinRequest.objects.filter(pk=request.pk).update(
            status=status, decided_at=timezone.now() - datetime.timedelta(days=days_ago)
        )
    return request


@pytest.mark.parametrize("status", [JoinRequest.Status.DECLINED, JoinRequest.Status.APPROVED])
def test_details_are_forgotten_a_year_after_the_decision(kirklees, status):
    old = decided(kirklees, days_ago=services.JOIN_REQUEST_KEPT_DAYS + 1, status=status)
    recent = decided(kirklees, days_ago=services.JOIN_REQUEST_KEPT_DAYS - 1, status=status)
    waiting = decided(kirklees, days_ago=0, status=JoinRequest.Status.PENDING)

    assert services.forget_old_join_requests(timezone.localdate()) == 1

    old.refresh_from_db()
    assert (old.name, old.email, old.why) == ("", "", "")
    assert (old.collective, old.role, old.status) == (kirklees, "carer", status)
    for kept in (recent, waiting):
        kept.refresh_from_db()
        assert (kept.name, kept.email) == ("Sam Jones", "sam@example.org")
    assert services.forget_old_join_requests(timezone.localdate()) == 0  # once is enough


def test_the_daily_job_forgets_them(kirklees):
    old = decided(kirklees, days_ago=services.JOIN_REQUEST_KEPT_DAYS + 1)
    out = StringIO()

    call_command("run_scheduled_jobs", "--only", "forget_join_requests", stdout=out)

    old.refresh_from_db()
    assert old.email == ""
    assert "forget_join_requests" in out.getvalue()
