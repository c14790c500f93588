"""A story moderator turns an answer someone said may be quoted into a draft story: from the Story
column of Reports > What has changed for people, once per answer, anonymous and with the person's
words exactly, with the questionnaire's choice as the story's consent; withdrawn when the answer is
deleted; and then moderated in the Wagtail admin like any story."""

from __future__ import annotations

import datetime
from unittest import mock

import pytest
from bs4 import BeautifulSoup
from django.contrib.auth.models import Group, Permission
from django.contrib.messages import get_messages
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from wagtail.models import PageLogEntry
from wagtail.test.utils.form_data import querydict_from_html

from activities.referrals import consent, retention
from activities.referrals import selectors as referral_selectors
from activities.referrals import services as referral_services
from activities.referrals.factories import ParticipantFactory, WellbeingCheckInFactory
from activities.referrals.models import ConsentRecord, WellbeingCheckIn
from activities.stories import policy, selectors, services
from activities.stories.factories import ReporterProfileFactory
from activities.stories.models import StoryPage
from partners.factories import UserFactory
from tests.query_counting import assert_same_count, queries_for

pytestmark = pytest.mark.django_db

Sharing = WellbeingCheckIn.Sharing
REPORT = "referrals_shared_answers"
WORDS = "I leave the house on a Tuesday now.\n\nBefore this I hadn't been out on my own for months."
WRITTEN = datetime.datetime(2026, 10, 17, 14, 30)


def _answer(activity, text, sharing, *, completed_at=None):
    participant = ParticipantFactory(referral__activity=activity)
    return WellbeingCheckInFactory(
        participant=participant,
        kind=WellbeingCheckIn.Kind.FOLLOW_UP,
        what_changed=text,
        what_changed_sharing=sharing,
        completed_at=completed_at or timezone.now(),
    )


@pytest.fixture
def activity(make_activity):
    return make_activity("Sing for your mind")


@pytest.fixture
def quotable(activity):
    return _answer(activity, WORDS, Sharing.QUOTE, completed_at=timezone.make_aware(WRITTEN))


@pytest.fixture
def inside(activity):
    return _answer(activity, "Sleeping a bit better.", Sharing.INSIDE)


def _user(*codenames, groups=(), **fields):
    user = UserFactory(is_staff=True, **fields)
    user.user_permissions.add(*Permission.objects.filter(codename__in=["access_admin", *codenames]))
    for name in groups:
        user.groups.add(Group.objects.get(name=name))
    return user


@pytest.fixture
def moderator():
    """A story moderator who also reads the answers people shared."""
    return _user("view_referral", groups=["Story moderators"])


def _url(check_in) -> str:
    return reverse("stories_from_answer", args=[check_in.public_id])


def _edit_url(story) -> str:
    return reverse("wagtailadmin_pages:edit", args=[story.pk])


def _cells(html: str) -> dict:
    soup = BeautifulSoup(html, "html.parser")
    # Keyed by the start of the words: enough to tell the rows apart.
    return {
        tr.select("td")[4].get_text(strip=True)[:20]: tr.select("td")[5]
        for tr in soup.select("table tbody tr")
    }


def _cell(html: str, words: str):
    return _cells(html)[words[:20]]


def _story_from(check_in) -> StoryPage:
    return StoryPage.objects.get(from_answer=check_in.public_id)


# -- the button ---------------------------------------------------------------------------


def test_a_moderator_sees_the_button_on_quotable_answers_only(client, moderator, quotable, inside):
    client.force_login(moderator)

    cells = _cells(client.get(reverse(REPORT)).text)

    form = cells[WORDS[:20]].select_one("form")
    assert form["method"] == "post"
    assert form["action"] == _url(quotable)
    assert form.select_one("input[name=csrfmiddlewaretoken]")
    assert form.select_one("button").get_text(strip=True) == "Turn into a draft story"
    assert cells["Sleeping a bit better."[:20]].get_text(strip=True) == ""


def test_staff_who_are_not_story_moderators_see_no_button(client, quotable):
    client.force_login(_user("view_referral"))

    cell = _cell(client.get(reverse(REPORT)).text, WORDS)

    assert cell.get_text(strip=True) == "May be quoted"
    assert not cell.select("form")


def test_the_story_column_costs_the_same_queries_however_many_answers_and_stories(
    client, moderator, activity, quotable
):
    client.force_login(moderator)
    services.create_story_from_answer(
        answer=referral_selectors.shared_answer(quotable.public_id), user=moderator
    )
    few = queries_for(client, reverse(REPORT))
    for number in range(6):
        check_in = _answer(activity, f"Better {number}.", Sharing.QUOTE)
        if number % 2:
            services.create_story_from_answer(
                answer=referral_selectors.shared_answer(check_in.public_id), user=moderator
            )
    many = queries_for(client, reverse(REPORT))

    assert_same_count(few, many)


# -- making the draft ---------------------------------------------------------------------


def test_the_draft_holds_their_words_exactly_anonymously_and_no_date_finer_than_the_month(
    client, moderator, quotable, activity
):
    client.force_login(moderator)

    response = client.post(_url(quotable))

    story = _story_from(quotable)
    assert response.status_code == 302
    assert response["Location"] == _edit_url(story)
    assert [str(m) for m in get_messages(response.wsgi_request)] == [
        "Draft story made from their words. Check it, then submit it for moderation."
    ]
    assert story.body == WORDS
    assert story.title == "What has changed: Sing for your mind"
    assert story.activity_id == activity.pk
    assert (story.shown_as, story.storyteller_name, story.photo_allowed) == (
        StoryPage.ShownAs.ANONYMOUS,
        "",
        False,
    )
    assert story.shown_name() == ""
    assert story.consent_date == datetime.date(2026, 10, 1)
    assert not story.live and policy.state_of(story) == policy.DRAFT
    assert (story.reporter, story.owner) == (moderator, moderator)
    # The revision, which is what is published, holds the same.
    revision = story.latest_revision.as_object()
    assert (revision.body, revision.shown_as, revision.photo_allowed) == (WORDS, "anonymous", False)
    assert revision.consent_date == datetime.date(2026, 10, 1)
    # Its consent: the person's choice on the questionnaire, in the wording they saw, at the month.
    record = story.consent
    assert record.purpose == ConsentRecord.Purpose.STORIES
    assert record.given_by == ConsentRecord.GivenBy.PERSON_ON_QUESTIONNAIRE
    assert record.wording_version == quotable.what_changed_wording_version
    assert record.wording_version == consent.current_version(consent.WHAT_CHANGED)
    assert timezone.localtime(record.given_at).date() == datetime.date(2026, 10, 1)
    assert (record.participant, record.referral, record.recorded_by) == (None, None, moderator)
    # Nothing says the day it was written, or who wrote it. (The slug ends in eight random hex
    # digits, which may well hold a "17": only the words before them come from the answer.)
    slug_words = story.slug.rsplit("-", 1)[0]
    for value in (story.title, story.body, slug_words, story.consent_version, str(story.consent_date)):
        assert "17" not in value and quotable.participant.code not in value


def test_the_audit_trail_says_which_answer_never_the_words(client, moderator, quotable):
    client.force_login(moderator)

    client.post(_url(quotable))

    entry = PageLogEntry.objects.get(action=services.FROM_ANSWER)
    assert entry.page_id == _story_from(quotable).pk
    assert entry.user_id == moderator.pk
    assert entry.data == {"answer": str(quotable.public_id)}
    assert "Tuesday" not in str(entry.data) and "Tuesday" not in entry.label


def test_a_second_post_finds_the_same_story_and_the_report_links_to_it(client, moderator, quotable):
    client.force_login(moderator)

    first = client.post(_url(quotable))
    second = client.post(_url(quotable))

    story = _story_from(quotable)
    assert StoryPage.objects.count() == 1
    assert first["Location"] == second["Location"] == _edit_url(story)
    assert [str(m) for m in get_messages(second.wsgi_request)][-1] == (
        "A story was already made from these words. Here it is."
    )
    cell = _cell(client.get(reverse(REPORT)).text, WORDS)
    assert not cell.select("form")
    assert cell.get_text(" ", strip=True).startswith("Draft story made")
    assert cell.select_one("a")["href"] == _edit_url(story)


def test_two_tabs_at_once_make_one_story(moderator, quotable):
    """The request that loses the race finds no story first, then meets the unique answer id."""
    answer = referral_selectors.shared_answer(quotable.public_id)
    first, made = services.create_story_from_answer(answer=answer, user=moderator)

    # The first look finds nothing (the other request has not committed); the look after the
    # unique id refuses the insert finds the other's story.
    real = selectors.story_made_from
    with mock.patch.object(selectors, "story_made_from", side_effect=[None, real(answer.id)]):
        second, made_again = services.create_story_from_answer(answer=answer, user=moderator)

    assert (made, made_again) == (True, False)
    assert second.pk == first.pk
    assert StoryPage.objects.count() == 1
    assert ConsentRecord.objects.filter(purpose=ConsentRecord.Purpose.STORIES).count() == 1


@pytest.mark.parametrize("case", ["inside", "private", "consent_withdrawn", "deleted", "unknown"])
def test_an_answer_that_may_not_be_quoted_is_not_found(client, moderator, activity, case):
    check_in = {
        "inside": lambda: _answer(activity, "Sleeping a bit better.", Sharing.INSIDE),
        "private": lambda: _answer(activity, "Hard to say.", Sharing.NOT_SHARED),
        "consent_withdrawn": lambda: _answer(activity, "Better.", Sharing.QUOTE),
        "deleted": lambda: _answer(activity, "Better.", Sharing.QUOTE),
        "unknown": lambda: WellbeingCheckIn(public_id="00000000-0000-4000-8000-000000000000"),
    }[case]()
    if case == "consent_withdrawn":
        consent.record_consent(
            participant=check_in.participant,
            purpose=ConsentRecord.Purpose.WELLBEING,
            given_by=ConsentRecord.GivenBy.PERSON_ONLINE,
        )
        ConsentRecord.objects.filter(participant=check_in.participant).update(withdrawn_at=timezone.now())
    url = _url(check_in)
    if case == "deleted":
        check_in.delete()
    client.force_login(moderator)

    assert client.post(url).status_code == 404
    assert not StoryPage.objects.exists()


def test_only_a_post_makes_a_story(client, moderator, quotable):
    client.force_login(moderator)

    assert client.get(_url(quotable)).status_code == 405
    assert not StoryPage.objects.exists()


@pytest.mark.parametrize(
    "role",
    ["editor", "staff_reader", "moderator_without_answers", "superuser_is_fine"],
)
def test_only_story_moderators_who_read_answers_make_stories(client, quotable, role):
    user = {
        "editor": lambda: _user(groups=["Editors"]),
        "staff_reader": lambda: _user("view_referral"),
        "moderator_without_answers": lambda: _user(groups=["Story moderators"]),
        "superuser_is_fine": lambda: UserFactory(is_staff=True, is_superuser=True),
    }[role]()
    client.force_login(user)

    response = client.post(_url(quotable))

    if role == "superuser_is_fine":
        assert response["Location"] == _edit_url(_story_from(quotable))
        return
    # Refused as the report refuses: Wagtail's "no permission", back to the dashboard.
    assert (response.status_code, response["Location"]) == (302, reverse("wagtailadmin_home"))
    assert not StoryPage.objects.exists()


# -- when the answer goes ---------------------------------------------------------------------


def _published_from(quotable, moderator) -> StoryPage:
    story, _ = services.create_story_from_answer(
        answer=referral_selectors.shared_answer(quotable.public_id), user=moderator
    )
    story.get_workflow().start(story, moderator)
    task_state = story.current_workflow_state.current_task_state.specific
    task_state.task.specific.on_action(task_state, moderator, "approve")
    story = StoryPage.objects.get(pk=story.pk)
    assert story.live
    return story


def test_withdrawing_wellbeing_consent_withdraws_the_published_story(moderator, quotable):
    story = _published_from(quotable, moderator)
    wellbeing = consent.record_consent(
        participant=quotable.participant,
        purpose=ConsentRecord.Purpose.WELLBEING,
        given_by=ConsentRecord.GivenBy.PERSON_ONLINE,
    )

    referral_services.withdraw_consent(record=wellbeing, user=None)

    story = StoryPage.objects.get(pk=story.pk)
    assert not WellbeingCheckIn.objects.filter(pk=quotable.pk).exists()
    assert policy.state_of(story) == policy.WITHDRAWN
    assert not story.live and story.body == ""
    assert story.consent.withdrawn_at is not None
    assert story not in selectors.published_stories()


def test_deleting_the_answer_withdraws_a_draft_made_from_it(moderator, quotable):
    story, _ = services.create_story_from_answer(
        answer=referral_selectors.shared_answer(quotable.public_id), user=moderator
    )

    quotable.delete()

    story = StoryPage.objects.get(pk=story.pk)
    assert policy.state_of(story) == policy.WITHDRAWN
    entry = PageLogEntry.objects.get(action="stories.withdraw", page_id=story.pk)
    assert entry.data == {"reason": "The answer it was made from was deleted"}


def test_deleting_other_answers_touches_no_story(moderator, quotable, inside):
    services.create_story_from_answer(
        answer=referral_selectors.shared_answer(quotable.public_id), user=moderator
    )

    inside.delete()

    assert policy.state_of(_story_from(quotable)) == policy.DRAFT


def test_a_story_already_taken_down_is_not_made_again(client, moderator, quotable):
    story, _ = services.create_story_from_answer(
        answer=referral_selectors.shared_answer(quotable.public_id), user=moderator
    )
    services.withdraw_story(story=story, user=moderator)
    client.force_login(moderator)

    response = client.post(_url(quotable))

    assert response["Location"] == reverse(REPORT)
    assert StoryPage.objects.count() == 1
    cell = _cell(client.get(reverse(REPORT)).text, WORDS)
    assert cell.get_text(strip=True) == "Story taken down"


# -- then moderated in the admin like any story ---------------------------------------------


def test_the_moderator_edits_submits_and_approves_it_in_the_admin(client, moderator, quotable):
    client.force_login(moderator)
    client.post(_url(quotable))
    story = _story_from(quotable)

    form = querydict_from_html(client.get(_edit_url(story)).text, form_id="page-edit-form")
    form["title"] = "Out on my own again"
    form["action-submit"] = "action-submit"
    response = client.post(_edit_url(story), form)
    assert response.status_code == 302, response.context["form"].errors if response.context else response

    story = StoryPage.objects.get(pk=story.pk)
    assert policy.state_of(story) == policy.IN_MODERATION
    task_state = story.current_workflow_state.current_task_state
    response = client.post(
        reverse("wagtailadmin_pages:workflow_action", args=[story.pk, "approve", task_state.pk]),
        {"comment": ""},
    )
    assert response.status_code in (200, 302)

    story = StoryPage.objects.get(pk=story.pk)
    assert story.live and policy.state_of(story) == policy.PUBLISHED
    assert (story.title, story.body, story.shown_as) == ("Out on my own again", WORDS, "anonymous")
    assert story.from_answer == quotable.public_id
    assert client.get(story.url).status_code == 200


def test_a_staff_made_story_is_on_its_makers_list_and_not_theirs_to_edit_there(client, moderator, quotable):
    story, _ = services.create_story_from_answer(
        answer=referral_selectors.shared_answer(quotable.public_id), user=moderator
    )

    assert list(selectors.my_stories(moderator)) == [story]
    assert not policy.can_edit_story(moderator, story)
    assert policy.can_view_story(moderator, story) and policy.can_withdraw_story(moderator, story)
    assert not policy.can_view_story(UserFactory(), story)


def test_the_button_works_with_csrf_checks_on(moderator, quotable):
    browser = Client(enforce_csrf_checks=True)
    browser.force_login(moderator)
    form = _cell(browser.get(reverse(REPORT)).text, WORDS).select_one("form")

    response = browser.post(
        form["action"], {"csrfmiddlewaretoken": form.select_one("input[name=csrfmiddlewaretoken]")["value"]}
    )

    assert response["Location"] == _edit_url(_story_from(quotable))
    assert StoryPage.objects.count() == 1
    forged = Client(enforce_csrf_checks=True)
    forged.force_login(moderator)
    assert forged.post(form["action"]).status_code == 403


def test_a_moderator_who_is_also_a_reporter_does_not_edit_it_on_the_reporters_pages(
    client, moderator, quotable
):
    ReporterProfileFactory(user=moderator)
    story, _ = services.create_story_from_answer(
        answer=referral_selectors.shared_answer(quotable.public_id), user=moderator
    )
    client.force_login(moderator)

    assert not policy.can_edit_story(moderator, story)
    response = client.post(
        reverse("stories:edit", args=[story.public_id]),
        {"action": "save", "shown_as": "named", "title": "Mine"},
    )

    assert response.status_code in (302, 404)  # "This story cannot be changed now."
    story = StoryPage.objects.get(pk=story.pk)
    assert (story.shown_as, story.title) == ("anonymous", "What has changed: Sing for your mind")
    assert client.get(reverse("stories:mine")).status_code == 200


def test_retention_blanking_the_answer_leaves_the_story_and_a_later_withdrawal_still_takes_it_down(
    moderator, quotable
):
    story = _published_from(quotable, moderator)
    referral_services.anonymise(quotable.participant.referral)
    assert retention.remove_written_answers() == 1
    assert StoryPage.objects.get(pk=story.pk).live

    wellbeing = consent.record_consent(
        participant=quotable.participant,
        purpose=ConsentRecord.Purpose.WELLBEING,
        given_by=ConsentRecord.GivenBy.PERSON_ONLINE,
    )
    referral_services.withdraw_consent(record=wellbeing, user=None)

    assert policy.state_of(StoryPage.objects.get(pk=story.pk)) == policy.WITHDRAWN
