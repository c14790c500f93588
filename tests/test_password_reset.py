"""Password reset gives nothing away: the same page, after the same work, whether or not the address
has an account. The request only checks the form and queues one task; the worker looks the account
up and sends the link, which points at the site's own address whatever Host the request named."""

import re

import pytest
from django.contrib.auth import get_user_model
from django.core import mail
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django_tasks_db.models import DBTaskResult

from partners.factories import UserFactory
from tests.email_queue import run_worker

pytestmark = pytest.mark.django_db

RESET = reverse("password_reset")
LINK = re.compile(r"(https?://[^/\s]+)(/account/reset/[^/\s]+/[^/\s]+/)")


@pytest.fixture
def sam(db):
    user = UserFactory(username="sam", email="sam@example.org")
    user.set_password("an-old-password-2025")
    user.save()
    return user


def test_known_and_unknown_addresses_get_the_same_answer_and_only_an_account_gets_an_email(
    client, sam, database_queue
):
    UserFactory(username="gone", email="gone@example.org", is_active=False)
    client.get(RESET)  # the site is looked up once per process
    answers, queries = [], []
    for email in ("sam@example.org", "nobody@example.org", "gone@example.org"):
        with CaptureQueriesContext(connection) as context:
            answers.append(client.post(RESET, {"email": email}))
        queries.append([query["sql"] for query in context.captured_queries])

    assert {(answer.status_code, answer["Location"]) for answer in answers} == {
        (302, "/account/password-reset/sent/")
    }
    assert mail.outbox == [], "nothing is looked up or sent while the visitor waits"
    # The same work for each: one row written to the queue, and no account looked up.
    for statements in queries:
        assert [sql.split(" (")[0] for sql in statements] == [
            'INSERT INTO "django_tasks_database_dbtaskresult"'
        ]
    queued = DBTaskResult.objects.values_list("task_path", flat=True)
    assert list(queued) == ["creative_minds.accounts.tasks.send_password_reset"] * 3

    run_worker()

    [email] = mail.outbox
    assert email.to == ["sam@example.org"]
    assert email.subject == "Choose a new Creative Minds password"
    assert "Someone asked to reset the password for the Creative Minds account sam." in email.body
    done = client.get(answers[0]["Location"])
    assert "If that address has an account, we have sent it a link" in done.text


def test_the_link_points_at_the_site_whatever_host_was_asked_and_it_works(client, sam, settings):
    settings.WAGTAILADMIN_BASE_URL = "https://creativeminds.example.org"

    client.post(RESET, {"email": "SAM@example.org"}, HTTP_HOST="attacker.example")

    [email] = mail.outbox
    site, path = LINK.search(email.body).groups()
    assert site == "https://creativeminds.example.org"
    assert "attacker.example" not in email.body
    choose = client.get(path, follow=True)
    assert choose.status_code == 200
    new_password = "a-brand-new-password-2026"
    client.post(choose.redirect_chain[-1][0], {"new_password1": new_password, "new_password2": new_password})
    assert get_user_model().objects.get(pk=sam.pk).check_password(new_password)


def test_wagtails_own_unthrottled_reset_form_is_switched_off(client):
    assert client.get("/admin/password_reset/").status_code == 404
    assert "password_reset" not in client.get("/admin/login/").text
