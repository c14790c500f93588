"""Make tests/referrals/data/premove_demo.json: the database of the last commit before referrals
became their own app, seeded with its own demo data, for test_app_move_migration.py.

    .venv/bin/python -m tests.referrals.make_premove_fixture [--commit <hash>]

It clones this repository into a temporary directory, checks out PRE_MOVE_COMMIT (the main branch
just before the move), and with that commit's own code and this checkout's virtualenv:

1. migrates a new SQLite database and runs `seed_demo --partners 6 --activities 30`;
2. adds what a live site has and the demo does not (STAFF_AND_AUDIT below): a group and a person
   holding referral and champion permissions, one retention run, an audit entry about a champion
   profile and one in Django's admin log about a referral, so that each kind of row the move must
   carry over is there at least once;
3. dumps every table but the postcodes, sessions, search index, sign-in attempts and task
   results (none of which the move touches), one row per line, in dumpdata's order.

The demo's dates are relative to the day it runs, so a new fixture differs in dates and
random codes, never in shape. Regenerate it only if the pre-move commit changes.
"""

import argparse
import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path

PRE_MOVE_COMMIT = "69ac08739ca13d2b829fd23dfe17e05ee06b0ba1"
REPOSITORY = Path(__file__).resolve().parents[2]
FIXTURE = Path(__file__).resolve().parent / "data" / "premove_demo.json"
NOT_DUMPED = ["geo", "sessions", "wagtailsearch", "axes", "django_tasks_database"]

# Run by `manage.py shell` in the pre-move checkout, so it uses that commit's models and labels.
STAFF_AND_AUDIT = """
from django.contrib.admin.models import CHANGE, LogEntry
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, Permission
from django.contrib.contenttypes.models import ContentType
from django.core.management import call_command
from wagtail.log_actions import log

from activities.models import Referral
from partners.models import ChampionProfile

User = get_user_model()


def permission(label):
    app_label, codename = label.split(".")
    return Permission.objects.get(content_type__app_label=app_label, codename=codename)


oversight = Group.objects.create(name="Referral oversight")
oversight.permissions.set(
    permission(label)
    for label in (
        "wagtailadmin.access_admin",
        "activities.view_referral",
        "activities.change_referral",
        "activities.view_consentrecord",
        "activities.view_retentionrun",
        "partners.view_championprofile",
        "partners.change_championprofile",
    )
)
officer = User.objects.create_user("oversight", "oversight@creativeminds.example", "demo-password-2026")
officer.groups.add(oversight)
dpo = User.objects.create_user("dpo", "dpo@creativeminds.example", "demo-password-2026")
dpo.user_permissions.set(
    permission(label)
    for label in ("activities.change_referral", "partners.add_championprofile", "partners.view_vote")
)

admin = User.objects.get(username="admin")
call_command("apply_retention", verbosity=0)
log(ChampionProfile.objects.order_by("pk").first(), "wagtail.edit", user=admin)
referral = Referral.objects.order_by("pk").first()
LogEntry.objects.create(
    user=admin,
    content_type=ContentType.objects.get_for_model(Referral),
    object_id=str(referral.pk),
    object_repr=str(referral)[:200],
    action_flag=CHANGE,
    change_message="Looked at in the Django admin",
)
"""


def run(checkout: Path, *args: str, environment: dict) -> None:
    subprocess.run([sys.executable, "manage.py", *args], cwd=checkout, env=environment, check=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--commit", default=PRE_MOVE_COMMIT, help="The commit to seed (default: the pre-move one)"
    )
    options = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="cm-premove-") as scratch:
        checkout = Path(scratch) / "checkout"
        subprocess.run(["git", "clone", "--quiet", str(REPOSITORY), str(checkout)], check=True)
        subprocess.run(["git", "checkout", "--quiet", options.commit], cwd=checkout, check=True)
        environment = {
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "creative_minds.settings.dev",
            "DATABASE_URL": f"sqlite:///{Path(scratch) / 'premove.sqlite3'}",
        }
        dump = Path(scratch) / "dump.json"
        run(checkout, "migrate", "--no-input", "--verbosity", "0", environment=environment)
        run(checkout, "seed_demo", "--partners", "6", "--activities", "30", environment=environment)
        run(checkout, "shell", "--command", STAFF_AND_AUDIT, environment=environment)
        excluded = [argument for app in NOT_DUMPED for argument in ("--exclude", app)]
        run(checkout, "dumpdata", *excluded, "--output", str(dump), environment=environment)
        rows = json.loads(dump.read_text(encoding="utf-8"))
    # One row per line: a regenerated fixture reads as a diff of rows.
    lines = ",\n".join(json.dumps(row, sort_keys=True, ensure_ascii=False) for row in rows)
    FIXTURE.write_text(f"[\n{lines}\n]\n", encoding="utf-8")
    print(f"{FIXTURE.relative_to(REPOSITORY)}: {len(rows):,} rows from {options.commit[:12]}")


if __name__ == "__main__":
    main()
