"""Moving referrals into their own app loses nothing.

The database is the one the last commit before the move builds with its demo data
(tests/referrals/data/premove_demo.json; make_premove_fixture.py says how it is made): 100
referrals and their history, consent, participants, attendance and wellbeing answers, two
champions, a retention run, a group and a person holding referral permissions, the audit trail
(Wagtail's and Django admin's) and the reference index.

The module's fixture empties the test database, migrates it back to where that commit stood
(activities 0005, partners 0006, no referrals app), loads every row through the models of that
state, migrates it forward to today's state, and leaves the result for the tests, which read it
inside their own transactions. Afterwards the database is put back as a fresh run has it.

Each test compares today's rows with the fixture's: every moved row by id and field (foreign keys
included), every content type, permission and permission given to a group or a person, every
audit entry and reference index row, and then uses the moved data as the site does.
"""

import datetime
import json
from collections import Counter, defaultdict
from pathlib import Path

import pytest
from django.apps import apps
from django.contrib.admin.models import LogEntry
from django.contrib.auth import get_user_model
from django.contrib.auth.management import create_permissions
from django.contrib.auth.models import Group, Permission
from django.contrib.contenttypes.management import create_contenttypes
from django.contrib.contenttypes.models import ContentType
from django.core.management import call_command
from django.core.management.color import no_style
from django.db import connection, transaction
from django.db.migrations.executor import MigrationExecutor
from wagtail.models import ModelLogEntry, ReferenceIndex

from activities.models import ActivityPage
from activities.referrals import consent, policy, retention, services, subject_access
from activities.referrals.models import ChampionProfile, Participant, Referral, RetentionRun
from tests.database import reset_to_migrated_state

FIXTURE = Path(__file__).resolve().parent / "data" / "premove_demo.json"
# Where the pre-move commit's migrations ended, for the apps the move changes.
BEFORE_THE_MOVE = [
    ("activities", "0005_referrals_participants_wellbeing"),
    ("partners", "0006_champion_digest_sent_on"),
]
MOVED = {
    "activities.referral": "referrals.referral",
    "activities.referralstatuschange": "referrals.referralstatuschange",
    "activities.consentrecord": "referrals.consentrecord",
    "activities.retentionrun": "referrals.retentionrun",
    "activities.participant": "referrals.participant",
    "activities.attendance": "referrals.attendance",
    "activities.wellbeingcheckin": "referrals.wellbeingcheckin",
    "partners.championprofile": "referrals.championprofile",
}

pytestmark = [
    # Plain (not transactional) tests: each reads what the module's fixture committed, inside a
    # transaction rolled back after it. serialized_rollback makes pytest-django keep a copy of the
    # fresh test database's rows, which the fixture restores afterwards (tests/database.py).
    pytest.mark.django_db(serialized_rollback=True),
]


# Apps that arrived after the move: their migrations add content types, permissions, a group and
# page-tree rows of their own, which the move neither carries nor may lose.
LATER_APPS = {"stories", "listings"}
# Models that arrived after the move in an app that was there before it (app label, model).
LATER_MODELS = {("activities", "searchsynonym"), ("referrals", "digestsent")}
# Fields of moved rows that a later migration took away (and where their values went).
LATER_REMOVED_FIELDS = {
    # referrals 0005_digest_sent: the last digest's date became a DigestSent row.
    "partners.championprofile": {"digest_sent_on"},
}
LATER_GROUPS = {"Story moderators", "Listing moderators"}


def label_now(label: str) -> str:
    return MOVED.get(label, label)


@pytest.fixture(scope="module")
def fixture_rows() -> list[dict]:
    return json.loads(FIXTURE.read_text(encoding="utf-8"))


@pytest.fixture(scope="module", autouse=True)
def migrated(django_db_setup, django_db_blocker, fixture_rows):
    """The pre-move demo database, migrated to today's state (see the module docstring)."""
    with django_db_blocker.unblock():
        try:
            call_command("flush", interactive=False, verbosity=0, inhibit_post_migrate=True)
            MigrationExecutor(connection).migrate(BEFORE_THE_MOVE)
            load_through_historical_models(fixture_rows, applied_state().apps)
            executor = MigrationExecutor(connection)
            executor.migrate(executor.loader.graph.leaf_nodes())
            ContentType.objects.clear_cache()
            yield
        finally:
            # Whatever happened above, the rest of the run gets today's schema and a fresh database.
            executor = MigrationExecutor(connection)
            executor.migrate(executor.loader.graph.leaf_nodes())
            reset_to_migrated_state()


def applied_state():
    """The models as the migrations applied to the test database now leave them."""
    loader = MigrationExecutor(connection).loader
    # Migrations a squashed one replaced are recorded as applied but are not in the graph.
    return loader.project_state([key for key in loader.applied_migrations if key in loader.graph.nodes])


def load_through_historical_models(rows: list[dict], state_apps) -> None:
    """What loaddata does, with the models of the migration state the rows were dumped from."""
    saved_models = set()
    many_to_many = []
    with transaction.atomic(), connection.constraint_checks_disabled():
        for row in rows:
            model = state_apps.get_model(row["model"])
            instance = model(**{model._meta.pk.attname: row["pk"]})
            for name, value in row["fields"].items():
                field = model._meta.get_field(name)
                if field.many_to_many:
                    many_to_many.append((field, row["pk"], value))
                elif field.is_relation:
                    setattr(instance, field.attname, value)
                else:
                    setattr(instance, field.attname, field.to_python(value))
            # Raw, as loaddata saves: only this model's own table, and no save() logic.
            instance.save_base(raw=True)
            saved_models.add(model)
        for field, pk, targets in many_to_many:
            through = field.remote_field.through
            through.objects.bulk_create(
                [
                    through(
                        **{f"{field.m2m_field_name()}_id": pk, f"{field.m2m_reverse_field_name()}_id": target}
                    )
                    for target in targets
                ]
            )
            saved_models.add(through)
        connection.check_constraints()
    # Rows were inserted with their ids: move the sequences past them (PostgreSQL).
    with connection.cursor() as cursor:
        for statement in connection.ops.sequence_reset_sql(no_style(), saved_models):
            cursor.execute(statement)


def rows_of(rows: list[dict], label: str) -> list[dict]:
    return [row for row in rows if row["model"] == label]


def stored(model, row: dict) -> dict:
    """The row's fields as they would be stored, keyed as the database's columns."""
    values = {}
    for name, value in row["fields"].items():
        if name in LATER_REMOVED_FIELDS.get(row["model"], ()):
            continue
        field = model._meta.get_field(name)
        if field.many_to_many:
            continue
        values[field.attname] = value if field.is_relation else field.to_python(value)
    return values


# -- the rows ----------------------------------------------------------------------------


def test_the_fixture_holds_every_kind_of_row_the_move_must_carry(fixture_rows):
    counts = Counter(row["model"] for row in fixture_rows)
    assert {label: counts[label] for label in MOVED} == {
        "activities.referral": 100,
        "activities.referralstatuschange": 304,
        "activities.consentrecord": 171,
        "activities.retentionrun": 1,
        "activities.participant": 75,
        "activities.attendance": 424,
        "activities.wellbeingcheckin": 150,
        "partners.championprofile": 2,
    }


@pytest.mark.parametrize("old_label", sorted(MOVED))
def test_every_moved_row_is_there_with_the_same_id_fields_and_foreign_keys(fixture_rows, old_label):
    model = apps.get_model(MOVED[old_label])
    expected = {row["pk"]: stored(model, row) for row in rows_of(fixture_rows, old_label)}

    found = {values.pop("id"): values for values in model._base_manager.values(*model_columns(model))}

    assert found.keys() == expected.keys()
    for pk, values in expected.items():
        assert {column: found[pk][column] for column in values} == values, f"{old_label} {pk}"


def model_columns(model) -> list[str]:
    return [field.attname for field in model._meta.concrete_fields]


def test_the_tables_carry_the_referrals_prefix_and_the_old_ones_are_gone():
    tables = set(connection.introspection.table_names())
    for new_label in MOVED.values():
        assert apps.get_model(new_label)._meta.db_table in tables
    for old_label in MOVED:
        app_label, model_name = old_label.split(".")
        assert f"{app_label}_{model_name}" not in tables


def test_every_other_row_of_the_old_database_is_still_there(fixture_rows):
    expected = defaultdict(set)
    for row in fixture_rows:
        expected[label_now(row["model"])].add(row["pk"])

    found = {
        label: set(apps.get_model(label)._base_manager.filter(pk__in=pks).values_list("pk", flat=True))
        for label, pks in expected.items()
    }

    assert found == dict(expected)
    # Anything more is what later apps' migrations made, never a copy of a moved row.
    for label, pks in expected.items():
        if label.split(".")[0] == "referrals":
            assert apps.get_model(label)._base_manager.count() == len(pks), label


# -- content types and permissions -------------------------------------------------------


def test_each_content_type_keeps_its_id_and_the_moved_ones_are_now_the_referrals_apps(fixture_rows):
    expected = {
        row["pk"]: tuple(label_now(f"{row['fields']['app_label']}.{row['fields']['model']}").split("."))
        for row in rows_of(fixture_rows, "contenttypes.contenttype")
    }

    found = {
        pk: (app_label, model)
        for pk, app_label, model in ContentType.objects.values_list("pk", "app_label", "model")
        if app_label not in LATER_APPS and (app_label, model) not in LATER_MODELS
    }

    assert found == expected
    assert ContentType.objects.get_for_model(Referral).pk == content_type_id(
        fixture_rows, "activities.referral"
    )
    assert ContentType.objects.get_for_model(ChampionProfile).pk == content_type_id(
        fixture_rows, "partners.championprofile"
    )


def content_type_id(rows: list[dict], label: str) -> int:
    app_label, model = label.split(".")
    [row] = [
        row
        for row in rows_of(rows, "contenttypes.contenttype")
        if (row["fields"]["app_label"], row["fields"]["model"]) == (app_label, model)
    ]
    return row["pk"]


def test_the_next_migrate_adds_no_content_type_or_permission():
    """What `migrate` does after the last migration (post_migrate) finds nothing missing: the moved
    content types and their permissions are the ones Django expects for the referrals app."""
    content_types, permissions = (
        set(ContentType.objects.values_list("pk", flat=True)),
        Permission.objects.count(),
    )

    for app_config in apps.get_app_configs():
        create_contenttypes(app_config, verbosity=0)
        create_permissions(app_config, verbosity=0)

    # A model added after the move gets its content type and permissions here, as on any migrate.
    added = ContentType.objects.exclude(pk__in=content_types)
    assert {(added_type.app_label, added_type.model) for added_type in added} <= LATER_MODELS
    assert Permission.objects.exclude(content_type__in=added).count() == permissions


def test_every_permission_keeps_its_id_codename_and_model(fixture_rows):
    labels = {
        row["pk"]: label_now(f"{row['fields']['app_label']}.{row['fields']['model']}")
        for row in rows_of(fixture_rows, "contenttypes.contenttype")
    }
    expected = {
        row["pk"]: (labels[row["fields"]["content_type"]], row["fields"]["codename"], row["fields"]["name"])
        for row in rows_of(fixture_rows, "auth.permission")
    }

    found = {
        permission.pk: (
            f"{permission.content_type.app_label}.{permission.content_type.model}",
            permission.codename,
            permission.name,
        )
        for permission in Permission.objects.select_related("content_type").exclude(
            content_type__app_label__in=LATER_APPS
        )
        if (permission.content_type.app_label, permission.content_type.model) not in LATER_MODELS
    }

    assert found == expected


def permission_labels(rows: list[dict]) -> dict[int, str]:
    """Each permission's id and its label as has_perm() asks for it, the moved ones now under referrals."""
    content_types = {
        row["pk"]: label_now(f"{row['fields']['app_label']}.{row['fields']['model']}").split(".")[0]
        for row in rows_of(rows, "contenttypes.contenttype")
    }
    return {
        row["pk"]: f"{content_types[row['fields']['content_type']]}.{row['fields']['codename']}"
        for row in rows_of(rows, "auth.permission")
    }


def test_every_group_and_person_holds_the_same_permissions_now_under_referrals(fixture_rows):
    labels = permission_labels(fixture_rows)
    expected = defaultdict(set)
    for row in rows_of(fixture_rows, "auth.group"):
        expected[("group", row["fields"]["name"])] = {labels[pk] for pk in row["fields"]["permissions"]}
    for row in rows_of(fixture_rows, "auth.user"):
        if row["fields"]["user_permissions"]:
            expected[("user", row["fields"]["username"])] = {
                labels[pk] for pk in row["fields"]["user_permissions"]
            }

    found = {}
    for group in Group.objects.exclude(name__in=LATER_GROUPS).prefetch_related("permissions__content_type"):
        found[("group", group.name)] = {
            f"{p.content_type.app_label}.{p.codename}" for p in group.permissions.all()
        }
    for user in get_user_model().objects.filter(user_permissions__isnull=False).distinct():
        found[("user", user.username)] = {
            f"{p.content_type.app_label}.{p.codename}"
            for p in user.user_permissions.select_related("content_type")
        }

    assert found == dict(expected)
    assert {
        "referrals.view_referral",
        "referrals.change_referral",
        "referrals.change_championprofile",
    } <= found[("group", "Referral oversight")]


def test_people_given_referral_permissions_before_the_move_still_have_them():
    User = get_user_model()
    officer, dpo = User.objects.get(username="oversight"), User.objects.get(username="dpo")

    assert officer.has_perms(
        ["referrals.view_referral", "referrals.change_referral", "referrals.view_championprofile"]
    )
    assert policy.is_staff_viewer(officer)
    assert policy.can_export_subject_access(officer)
    assert dpo.has_perms(["referrals.change_referral", "referrals.add_championprofile", "partners.view_vote"])
    assert not dpo.has_perm("referrals.view_referral")


# -- the audit trail and the reference index ---------------------------------------------


def test_every_audit_entry_keeps_its_record_action_and_data(fixture_rows):
    rows = rows_of(fixture_rows, "wagtailcore.modellogentry")
    expected = {row["pk"]: stored(ModelLogEntry, row) for row in rows}

    found = {
        values.pop("id"): values for values in ModelLogEntry.objects.values(*model_columns(ModelLogEntry))
    }

    assert found.keys() == expected.keys()
    for pk, values in expected.items():
        assert {column: found[pk][column] for column in values} == values, pk
    actions = Counter(row["fields"]["action"] for row in rows)
    assert actions["activities.referral_sent"] == 100
    assert actions["activities.retention_run"] == 1


def test_the_audit_entries_of_a_moved_record_are_found_from_the_record():
    referral = Referral.objects.filter(status=Referral.Status.JOINED).order_by("pk").first()
    champion = ChampionProfile.objects.order_by("pk").first()
    run = RetentionRun.objects.get()

    assert [entry.action for entry in ModelLogEntry.objects.for_instance(referral).order_by("pk")][0] == (
        "activities.referral_sent"
    )
    assert "activities.referral_status_changed" in {
        e.action for e in ModelLogEntry.objects.for_instance(referral)
    }
    assert [entry.action for entry in ModelLogEntry.objects.for_instance(champion)] == ["wagtail.edit"]
    assert [entry.action for entry in ModelLogEntry.objects.for_instance(run)] == ["activities.retention_run"]
    participant = referral.participant
    assert [entry.action for entry in ModelLogEntry.objects.for_instance(participant)] == [
        "activities.participant_created"
    ]


def test_the_django_admin_log_entry_still_points_at_its_referral(fixture_rows):
    [row] = rows_of(fixture_rows, "admin.logentry")

    entry = LogEntry.objects.get(pk=row["pk"])

    assert entry.get_edited_object() == Referral.objects.get(pk=int(row["fields"]["object_id"]))


def test_every_reference_index_row_is_kept_and_the_champions_are_found_from_their_profile(fixture_rows):
    rows = rows_of(fixture_rows, "wagtailcore.referenceindex")
    expected = {row["pk"]: stored(ReferenceIndex, row) for row in rows}

    found = {
        values.pop("id"): values for values in ReferenceIndex.objects.values(*model_columns(ReferenceIndex))
    }

    assert found.keys() == expected.keys()
    for pk, values in expected.items():
        assert {column: found[pk][column] for column in values} == values, pk
    for profile in ChampionProfile.objects.select_related("locality"):
        references = ReferenceIndex.get_references_for_object(profile)
        assert [(r.to_content_type.model, r.to_object_id) for r in references] == [
            ("locality", str(profile.locality_id))
        ]


# -- the site works on the moved rows ----------------------------------------------------


def test_a_new_referral_and_a_retention_run_are_stored_after_the_old_ones():
    """New rows go into the renamed tables under new ids (the tables' sequences came with them)."""
    activity = Referral.objects.order_by("pk").first().activity
    champion = ChampionProfile.objects.order_by("pk").first().user
    last_referral, last_run = Referral.objects.order_by("pk").last().pk, RetentionRun.objects.get().pk

    referral = services.create_referral(
        activity=ActivityPage.objects.get(pk=activity.pk),
        details={
            "preferred_name": "Robin",
            "contact_method": Referral.ContactMethod.EMAIL,
            "email": "robin@example.net",
        },
        consent_version=consent.current_version(consent.Purpose.REFERRAL_CONTACT),
        champion=champion,
    )
    outcome = retention.run(days=3650, user=champion)

    assert referral.pk > last_referral
    assert referral.consents.get().wording_version == "2026-11"
    assert RetentionRun.objects.order_by("pk").last().pk > last_run
    assert outcome.retention_days == 3650


def test_subject_access_finds_a_participant_of_before_the_move_with_their_answers():
    officer = get_user_model().objects.get(username="oversight")
    participant = (
        Participant.objects.filter(check_ins__status="answered", referral__anonymised_at__isnull=True)
        .order_by("pk")
        .first()
    )

    [exported] = subject_access.export(user=officer, text=participant.code)["referrals"]

    assert exported["reference"] == str(participant.referral.public_id)
    answered = [c for c in exported["participant"]["wellbeing_check_ins"] if c["status"] == "Answered"]
    assert answered and all(len(check_in["answers"]) == 7 and check_in["raw_score"] for check_in in answered)
    assert datetime.date.fromisoformat(exported["participant"]["joined_on"]) == participant.joined_on
