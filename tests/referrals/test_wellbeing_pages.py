"""The public wellbeing questionnaire behind a single-use link: what it shows, what it saves, and the
plain pages for links that cannot be used. Nothing here needs an account."""

import csv
import datetime
import html
from decimal import Decimal

import pytest
from bs4 import BeautifulSoup
from django.urls import reverse
from django.utils import timezone
from wagtail.models import Site

from activities.referrals import checkins, consent, retention, swemwbs
from activities.referrals.factories import ParticipantFactory, WellbeingCheckInFactory, answers_for_metric
from activities.referrals.models import ConsentRecord, WellbeingCheckIn
from home.models import SiteSettings

Status = WellbeingCheckIn.Status


def _table_rows() -> list[tuple[int, Decimal]]:
    with swemwbs.CONVERSION_TABLE_PATH.open(newline="", encoding="utf-8") as handle:
        return [(int(row["raw_score"]), Decimal(row["metric_score"])) for row in csv.DictReader(handle)]


def _post_data(answers) -> dict:
    return {f"item_{number}": str(value) for number, value in enumerate(answers, start=1)} | {
        "action": "answer"
    }


def _url(token: str) -> str:
    return reverse("wellbeing:answer", args=[token])


@pytest.fixture
def activity(make_activity):
    return make_activity("Sing for your mind in Huddersfield")


@pytest.fixture
def participant(activity):
    return ParticipantFactory(referral__activity=activity, referral__preferred_name="Morwenna")


@pytest.fixture
def check_in(participant):
    return WellbeingCheckInFactory(participant=participant, status=Status.WAITING, kind="baseline")


@pytest.fixture
def token(check_in):
    return checkins.issue_link(check_in, channel=WellbeingCheckIn.Channel.EMAIL)


def assert_not_cached(response):
    cache_control = response.get("Cache-Control", "")
    assert "no-store" in cache_control
    assert "private" in cache_control
    assert "public" not in cache_control


def assert_nothing_saved(check_in, token):
    before_hash = checkins.hash_token(token)
    check_in.refresh_from_db()
    assert check_in.status == Status.WAITING
    assert check_in.token_hash == before_hash
    assert check_in.answers == [None] * 7
    assert check_in.raw_score is None
    assert check_in.metric_score is None
    assert check_in.completed_at is None
    assert not ConsentRecord.objects.filter(participant=check_in.participant).exists()


# -- the questionnaire -------------------------------------------------------------------


def test_the_questionnaire_shows_the_seven_statements_word_for_word_with_the_copyright_line(
    client, token, participant, activity
):
    response = client.get(_url(token))

    assert response.status_code == 200
    page = BeautifulSoup(response.content, "html.parser")
    legends = [legend.get_text(strip=True) for legend in page.select("form fieldset legend")]
    assert legends == list(swemwbs.ITEMS)
    for fieldset in page.select("form fieldset"):
        options = [label.get_text(strip=True) for label in fieldset.select("label")]
        assert options == [answer for _, answer in swemwbs.ANSWERS]
        assert [radio["value"] for radio in fieldset.select("input[type=radio]")] == ["1", "2", "3", "4", "5"]
    text = page.get_text(" ", strip=True)
    assert swemwbs.STEM in text
    assert swemwbs.COPYRIGHT in text
    assert consent.current_wording(ConsentRecord.Purpose.WELLBEING) in text
    assert "This takes about 2 minutes" in text
    buttons = {button.get_text(strip=True): button["value"] for button in page.select("form button")}
    assert buttons == {"Send my answers": "answer", "I would rather not answer": "decline"}
    # A shared screen shows nothing about who is answering, or where they go.
    assert participant.code not in text
    assert activity.title not in text
    assert "Morwenna" not in text


def test_the_questionnaire_is_never_cached_nor_indexed(client, token):
    response = client.get(_url(token))

    assert_not_cached(response)
    assert response["X-Robots-Tag"] == "noindex, nofollow"
    assert BeautifulSoup(response.content, "html.parser").select_one('meta[name="robots"]')["content"] == (
        "noindex, nofollow"
    )


def test_a_follow_up_says_so_and_a_baseline_does_not(client, participant):
    follow_up = WellbeingCheckInFactory(participant=participant, status=Status.WAITING, kind="follow_up")
    follow_up_token = checkins.issue_link(follow_up, channel=WellbeingCheckIn.Channel.QR)
    baseline = WellbeingCheckInFactory(participant=participant, status=Status.WAITING, kind="baseline")
    baseline_token = checkins.issue_link(baseline, channel=WellbeingCheckIn.Channel.QR)

    assert "You have been taking part for a while now" in client.get(_url(follow_up_token)).text
    assert "As you start taking part" in client.get(_url(baseline_token)).text


@pytest.mark.parametrize(("raw", "metric"), _table_rows(), ids=lambda value: str(value))
def test_every_raw_score_is_saved_with_its_metric_score_from_the_table(client, check_in, token, raw, metric):
    answers = answers_for_metric(raw)

    response = client.post(_url(token), _post_data(answers))

    assert response.status_code == 302
    assert response.url == reverse("wellbeing:thank_you")
    check_in.refresh_from_db()
    assert check_in.status == Status.ANSWERED
    assert check_in.answers == list(answers)
    assert check_in.raw_score == raw
    assert check_in.metric_score == metric
    assert check_in.completed_at is not None
    # The link is used up: opening it again says so, and it cannot take answers again.
    assert client.get(_url(token)).status_code == 410


def test_answering_records_consent_at_the_current_wording(client, check_in, token):
    client.post(_url(token), _post_data([4] * 7))

    record = ConsentRecord.objects.get(participant=check_in.participant)
    assert record.purpose == ConsentRecord.Purpose.WELLBEING
    assert record.wording_version == consent.current_version(ConsentRecord.Purpose.WELLBEING)
    assert record.given_by == ConsentRecord.GivenBy.PERSON_ONLINE
    assert record.referral is None


def test_the_thank_you_page_never_shows_the_score(client, check_in, token):
    response = client.post(_url(token), _post_data([5] * 7), follow=True)

    assert response.status_code == 200
    text = BeautifulSoup(response.content, "html.parser").get_text(" ", strip=True)
    assert "Thank you" in text
    check_in.refresh_from_db()
    assert "35" not in text
    assert str(check_in.metric_score) not in text
    assert_not_cached(response)


@pytest.mark.parametrize("missing", range(1, 8))
def test_a_missing_answer_is_shown_next_to_its_statement_and_nothing_is_saved(
    client, check_in, token, missing
):
    data = _post_data([2, 3, 4, 5, 1, 2, 3])
    del data[f"item_{missing}"]

    response = client.post(_url(token), data)

    assert response.status_code == 200
    statement = swemwbs.ITEMS[missing - 1]
    message = f"Select an answer for “{statement}”"
    page = BeautifulSoup(response.content, "html.parser")
    assert page.title.get_text().startswith("Error: ")
    summary_links = page.select(".nhsuk-error-summary a")
    assert [(link.get_text(strip=True), link["href"]) for link in summary_links] == [
        (message, f"#id_item_{missing}_0")
    ]
    assert page.select_one(f"#id_item_{missing}_0") is not None
    # The message sits inside the statement's own fieldset, and only there.
    groups_with_errors = page.select(".nhsuk-form-group--error")
    assert len(groups_with_errors) == 1
    assert groups_with_errors[0].select_one("legend").get_text(strip=True) == statement
    assert message in groups_with_errors[0].select_one(".nhsuk-error-message").get_text(strip=True)
    # Everything else they ticked is still ticked, so they only fix the one answer.
    ticked = {radio["name"]: radio["value"] for radio in page.select("input[type=radio][checked]")}
    expected = {key: value for key, value in data.items() if key.startswith("item_")}
    assert ticked == expected
    assert html.escape(message) in response.text
    assert_not_cached(response)
    assert_nothing_saved(check_in, token)


def test_an_answer_that_is_not_on_the_scale_is_refused_and_nothing_is_saved(client, check_in, token):
    data = _post_data([3] * 7) | {"item_3": "6"}

    response = client.post(_url(token), data)

    assert response.status_code == 200
    assert html.escape(f"Select one of the answers for “{swemwbs.ITEMS[2]}”") in response.text
    assert_nothing_saved(check_in, token)


def test_an_empty_send_lists_all_seven_statements(client, check_in, token):
    response = client.post(_url(token), {"action": "answer"})

    page = BeautifulSoup(response.content, "html.parser")
    assert [link.get_text(strip=True) for link in page.select(".nhsuk-error-summary a")] == [
        f"Select an answer for “{statement}”" for statement in swemwbs.ITEMS
    ]
    assert_nothing_saved(check_in, token)


def test_declining_is_recorded_without_a_score_or_answers(client, check_in, token):
    # Even with some answers ticked, "I would rather not answer" keeps none of them.
    data = _post_data([5, 5, 5]) | {"action": "decline"}

    response = client.post(_url(token), data)

    assert response.status_code == 302
    assert response.url == reverse("wellbeing:thank_you") + "?declined=1"
    check_in.refresh_from_db()
    assert check_in.status == Status.DECLINED
    assert check_in.answers == [None] * 7
    assert check_in.raw_score is None
    assert check_in.metric_score is None
    assert check_in.completed_at is not None
    assert not ConsentRecord.objects.filter(participant=check_in.participant).exists()
    thank_you = client.get(response.url)
    assert "You chose not to answer" in thank_you.text
    assert "That is fine" in thank_you.text


# -- links that cannot be used -----------------------------------------------------------


def test_a_used_link_gives_the_used_page(client, check_in, token):
    client.post(_url(token), _post_data([3] * 7))

    response = client.get(_url(token))

    assert response.status_code == 410
    assert "This link has already been used" in response.text
    assert "<form" not in response.text
    assert_not_cached(response)


def test_a_used_link_is_not_recognised_once_retention_has_purged_it(client, check_in, token):
    # The hash of a used link is kept until the link would have expired, then the retention job
    # removes it; after that the page still tells the truth, just less precisely.
    client.post(_url(token), _post_data([3] * 7))
    WellbeingCheckIn.objects.filter(pk=check_in.pk).update(
        token_expires_at=timezone.now() - datetime.timedelta(minutes=1)
    )
    retention.run()

    response = client.get(_url(token))

    assert response.status_code == 404
    assert "We do not recognise this link" in response.text


def test_a_declined_link_cannot_then_be_answered(client, check_in, token):
    client.post(_url(token), {"action": "decline"})

    response = client.post(_url(token), _post_data([3] * 7))

    assert response.status_code == 410
    check_in.refresh_from_db()
    assert check_in.status == Status.DECLINED
    assert check_in.raw_score is None


def test_the_same_link_cannot_be_answered_twice(client, check_in, token):
    first = client.post(_url(token), _post_data([1] * 7))
    second = client.post(_url(token), _post_data([5] * 7))

    assert first.status_code == 302
    assert second.status_code == 410
    assert "This link has already been used" in second.text
    check_in.refresh_from_db()
    assert check_in.answers == [1] * 7
    assert check_in.raw_score == 7


def test_a_second_send_of_the_form_after_a_decline_is_refused_too(client, check_in, token):
    client.post(_url(token), _post_data([2] * 7))

    response = client.post(_url(token), {"action": "decline"})

    assert response.status_code == 410
    check_in.refresh_from_db()
    assert check_in.status == Status.ANSWERED


def test_an_expired_link_gives_the_expired_page_and_saves_nothing(client, check_in, token):
    WellbeingCheckIn.objects.filter(pk=check_in.pk).update(
        token_expires_at=timezone.now() - timezone.timedelta(minutes=1)
    )

    shown = client.get(_url(token))
    sent = client.post(_url(token), _post_data([4] * 7))
    declined = client.post(_url(token), {"action": "decline"})

    for response in (shown, sent, declined):
        assert response.status_code == 410
        assert "This link has expired" in response.text
        assert_not_cached(response)
    check_in.refresh_from_db()
    assert check_in.status == Status.WAITING
    assert check_in.answers == [None] * 7
    assert check_in.raw_score is None


def test_an_unknown_link_is_not_found(client, db):
    response = client.get(_url("x" * 43))

    assert response.status_code == 404
    assert "We do not recognise this link" in response.text
    assert_not_cached(response)


def test_a_replaced_link_is_unknown(client, check_in, token):
    new_token = checkins.issue_link(check_in, channel=WellbeingCheckIn.Channel.QR)

    assert client.get(_url(token)).status_code == 404
    assert client.get(_url(new_token)).status_code == 200


def test_the_problem_pages_reveal_nothing_but_the_problem(client, participant, activity):
    site = Site.objects.get(is_default_site=True)
    SiteSettings.objects.update_or_create(site=site, defaults={"contact_email": "hello@cm.example"})
    used = WellbeingCheckInFactory(participant=participant, status=Status.WAITING, kind="baseline")
    used_token = checkins.issue_link(used, channel=WellbeingCheckIn.Channel.EMAIL)
    client.post(_url(used_token), {"action": "decline"})
    expired = WellbeingCheckInFactory(participant=participant, status=Status.WAITING, kind="follow_up")
    expired_token = checkins.issue_link(expired, channel=WellbeingCheckIn.Channel.EMAIL)
    WellbeingCheckIn.objects.filter(pk=expired.pk).update(
        token_expires_at=timezone.now() - timezone.timedelta(days=1)
    )

    pages = {
        "used": client.get(_url(used_token)),
        "expired": client.get(_url(expired_token)),
        "unknown": client.get(_url("not-a-real-token-" + "z" * 30)),
    }

    headings = {
        name: BeautifulSoup(page.content, "html.parser").h1.get_text() for name, page in pages.items()
    }
    assert headings == {
        "used": "This link has already been used",
        "expired": "This link has expired",
        "unknown": "We do not recognise this link",
    }
    what_next = set()
    for response in pages.values():
        main = BeautifulSoup(response.content, "html.parser").main
        text = main.get_text(" ", strip=True)
        for secret in (participant.code, activity.title, activity.partner.title, "Morwenna"):
            assert secret not in response.text
        for hint in ("follow-up", "Follow-up", "joined", "questionnaire for"):
            assert hint not in text
        assert response.templates[0].name == "referrals/wellbeing/link_problem.html"
        # The page is given the kind of problem and nothing else: no check-in, no participant.
        assert set(response.context_data) == {"problem"}
        # What to do next is the same whichever the problem, and says how to reach Creative Minds.
        what_next.add(text[text.index("What you can do") :])
        assert "hello@cm.example" in text
    assert len(what_next) == 1
