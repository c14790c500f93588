from django.db import migrations

LOCALITIES = [
    ("Barnsley", "barnsley", "E08000038", "Barnsley, Penistone, Hoyland, Wombwell, Cudworth",
     "Activities across Barnsley town and the villages of the Dearne and Penistone."),
    ("Calderdale", "calderdale", "E08000033", "Halifax, Brighouse, Elland, Hebden Bridge, Todmorden, Sowerby Bridge",
     "From Halifax to the upper Calder Valley."),
    ("Kirklees", "kirklees", "E08000034", "Huddersfield, Dewsbury, Batley, Holmfirth, Mirfield, Cleckheaton",
     "Huddersfield, Dewsbury and the Colne and Holme valleys."),
    ("Wakefield", "wakefield", "E08000036", "Wakefield, Castleford, Pontefract, Ossett, Normanton, Featherstone",
     "Wakefield city and the five towns."),
]


def create(apps, schema_editor):
    Locality = apps.get_model("partners", "Locality")
    for name, slug, code, towns, summary in LOCALITIES:
        Locality.objects.update_or_create(
            slug=slug, defaults={"name": name, "local_authority_code": code, "towns": towns, "summary": summary}
        )


class Migration(migrations.Migration):
    dependencies = [("partners", "0001_initial")]
    operations = [migrations.RunPython(create, migrations.RunPython.noop)]
