"""Demo stories (seed_demo): two community reporters and a story moderator, and stories in every
state: drafts, waiting for review, changes asked for, rejected, published (named and anonymous,
some with small generated pictures) and withdrawn.

Stories go through the services and the workflow the site itself uses, so their revisions, consent
records, workflow history and audit trail are as the site makes them. Once the demo reporter has
stories, running it again adds nothing.
"""

from __future__ import annotations

import factory.random
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.db import transaction

from activities.models import ActivityPage
from activities.stories import services
from activities.stories.factories import clean_picture, draft_story, moderate, sent_story
from activities.stories.models import ReporterProfile, StoryPage, Theme
from partners.demo import DEMO_PASSWORD
from partners.factories import UserFactory
from partners.models import Locality

REPORTERS = [
    ("reporter", "Rita", "Ahmed", "kirklees"),
    ("reporter2", "Dan", "Kowalski", "wakefield"),
]
MODERATOR = ("moderator", "Mo", "Hughes")
DEMO_LOGINS = [
    (
        "reporter",
        "Community reporter, Kirklees: write a story at /stories/new/, follow them at /stories/mine/",
    ),
    ("reporter2", "Community reporter, Wakefield: /stories/mine/"),
    (
        "moderator",
        "Story moderator: approve stories in the Wagtail admin at /admin/ ('Awaiting your review')",
    ),
]

# title, storyteller's name ("" for anonymous), themes, picture colour (None for none), final state
PUBLISHED = [
    ("Finding my voice again", "Maya", ["confidence", "creativity"], (46, 125, 50)),
    ("A reason to get up on Tuesdays", "", ["purpose", "connection"], (0, 94, 184)),
    ("Up the hill with friends", "Tom", ["being-active", "connection"], (118, 134, 146)),
    ("The quiet of the allotment", "", ["calm"], None),
    ("I made something I am proud of", "Saima", ["skills", "creativity", "confidence"], (255, 184, 28)),
    ("Not the new one any more", "Liam", ["connection", "confidence"], None),
]
OTHERS = [
    ("draft", "Half-written: the choir concert", "Aisha"),
    ("draft_empty", "", ""),
    ("waiting", "Paint, tea and a chat", "Grace"),
    (
        "changes",
        "Climbing the wall",
        "",
        "Please say which climbing group this was, and check the spelling of the group's name.",
    ),
    (
        "rejected",
        "Something else entirely",
        "Ben",
        "This is about a private class, not a Creative Minds activity.",
    ),
    ("withdrawn", "The story that was taken down", "Jack"),
]


def seed_stories(*, seed: str) -> list[tuple[str, str, str]]:
    """Create (once) the demo reporters and stories; returns the demo logins as (username, password, what)."""
    reporters = [_reporter(*row) for row in REPORTERS]
    moderator = _moderator()
    if not StoryPage.objects.filter(reporter=reporters[0]).exists():
        activities = list(ActivityPage.objects.live().order_by("pk")[:12])
        if activities:
            factory.random.reseed_random(f"{seed}-stories")
            with transaction.atomic():
                _published(reporters, moderator, activities)
                _others(reporters, moderator, activities)
    return [(username, DEMO_PASSWORD, what) for username, what in DEMO_LOGINS]


def _login(username, first, last):
    user = get_user_model().objects.filter(username=username).first()
    return user or UserFactory(username=username, first_name=first, last_name=last, password=DEMO_PASSWORD)


def _reporter(username, first, last, locality):
    user = _login(username, first, last)
    ReporterProfile.objects.get_or_create(
        user=user, defaults={"locality": Locality.objects.get(slug=locality)}
    )
    return user


def _moderator():
    user = _login(*MODERATOR)
    if not user.is_staff:
        user.is_staff = True
        user.save(update_fields=["is_staff"])
    user.groups.add(Group.objects.get(name="Story moderators"))
    return user


def _themes(slugs):
    return list(Theme.objects.filter(slug__in=slugs))


def _published(reporters, moderator, activities):
    for number, (title, name, themes, colour) in enumerate(PUBLISHED):
        image = clean_picture(colour=colour) if colour else None
        story = sent_story(
            reporter=reporters[number % 2],
            activity=activities[number % len(activities)],
            title=title,
            named=bool(name),
            name=name,
            themes=_themes(themes),
            image=image,
        )
        moderate(story, moderator, "approve")


def _others(reporters, moderator, activities):
    reporter = reporters[0]
    activity = activities[0]
    for kind, title, name, *comment in OTHERS:
        if kind == "draft_empty":
            services.create_draft_story(author=reporter)
            continue
        if kind == "draft":
            draft_story(reporter=reporter, activity=activity, title=title, ready=False)
            continue
        story = sent_story(reporter=reporter, activity=activity, title=title, named=bool(name), name=name)
        if kind == "changes":
            moderate(story, moderator, "reject", comment[0])
        elif kind == "rejected":
            moderate(story, moderator, "decline", comment[0])
        elif kind == "withdrawn":
            story = moderate(story, moderator, "approve")
            services.withdraw_story(story=story, user=reporter, reason="The storyteller asked us to")
