"""Emails are never lost: each waits in the database queue, in the transaction that made the news,
until the worker sends it; a failed send is tried again later, and given up and recorded only after
the last try."""

import ast
import datetime
import json
import logging
import subprocess
from io import StringIO
from pathlib import Path

import pytest
from dateutil.relativedelta import relativedelta
from django.core import mail
from django.core.management import call_command
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from activities.models import ActivityPage
from activities.referrals import checkins, emails, services, session_dates
from activities.referrals.factories import (
    ChampionProfileFactory,
    ParticipantFactory,
    ReferralFactory,
    WellbeingCheckInFactory,
)
from activities.referrals.models import Referral, WellbeingCheckIn
from partners.factories import CollectiveFactory, PartnerContactFactory, UserFactory
from tests.builders import ActivityMaker
from tests.email_queue import let_time_pass, run_worker, waiting_tasks
from tests.test_settings import PRODUCTION_ENV, clean_environment, run_python

BASE_DIR = Path(__file__).resolve().parent.parent
PROJECT_APPS = ["activities", "partners", "home", "creative_minds"]
DETAILS = {
    "preferred_name": "Morwenna",
    "contact_method": Referral.ContactMethod.EMAIL,
    "email": "morwenna@example.net",
    "support_needs": "Uses a wheelchair.",
}

pytestmark = pytest.mark.django_db


@pytest.fixture
def activity(db):
    activity = ActivityMaker()("Sing for your mind in Huddersfield")
    PartnerContactFactory(partner=activity.partner, user=UserFactory(email="pat@partner.example"))
    return activity


def refer(activity, *, by_themselves: bool = False) -> Referral:
    """A champion's referral (one email: the partner's notice), or someone asking to join themselves
    (two: the notice and their confirmation)."""
    champion = None if by_themselves else ChampionProfileFactory().user
    return services.create_referral(
        activity=activity, details=DETAILS, consent_version="2026-11", champion=champion
    )


def notices() -> list:
    return [message for message in mail.outbox if message.subject.startswith("New referral for")]


# -- retries --------------------------------------------------------------------------------------


def test_a_failed_send_is_retried_by_the_worker_and_delivered_once(
    database_queue, flaky_mail, activity, caplog
):
    flaky_mail(1)
    refer(activity)
    assert mail.outbox == [], "the request only queues the email"

    with caplog.at_level(logging.WARNING, logger="creative_minds.mail"):
        run_worker()

    assert mail.outbox == [], "the mail server refused the first try"
    [retry] = waiting_tasks()
    assert retry.task_path == "creative_minds.mail.send_email"
    assert retry.args_kwargs["args"][2] == 2, "the second attempt"
    assert retry.run_after - retry.enqueued_at == pytest.approx(
        datetime.timedelta(minutes=1), abs=datetime.timedelta(seconds=5)
    )
    assert "SMTPServerDisconnected" in caplog.text
    assert "Trying again after" in caplog.text

    run_worker()
    assert mail.outbox == [], "not before the minute is up"

    let_time_pass()
    run_worker()

    [notice] = notices()
    assert notice.to == ["pat@partner.example"]
    assert len(mail.outbox) == 1
    assert not waiting_tasks().exists()
    assert not DBTaskResult.objects.filter(status="FAILED").exists()


def test_a_send_that_always_fails_stops_after_the_limit_and_is_recorded(
    database_queue, flaky_mail, activity, settings, caplog
):
    settings.EMAIL_RETRY_DELAYS_MINUTES = [1, 5]
    flaky_mail(1000)
    refer(activity)
    delays = []

    with caplog.at_level(logging.WARNING):
        run_worker()
        for _ in range(5):
            delays.extend(task.run_after - task.enqueued_at for task in waiting_tasks())
            let_time_pass()
            run_worker()

    assert [round(delay.total_seconds() / 60) for delay in delays] == [1, 5], "a growing delay"
    assert not waiting_tasks().exists(), "it stops after the last try"
    attempts = DBTaskResult.objects.filter(task_path="creative_minds.mail.send_email")
    assert attempts.count() == 3
    [given_up] = attempts.filter(status="FAILED")
    assert given_up.exception_class_path == "creative_minds.mail.EmailNotSent"
    assert "SMTPServerDisconnected" in given_up.traceback
    assert given_up.args_kwargs["args"][:2] == [
        "activities.referrals.emails.new_referral_notice",
        {"referral_id": Referral.objects.get().pk},
    ]
    assert "could not be sent after 3 attempt(s), giving up" in caplog.text
    assert mail.outbox == []


def test_where_tasks_run_at_once_a_failed_send_is_given_up_and_recorded_not_raised(flaky_mail, activity):
    """The tests' immediate backend, like any backend that cannot wait, has no later to try again."""
    referral = refer(activity)
    mail.outbox.clear()
    flaky_mail(1)

    result = emails.new_referral_notice.send_later(referral_id=referral.pk)

    assert result.status == "FAILED"
    assert result.errors[0].exception_class_path == "creative_minds.mail.EmailNotSent"
    assert mail.outbox == []


# -- queued with the data ---------------------------------------------------------------------------


def test_emails_are_queued_with_the_data_they_announce_and_only_then(database_queue, activity):
    with pytest.raises(RuntimeError), transaction.atomic():
        refer(activity, by_themselves=True)
        raise RuntimeError("something later in the same transaction failed")

    assert not Referral.objects.exists()
    assert not DBTaskResult.objects.exists(), "no email about a referral that was never saved"

    referral = refer(activity, by_themselves=True)

    queued = DBTaskResult.objects.order_by("enqueued_at")
    assert [task.args_kwargs["args"][:2] for task in queued] == [
        ["activities.referrals.emails.new_referral_notice", {"referral_id": referral.pk}],
        ["activities.referrals.emails.self_referral_confirmation", {"referral_id": referral.pk}],
    ]
    # Ids only: no name, address or anything else about the person sits in the queue.
    assert "morwenna" not in json.dumps([task.args_kwargs for task in queued]).lower()


def test_a_questionnaire_link_queued_by_email_is_not_sent_once_a_qr_code_has_been_shown(
    database_queue, client
):
    participant = ParticipantFactory(referral__email="morwenna@example.net")
    check_in = WellbeingCheckInFactory(
        participant=participant, kind="baseline", status=WellbeingCheckIn.Status.WAITING
    )
    partner = PartnerContactFactory(partner=participant.activity.partner).user
    client.force_login(partner)
    args = [participant.public_id, check_in.public_id]

    client.post(reverse("participants:check_in_email", args=args))
    shown = client.post(reverse("participants:check_in_qr", args=args))
    assert shown.status_code == 200
    run_worker()

    assert mail.outbox == [], "the QR code, shown last, is the link they have"
    token = shown.text.split("/wellbeing/")[1].split("/")[0]
    assert checkins.find(token).problem is None, "and it still works"


# -- scheduled jobs ---------------------------------------------------------------------------------


def test_running_the_scheduled_jobs_twice_queues_each_email_once(database_queue, activity, settings):
    settings.CHAMPION_DIGEST_WEEKDAY = timezone.localdate().weekday()
    CollectiveFactory(locality=activity.locality).coordinators.add(UserFactory(email="cora@c.example"))
    champion = ChampionProfileFactory(user=UserFactory(email="chris@trust.example")).user
    long_ago = timezone.now() - datetime.timedelta(days=30)
    to_remind = ReferralFactory(activity=activity, champion=champion)
    to_escalate = ReferralFactory(activity=activity, champion=champion)
    Referral.objects.filter(pk=to_remind.pk).update(created_at=long_ago)
    Referral.objects.filter(pk=to_escalate.pk).update(created_at=long_ago, reminded_at=long_ago)
    joined = ReferralFactory(activity=activity, champion=champion, email="jo@example.net")
    partner = activity.partner.contacts.get().user
    services.change_status(
        referral=joined,
        to_status=Referral.Status.JOINED,
        user=partner,
        joined_on=session_dates.recent_meeting_dates(activity, today=timezone.localdate())[0],
    )
    follow_up = joined.participant.check_ins.get(kind=WellbeingCheckIn.Kind.FOLLOW_UP)
    WellbeingCheckIn.objects.filter(pk=follow_up.pk).update(due_on=timezone.localdate())
    # Due to be checked in a week: the review cycle reminds the partner.
    ActivityPage.objects.filter(pk=activity.pk).update(
        last_reviewed=timezone.localdate() - relativedelta(months=settings.LISTING_REVIEW_MONTHS, days=-7)
    )
    run_worker()  # the joining emails (the partner's notice was never queued: factories skip it)
    mail.outbox.clear()

    for _ in range(2):
        call_command("run_scheduled_jobs", stdout=StringIO())
    run_worker()

    subjects = sorted((message.subject, tuple(message.to)) for message in mail.outbox)
    title = activity.title
    assert subjects == [
        (f"A referral for {title} needs your help", ("cora@c.example",)),
        ("How are you? A few questions from Creative Minds", ("jo@example.net",)),
        (f"Please check your listing on Creative Minds: {title}", ("pat@partner.example",)),
        (f"Reminder: a referral for {title} is waiting", ("chris@trust.example",)),
        (f"Reminder: a referral for {title} is waiting", ("pat@partner.example",)),
        ("Your referrals this week", ("chris@trust.example",)),
    ]


# -- every email, and every environment -------------------------------------------------------------


def _project_modules():
    for app in PROJECT_APPS:
        for path in (BASE_DIR / app).rglob("*.py"):
            if "migrations" not in path.parts:
                yield path


def _sends_directly(call: ast.Call) -> bool:
    shortcut = {"send_mail", "send_mass_mail", "mail_admins", "mail_managers"}
    name = call.func.attr if isinstance(call.func, ast.Attribute) else getattr(call.func, "id", "")
    if name in shortcut:
        return True
    # message.send() or message.send(fail_silently=...): a signal's send always names a sender.
    return name == "send" and not call.args and {kw.arg for kw in call.keywords} <= {"fail_silently"}


def test_only_the_queue_task_sends_email():
    """Every email goes through creative_minds/mail.py's send_email task, so none can skip the queue
    and its retries. A new email is declared with @email and sent with .send_later(ids)."""
    offenders = [
        f"{path.relative_to(BASE_DIR)}:{node.lineno}"
        for path in _project_modules()
        if path.relative_to(BASE_DIR) != Path("creative_minds/mail.py")
        for node in ast.walk(ast.parse(path.read_text()))
        if isinstance(node, ast.Call) and _sends_directly(node)
    ]
    assert offenders == []


def test_dev_and_production_queue_tasks_in_the_database_and_tests_run_them_at_once(settings):
    assert settings.TASKS["email"]["BACKEND"] == "django_tasks.backends.immediate.ImmediateBackend"
    code = (
        "import json, importlib, sys\n"
        "for name in ('dev', 'production'):\n"
        "    s = importlib.import_module('creative_minds.settings.' + name)\n"
        "    print(json.dumps([name, s.TASKS['email']['BACKEND'], getattr(s, 'EMAIL_TIMEOUT', None)]))\n"
    )
    result = run_python(code, clean_environment(**PRODUCTION_ENV))
    assert result.returncode == 0, result.stderr
    assert [json.loads(line) for line in result.stdout.splitlines()] == [
        ["dev", "django_tasks_db.DatabaseBackend", None],
        ["production", "django_tasks_db.DatabaseBackend", 30],
    ]


def test_make_run_starts_the_worker_beside_the_server():
    dry_run = subprocess.run(  # noqa: S603
        ["make", "-n", "run", "-o", "seed"],  # noqa: S607
        cwd=BASE_DIR,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert dry_run.returncode == 0, dry_run.stderr
    assert "manage.py db_worker --backend email" in dry_run.stdout
    assert "manage.py runserver" in dry_run.stdout
