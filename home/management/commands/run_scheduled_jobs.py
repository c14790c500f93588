"""Enqueue the jobs that run once a day: referral reminders and escalations, follow-up
questionnaires, retention, the listings' review cycle, forgetting problem reporters' reply
addresses, old partner requests' contacts and old requests to join a collective, and (on
CHAMPION_DIGEST_WEEKDAY) the champions' weekly digest. It lives in `home`, the top layer, because
it runs jobs of activities.referrals, activities.listings and partners, which may not import each
other (or, for partners, the others).

Run it once a day from cron or a systemd timer, early in the morning, as the site's user:

    30 6 * * * cd /srv/creative-minds && .venv/bin/python manage.py run_scheduled_jobs

Options:
    --only NAME   run one job, whatever the day: send_referral_reminders, send_wellbeing_follow_ups,
                  apply_retention, send_listing_reviews, restart_finished_pauses, forget_problem_reporters,
                  forget_partner_request_contacts, forget_join_requests or
                  send_champion_digests
    --digest      send the weekly digest today even if it is not the digest day

Every job is safe to run twice: each one marks what it has done (reminded_at, escalated_at,
link_sent_at, anonymised_at, a DigestSent row per champion per ISO week, and each
listing's review_reminded_for, review_flagged_for and review_hidden_for, once per review cycle) in
the transaction that queues its email, so a second run finds nothing left to do and queues nothing.

The jobs run here, on the immediate "default" task backend, and their results are printed; the
emails they make wait in the "email" queue for `manage.py db_worker --backend email` to send.
"""

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone
from django_tasks.base import TaskResultStatus

from activities.listings import tasks as listing_tasks
from activities.referrals import tasks as referral_tasks
from partners import tasks as partner_tasks

# Named as in each app's tasks.py, in the order they run.
DAILY_JOBS = {
    task.name: task
    for task in (
        referral_tasks.send_referral_reminders,
        referral_tasks.send_wellbeing_follow_ups,
        referral_tasks.apply_retention,
        listing_tasks.send_listing_reviews,
        listing_tasks.restart_finished_pauses,
        listing_tasks.forget_problem_reporters,
        listing_tasks.forget_partner_request_contacts,
        partner_tasks.forget_join_requests,
    )
}
WEEKLY_JOBS = {referral_tasks.send_champion_digests.name: referral_tasks.send_champion_digests}
JOBS = {**DAILY_JOBS, **WEEKLY_JOBS}


class Command(BaseCommand):
    help = (
        "Enqueue today's jobs: referral reminders, follow-ups, retention, the listings' review cycle "
        "and (weekly) digests."
    )

    def add_arguments(self, parser):
        parser.add_argument("--only", choices=sorted(JOBS), help="Run only this job, whatever the day.")
        parser.add_argument(
            "--digest", action="store_true", help="Send the champions' weekly digest even if not today."
        )

    def handle(self, *args, only: str | None, digest: bool, **options):
        if only and only not in JOBS:  # call_command(only=...) skips argparse's choices check
            raise CommandError(f"There is no job called {only}. Choose from: {', '.join(JOBS)}")
        failed = []
        for name in self._jobs_for_today(only=only, digest=digest):
            result = JOBS[name].enqueue()
            if result.status == TaskResultStatus.SUCCESSFUL:
                self.stdout.write(f"{name}: {result.return_value}")
            elif result.status == TaskResultStatus.FAILED:
                failed.append(name)
                self.stderr.write(f"{name}: failed\n{result.errors[-1].traceback if result.errors else ''}")
            else:
                self.stdout.write(f"{name}: queued ({result.id})")
        if failed:
            # A non-zero exit, so cron mails the failure and monitoring notices.
            raise CommandError(f"These jobs failed: {', '.join(failed)}")

    def _jobs_for_today(self, *, only: str | None, digest: bool) -> list[str]:
        if only:
            return [only]
        names = list(DAILY_JOBS)
        if digest or timezone.localdate().weekday() == settings.CHAMPION_DIGEST_WEEKDAY:
            names.extend(WEEKLY_JOBS)
        return names
