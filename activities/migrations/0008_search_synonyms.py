# Search synonyms (activities.models.SearchSynonym), and a starting list for staff to edit: the words
# people type into the search, and what each should also find. The list is frozen here, as the
# categories are in 0003; editors change it in the admin (Directory → Search synonyms).

import django.db.models.functions.text
from django.contrib.auth.management import create_permissions
from django.db import migrations, models

SYNONYMS = [
    ("anxiety", "peer support, wellbeing, mindfulness, relaxation, calm"),
    ("anxious", "peer support, wellbeing, mindfulness, relaxation, calm"),
    ("depression", "peer support, wellbeing, mindfulness, social"),
    ("stress", "relaxation, mindfulness, wellbeing, calm"),
    ("mindfulness", "meditation, relaxation, calm, wellbeing"),
    ("meditation", "mindfulness, relaxation, calm"),
    ("lonely", "social, friendship, peer support, coffee morning, chat"),
    ("loneliness", "social, friendship, peer support, coffee morning, chat"),
    ("isolated", "social, friendship, peer support, coffee morning"),
    ("confidence", "peer support, wellbeing, social, self-esteem"),
    ("bereavement", "grief, loss, peer support"),
    ("knitting", "crafts, yarn, crochet, sewing, needlework"),
    ("crochet", "yarn, knitting, crafts"),
    ("sewing", "needlework, textiles, quilting, crafts"),
    ("men's group", "men's shed, men's health, men only"),
    ("women's group", "women only, ladies"),
    ("dementia", "memory, dementia-friendly, reminiscence, memory cafe"),
    ("memory", "reminiscence, heritage, dementia-friendly"),
    ("history", "heritage, museum, reminiscence"),
    ("walking football", "walking sport, walking netball, slow football"),
    ("football", "team sport, soccer, futsal"),
    ("coffee morning", "cuppa, social, chat, tea, cafe"),
    ("social", "chat, cuppa, friendship, coffee morning"),
    ("games", "board games, quiz, cards, social"),
    ("yoga", "stretch, gentle exercise, tai chi, pilates"),
    ("exercise", "fitness, gym, keep fit, yoga, walking, dance"),
    ("gym", "fitness, exercise, workout"),
    ("deaf", "british sign language, bsl, hearing loop"),
    ("autism", "autistic, neurodivergent, sensory friendly, quiet space"),
    ("choir", "singing, sing, singers, vocal"),
    ("music", "singing, choir, band, guitar, drumming, ukulele"),
    ("art", "painting, drawing, sketching, crafts"),
    ("painting", "art, watercolour, drawing"),
    ("pottery", "ceramics, clay"),
    ("woodwork", "carpentry, joinery, men's shed"),
    ("drama", "theatre, acting, performance"),
    ("dance", "dancing, zumba, ballroom, movement"),
    ("writing", "creative writing, poetry, stories, journaling"),
    ("photography", "photos, camera, film"),
    ("outdoors", "nature, gardening, walking, climbing, conservation"),
    ("nature", "gardening, outdoors, walking, conservation, wildlife"),
    ("gardening", "allotment, growing, garden, horticulture, nature"),
    ("climbing", "bouldering, climbing wall"),
    ("walking", "rambling, hiking, stroll"),
    ("swimming", "swim, pool, aqua"),
    ("cycling", "bike, bicycle, cycle"),
    ("cooking", "baking, food, kitchen, recipes"),
    ("baking", "cooking, cakes"),
    ("learning", "courses, classes, skills, workshop"),
    ("young people", "youth, teenagers, young adults"),
    ("older people", "over 50s, over 60s, later life, seniors"),
    ("carers", "caring, supporters, families"),
    ("veterans", "armed forces, ex-forces, military"),
]


def create(apps, schema_editor):
    SearchSynonym = apps.get_model("activities", "SearchSynonym")
    for phrase, also_matches in SYNONYMS:
        if not SearchSynonym.objects.filter(phrase__iexact=phrase).exists():
            SearchSynonym.objects.create(phrase=phrase, also_matches=also_matches)
    # Django makes a new model's permissions after all migrations; make them now, as stories 0002
    # does, so a database migrated step by step has them and a later migration can grant them.
    config = apps.get_app_config("activities")
    config.models_module = True  # the historical app config has none; create_permissions asks for one
    create_permissions(config, apps=apps, verbosity=0)
    config.models_module = None


class Migration(migrations.Migration):

    dependencies = [
        ('activities', '0007_activitypage_audience_group_kind'),
    ]

    operations = [
        migrations.CreateModel(
            name='SearchSynonym',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('phrase', models.CharField(help_text='A word or short phrase people type into the search, for example: knitting.', max_length=60)),
                ('also_matches', models.CharField(help_text='Other words or phrases a search for it should also find, separated by commas. For example: crafts, yarn, crochet. A phrase of several words finds an activity that has all of them.', max_length=600)),
            ],
            options={
                'ordering': ['phrase'],
                'constraints': [models.UniqueConstraint(django.db.models.functions.text.Lower('phrase'), name='activities_searchsynonym_phrase_unique', violation_error_message='There is already an entry for this phrase. Change that one instead.')],
            },
        ),
        migrations.RunPython(create, migrations.RunPython.noop),
    ]
