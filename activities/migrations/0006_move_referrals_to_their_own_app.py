# Referrals, participants, attendance, consent, retention runs and wellbeing check-ins move to the
# referrals app (activities.referrals). Their rows stay where they are: each table is renamed to
# the referrals_ prefix, and the models leave this app's state. referrals.0001_initial takes them
# into that app's state and moves their content types, so permissions and audit entries follow.

from django.db import migrations

TABLES = {
    "referral": "referrals_referral",
    "referralstatuschange": "referrals_referralstatuschange",
    "consentrecord": "referrals_consentrecord",
    "retentionrun": "referrals_retentionrun",
    "participant": "referrals_participant",
    "attendance": "referrals_attendance",
    "wellbeingcheckin": "referrals_wellbeingcheckin",
}


class Migration(migrations.Migration):

    dependencies = [
        ("activities", "0005_referrals_participants_wellbeing"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            database_operations=[
                migrations.AlterModelTable(name=model, table=table) for model, table in TABLES.items()
            ],
            # Models that refer to others go first.
            state_operations=[
                migrations.DeleteModel(name="Attendance"),
                migrations.DeleteModel(name="ConsentRecord"),
                migrations.DeleteModel(name="WellbeingCheckIn"),
                migrations.DeleteModel(name="Participant"),
                migrations.DeleteModel(name="ReferralStatusChange"),
                migrations.DeleteModel(name="RetentionRun"),
                migrations.DeleteModel(name="Referral"),
            ],
        ),
    ]
