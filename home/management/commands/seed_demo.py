"""Fill the site with realistic, deterministic demo data: partners, activities, demo logins and
example contact details.

Idempotent: the n-th partner and the n-th activity are always the same, and existing ones
are left as they are, so running it again adds nothing (or only what a larger count asks for).
"""

import time
import uuid
from collections.abc import Iterator
from functools import partial

import factory.random
from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.core.management.base import BaseCommand
from django.db import transaction
from django.test.utils import override_settings

from activities.bulk import add_activities, add_partners
from activities.factories import ActivityPageFactory, CategoriesInMemory, TitlesInMemory
from activities.listings.demo import seed_listings
from activities.models import ActivityIndexPage, ActivityPage, Category
from activities.referrals.demo import seed_referrals
from activities.stories.demo import seed_stories
from home.demo import seed_contact_details
from partners.demo import seed_funding
from partners.factories import PartnerPageFactory
from partners.models import Locality, PartnerIndexPage, PartnerPage

# Pages added in one transaction: progress is shown after each, and only one is held in memory.
BATCH_SIZE = 1000
# Demo pages' translation keys (the Open Referral UK feed's service and organization ids) are worked
# out from the seed and the page's number, so a demo database seeded afresh keeps the same ids.
DEMO_KEYS = uuid.UUID("6f1d2c1e-3b5a-5c8e-9a41-2f7d0c9b8e10")


def demo_key(name: str) -> uuid.UUID:
    """The translation key of the demo page seeded as `name` (e.g. "creative-minds-partner-3")."""
    return uuid.uuid5(DEMO_KEYS, name)


IMMEDIATE = "django_tasks.backends.immediate.ImmediateBackend"

DEMO_LOGINS = [
    # username, password, what they can do
    ("admin", "demo-admin-password", "Creative Minds staff: the Wagtail admin at /admin/"),
]


class Command(BaseCommand):
    help = "Seed demo partners, activities and logins (deterministic and idempotent)."

    def add_arguments(self, parser):
        parser.add_argument("--partners", type=int, default=120, help="How many partners (default 120).")
        parser.add_argument(
            "--activities", type=int, default=1000, help="How many activities (default 1000)."
        )
        parser.add_argument(
            "--seed", default="creative-minds", help="Random seed; the same seed gives the same data."
        )

    def handle(self, *args, partners: int, activities: int, seed: str, **options):
        self.verbosity = options["verbosity"]
        call_command("load_postcodes", verbosity=0)
        localities = list(Locality.objects.order_by("name"))
        partner_pages = self._partners(partners, localities, seed)
        created = self._activities(activities, partner_pages, seed)
        self._logins()
        seed_contact_details()
        # Demo decisions and referrals are not news to anyone: their emails are built and sent here,
        # at once, to nowhere, rather than left in the queue for the worker to send later.
        with override_settings(
            EMAIL_BACKEND="django.core.mail.backends.dummy.EmailBackend",
            TASKS={alias: {"BACKEND": IMMEDIATE} for alias in settings.TASKS},
        ):
            # Every demo application is for the first type of activity by name.
            category = Category.objects.order_by("name").first()
            self.logins = list(DEMO_LOGINS)
            for seed_part in (
                partial(seed_funding, category=category),
                seed_referrals,
                seed_stories,
                seed_listings,
            ):
                # One transaction each rather than one for each of their hundreds of rows: each
                # commit waits for the disk (681 commits, 19 s of a profiled `make run` seed).
                with transaction.atomic():
                    self.logins += seed_part(seed=seed)
        self.stdout.write(
            self.style.SUCCESS(
                f"Demo data: {PartnerPage.objects.count():,} partners, "
                f"{ActivityPage.objects.count():,} activities ({created:,} new)."
            )
        )
        self.print_logins()

    def _partners(self, count, localities, seed) -> list[PartnerPage]:
        existing = {
            p.slug: p
            for p in PartnerPage.objects.filter(slug__startswith="partner-").prefetch_related("localities")
        }
        missing = [number for number in range(count) if f"partner-{number:04d}" not in existing]
        index = PartnerIndexPage.objects.get()
        made: dict[str, PartnerPage] = {}

        def build(number: int) -> PartnerPage:
            factory.random.reseed_random(f"{seed}-partner-{number}")
            # The title and numbers come from the factory sequence, which every page factory
            # shares and which carries on across calls: pin it, so partner n is always the same.
            PartnerPageFactory.reset_sequence(number, force=True)
            page = PartnerPageFactory.build(
                parent=index,
                slug=f"partner-{number:04d}",
                home=localities[number % len(localities)],
                translation_key=demo_key(f"{seed}-partner-{number}"),
            )
            made[page.slug] = page
            return page

        add_partners(self._batches(missing, build), progress=self._progress("Partners", len(missing)))
        pages = {**existing, **made}
        return [pages[f"partner-{number:04d}"] for number in range(count)]

    def _activities(self, count, partners, seed) -> int:
        existing = set(
            ActivityPage.objects.filter(slug__startswith="activity-").values_list("slug", flat=True)
        )
        missing = [number for number in range(count) if f"activity-{number:05d}" not in existing]
        if not missing:
            return 0
        index = ActivityIndexPage.objects.get()
        titles = TitlesInMemory()  # read once: the titles the new activities must not repeat
        categories = CategoriesInMemory()
        # Each partner's first locality (by id, as `.first()` gives it), looked up once rather than
        # for each of its activities.
        home = {
            partner.pk: min(partner.localities.all(), key=lambda locality: locality.pk)
            for partner in partners
        }

        def build(number: int) -> ActivityPage:
            factory.random.reseed_random(f"{seed}-activity-{number}")
            partner = partners[number % len(partners)]
            # The directory has a few online activities; tests' activities are all at a postcode.
            return ActivityPageFactory.build(
                parent=index,
                slug=f"activity-{number:05d}",
                translation_key=demo_key(f"{seed}-activity-{number}"),
                partner=partner,
                locality=home[partner.pk],
                may_be_online=True,
                titles=titles,
                categories_in=categories,
            )

        return add_activities(
            self._batches(missing, build), progress=self._progress("Activities", len(missing))
        )

    @staticmethod
    def _batches(numbers: list[int], build) -> Iterator[list]:
        """The pages built a batch at a time, as they are added, so only one batch is in memory."""
        for start in range(0, len(numbers), BATCH_SIZE):
            yield [build(number) for number in numbers[start : start + BATCH_SIZE]]

    def _progress(self, what: str, total: int):
        if self.verbosity < 1:
            return None
        started = time.monotonic()

        def report(done: int) -> None:
            self.stdout.write(f"  {what}: {done:,} of {total:,} ({time.monotonic() - started:.0f} s)")

        return report

    def _logins(self):
        User = get_user_model()
        for username, password, _ in DEMO_LOGINS:
            if not User.objects.filter(username=username).exists():
                User.objects.create_superuser(username, f"{username}@creativeminds.example", password)

    def print_logins(self):
        self.stdout.write("\nDemo logins (for this development copy only):")
        # A login that appears twice (the partner: funding, then referrals) is printed once.
        logins: dict[str, tuple[str, list[str]]] = {}
        for username, password, what in self.logins:
            logins.setdefault(username, (password, []))[1].append(what)
        for username, (password, whats) in logins.items():
            self.stdout.write(f"  {username} / {password}  ({'; '.join(whats)})")
