"""Fill the site with realistic, deterministic demo data: partners, activities, demo logins and
example contact details.

Idempotent: the n-th partner and the n-th activity are always the same, and existing ones
are left as they are, so running it again adds nothing (or only what a larger count asks for).
"""

import factory.random
from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.core.management.base import BaseCommand
from django.db import transaction
from django.test.utils import override_settings

from activities.factories import ActivityPageFactory, TitlesInMemory
from activities.listings.demo import seed_listings
from activities.models import ActivityPage, Category
from activities.referrals.demo import seed_referrals
from activities.stories.demo import seed_stories
from home.demo import seed_contact_details
from partners.demo import seed_funding
from partners.factories import PartnerPageFactory
from partners.models import Locality, PartnerPage

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
            funding_logins = seed_funding(seed=seed, category=Category.objects.order_by("name").first())
            self.logins = (
                DEMO_LOGINS
                + funding_logins
                + seed_referrals(seed=seed)
                + seed_stories(seed=seed)
                + seed_listings(seed=seed)
            )
        self.stdout.write(
            self.style.SUCCESS(
                f"Demo data: {PartnerPage.objects.count():,} partners, "
                f"{ActivityPage.objects.count():,} activities ({created:,} new)."
            )
        )
        self.print_logins()

    def _partners(self, count, localities, seed) -> list[PartnerPage]:
        existing = {p.slug: p for p in PartnerPage.objects.filter(slug__startswith="partner-")}
        pages = []
        for number in range(count):
            slug = f"partner-{number:04d}"
            if slug in existing:
                pages.append(existing[slug])
                continue
            factory.random.reseed_random(f"{seed}-partner-{number}")
            # The title and numbers come from the factory sequence, which every page factory
            # shares and which carries on across calls: pin it, so partner n is always the same.
            PartnerPageFactory.reset_sequence(number, force=True)
            pages.append(PartnerPageFactory(slug=slug, home=localities[number % len(localities)]))
        return pages

    def _activities(self, count, partners, seed) -> int:
        existing = set(
            ActivityPage.objects.filter(slug__startswith="activity-").values_list("slug", flat=True)
        )
        created = 0
        titles = TitlesInMemory()  # read once: the titles the new activities must not repeat
        for number in range(count):
            slug = f"activity-{number:05d}"
            if slug in existing:
                continue
            factory.random.reseed_random(f"{seed}-activity-{number}")
            partner = partners[number % len(partners)]
            with transaction.atomic():
                # The directory has a few online activities; tests' activities are all at a postcode.
                ActivityPageFactory(
                    slug=slug,
                    partner=partner,
                    locality=partner.localities.first(),
                    may_be_online=True,
                    titles=titles,
                )
            created += 1
            if created % 500 == 0:
                self.stdout.write(f"  {created:,} activities created")
        return created

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
