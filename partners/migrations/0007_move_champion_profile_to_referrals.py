# ChampionProfile moves to the referrals app (activities.referrals). Its rows stay where they are:
# the table is renamed to referrals_championprofile and the model leaves this app's state.
# referrals.0001_initial takes it into that app's state and moves its content type, so
# permissions and audit entries follow.

from django.db import migrations


class Migration(migrations.Migration):

    dependencies = [
        ("partners", "0006_champion_digest_sent_on"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            database_operations=[
                migrations.AlterModelTable(name="championprofile", table="referrals_championprofile"),
            ],
            state_operations=[
                migrations.DeleteModel(name="ChampionProfile"),
            ],
        ),
    ]
