from django.db import migrations


def create(apps, schema_editor):
    Locality = apps.get_model("partners", "Locality")
    Collective = apps.get_model("partners", "Collective")
    for locality in Locality.objects.all():
        Collective.objects.get_or_create(
            locality=locality,
            defaults={
                "name": f"{locality.name} Creative Minds Collective",
                "description": (
                    "People with lived experience, carers, trust staff and community "
                    f"representatives who decide together how match funding is spent in {locality.name}."
                ),
            },
        )


class Migration(migrations.Migration):
    dependencies = [("partners", "0003_collectives_and_funding")]
    operations = [migrations.RunPython(create, migrations.RunPython.noop)]
