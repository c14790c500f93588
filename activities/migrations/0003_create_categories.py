from django.db import migrations

CATEGORIES = [
    ("Arts", "arts", "Painting, drawing and other visual arts."),
    ("Crafts", "crafts", "Making things: knitting, pottery, woodwork and more."),
    ("Music", "music", "Playing, making or listening to music."),
    ("Singing", "singing", "Choirs and singing groups. No experience needed."),
    ("Drama", "drama", "Acting, theatre and storytelling."),
    ("Dance", "dance", "Moving to music, from gentle to lively."),
    ("Creative writing", "creative-writing", "Poetry, stories and writing for wellbeing."),
    ("Photography and film", "photography-and-film", "Taking photos and making films."),
    ("Gardening and nature", "gardening-and-nature", "Allotments, growing and time in nature."),
    ("Walking", "walking", "Walking groups at a friendly pace."),
    ("Climbing and outdoor", "climbing-and-outdoor", "Climbing walls and outdoor adventure."),
    ("Football and team sport", "football-and-team-sport", "Football, cricket and other team games."),
    ("Fitness", "fitness", "Gym, exercise classes and getting active."),
    ("Swimming", "swimming", "Swimming sessions and water activities."),
    ("Cycling", "cycling", "Bike rides and cycling skills."),
    ("Heritage and memory", "heritage-and-memory", "Local history, museums and reminiscence."),
    ("Cooking", "cooking", "Cooking and eating together."),
    ("Peer support", "peer-support", "Groups run by people who have been there too."),
    ("Learning", "learning", "Courses and new skills."),
    ("Games and social", "games-and-social", "Board games, quizzes and chat over a cuppa."),
]


def create(apps, schema_editor):
    Category = apps.get_model("activities", "Category")
    for name, slug, description in CATEGORIES:
        Category.objects.update_or_create(slug=slug, defaults={"name": name, "description": description})


class Migration(migrations.Migration):
    dependencies = [("activities", "0002_initial")]
    operations = [migrations.RunPython(create, migrations.RunPython.noop)]
