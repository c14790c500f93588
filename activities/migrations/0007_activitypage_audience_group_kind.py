"""The structured "which group" of an activity for a particular group, filled from the free text.

Editors wrote the group in words ("people living with dementia and their carers"); the search's
"Who it is for" filter needs one of a fixed list. The words stay (the page shows them); the
group is read from them by keywords, first match wins, so "dementia carers" is the dementia
group rather than carers. A group nobody can place is "other", for an editor to check.
"""

import re

from django.db import migrations, models

# In order: the more particular groups first. Whole words only ("men" is not in "women").
KEYWORDS = (
    ("dementia", ("dementia", "memory", "memories", "alzheimer")),
    ("learning_disability", ("learning disability", "learning disabilities", "learning difficulties")),
    ("veterans", ("veteran", "veterans", "armed forces", "ex-service", "ex-forces")),
    ("lgbtq", ("lgbt", "lgbtq", "lgbtq+", "gay", "lesbian", "bisexual", "trans", "queer")),
    ("families", ("family", "families", "parent", "parents", "mums", "dads")),
    ("carers", ("carer", "carers", "caring")),
    ("young_people", ("young", "youth", "teenagers", "teens", "students")),
    ("older_people", ("older", "over 50s", "over 60s", "over 65s", "retired", "seniors")),
    ("women", ("women", "woman", "ladies", "female", "girls")),
    ("men", ("men", "man", "male", "gents", "blokes", "lads")),
)


def kind_for(text: str) -> str:
    """The group the words name, by the first keyword found; "other" when none is."""
    lowered = (text or "").casefold()
    for kind, keywords in KEYWORDS:
        if any(re.search(rf"(?<![\w-]){re.escape(keyword)}(?![\w-])", lowered) for keyword in keywords):
            return kind
    return "other"


def fill_kinds(apps, schema_editor):
    ActivityPage = apps.get_model("activities", "ActivityPage")
    changed = []
    for page in ActivityPage.objects.exclude(audience_group="").only("pk", "audience", "audience_group"):
        page.audience_group_kind = kind_for(page.audience_group)
        changed.append(page)
    for page in ActivityPage.objects.filter(audience="group", audience_group="").only("pk"):
        page.audience_group_kind = "other"
        changed.append(page)
    ActivityPage.objects.bulk_update(changed, ["audience_group_kind"], batch_size=500)


class Migration(migrations.Migration):
    dependencies = [("activities", "0006_move_referrals_to_their_own_app")]

    operations = [
        migrations.AddField(
            model_name="activitypage",
            name="audience_group_kind",
            field=models.CharField(
                blank=True,
                choices=[
                    ("dementia", "People living with dementia and their carers"),
                    ("carers", "Carers"),
                    ("men", "Men"),
                    ("women", "Women"),
                    ("young_people", "Young people"),
                    ("older_people", "Older people"),
                    ("veterans", "Veterans (people who served in the armed forces)"),
                    ("lgbtq", "LGBTQ+ people"),
                    ("learning_disability", "People with a learning disability"),
                    ("families", "Families"),
                    ("other", "Another group (say who below)"),
                ],
                help_text=(
                    "If for a particular group, which one. The search's \"Who it is for\" filter uses "
                    "this; the words below are what the activity page shows."
                ),
                max_length=20,
                verbose_name="Group",
            ),
        ),
        migrations.RunPython(fill_kinds, migrations.RunPython.noop),
    ]
