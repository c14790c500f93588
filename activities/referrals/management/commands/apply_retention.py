"""Remove contact details a set time after referrals close, and purge expired wellbeing links.

    manage.py apply_retention            # REFERRAL_RETENTION_DAYS after closing (default 365)
    manage.py apply_retention --days 30

run_scheduled_jobs runs the same thing every day; this command is for running it by hand, for
example after shortening the retention period. Each run is recorded (a RetentionRun and an
audit log entry), so it is always possible to show when data was removed.
"""

from django.core.management.base import BaseCommand, CommandError

from activities.referrals import retention

MAX_DAYS = 36_500


class Command(BaseCommand):
    help = "Anonymise referrals closed longer ago than the retention period, and purge expired links."

    def add_arguments(self, parser):
        parser.add_argument(
            "--days",
            type=int,
            default=None,
            help="Days to keep contact details after a referral closes (default REFERRAL_RETENTION_DAYS).",
        )

    def handle(self, *args, days: int | None, **options):
        if days is not None and not 0 <= days <= MAX_DAYS:
            raise CommandError(f"--days must be a whole number from 0 to {MAX_DAYS:,} (100 years)")
        outcome = retention.run(days=days)
        self.stdout.write(
            self.style.SUCCESS(
                f"Retention applied ({outcome.retention_days} days after closing): "
                f"{outcome.referrals_anonymised} referral(s) anonymised, "
                f"{outcome.tokens_purged} expired link(s) purged."
            )
        )
