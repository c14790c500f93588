"""The weekly digest's record moves from a date on the champion's profile to a row per digest queued,
unique per champion and week (DigestSent). Each profile's last date becomes a row, so a digest
already sent this week is not sent again the day this is deployed."""

import datetime

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models
from django.utils import timezone


def keep_last_digest(apps, schema_editor):
    ChampionProfile = apps.get_model("referrals", "ChampionProfile")
    DigestSent = apps.get_model("referrals", "DigestSent")
    rows = []
    for user_id, sent_on in ChampionProfile.objects.exclude(digest_sent_on=None).values_list(
        "user_id", "digest_sent_on"
    ):
        # Only the day was kept: the end of that day is the latest the digest could have covered.
        period_end = timezone.make_aware(datetime.datetime.combine(sent_on, datetime.time.max))
        rows.append(
            DigestSent(
                champion_id=user_id,
                week=sent_on - datetime.timedelta(days=sent_on.weekday()),
                period_start=period_end - datetime.timedelta(days=7),
                period_end=period_end,
            )
        )
    DigestSent.objects.bulk_create(rows)


class Migration(migrations.Migration):
    dependencies = [
        ("referrals", "0004_consent_given_on_questionnaire"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name="DigestSent",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("week", models.DateField(help_text="The Monday of the week it was sent in.")),
                ("period_start", models.DateTimeField(help_text="The digest reports what happened from here...")),
                ("period_end", models.DateTimeField(help_text="... to here: when it was queued.")),
                (
                    "champion",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="digests_sent",
                        to=settings.AUTH_USER_MODEL,
                    ),
                ),
            ],
            options={
                "ordering": ["-period_end"],
                "constraints": [
                    models.UniqueConstraint(fields=("champion", "week"), name="one_digest_per_champion_per_week")
                ],
            },
        ),
        migrations.RunPython(keep_last_digest, migrations.RunPython.noop),
        migrations.RemoveField(model_name="championprofile", name="digest_sent_on"),
    ]
