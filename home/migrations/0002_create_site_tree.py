"""A fresh database is a working site: home, the activity search, the partner directory and
the content pages every public-sector site needs."""

import json

from django.db import migrations

HOME_INTRO = (
    "Creative Minds links people who use mental health services with creative, sport and "
    "leisure activities in Barnsley, Calderdale, Kirklees and Wakefield. Everyone is welcome."
)

STANDARD_PAGES = [
    (
        "about",
        "About Creative Minds",
        "We are a charity of South West Yorkshire Partnership NHS Foundation Trust.",
        "Creative Minds works with more than 120 community partners, from football clubs to "
        "choirs and allotments, so that people who use health services can take part in "
        "activities alongside everyone else. You do not need a referral for most activities.",
    ),
    (
        "accessibility-statement",
        "Accessibility statement",
        "How accessible this website is and how to tell us about a problem.",
        "We want as many people as possible to be able to use this website. It is built to meet "
        "the Web Content Accessibility Guidelines version 2.2 at level AA. Every page works "
        "without JavaScript. If you find a problem, please contact us and we will reply within "
        "5 working days.",
    ),
    (
        "privacy",
        "Privacy notice",
        "What information we keep about you, and why.",
        "When you search for activities we do not keep your postcode. We only use it to show "
        "activities near you.",
    ),
]


def create_tree(apps, schema_editor):
    ContentType = apps.get_model("contenttypes.ContentType")
    Page = apps.get_model("wagtailcore.Page")
    Site = apps.get_model("wagtailcore.Site")
    Locale = apps.get_model("wagtailcore.Locale")
    locale = Locale.objects.order_by("pk").first()

    Page.objects.filter(content_type__app_label="wagtailcore", content_type__model="page", depth=2).delete()

    def content_type(app_label, model):
        return ContentType.objects.get_or_create(app_label=app_label, model=model)[0]

    def create(model, app_label, path, depth, url_path, slug, title, **fields):
        return apps.get_model(app_label, model).objects.create(
            title=title,
            draft_title=title,
            slug=slug,
            content_type=content_type(app_label, model.lower()),
            path=path,
            depth=depth,
            numchild=0,
            url_path=url_path,
            locale=locale,
            live=True,
            **fields,
        )

    home = create(
        "HomePage", "home", "00010001", 2, "/home/", "home", "Creative Minds",
        heading="Find something to do near you", intro=HOME_INTRO,
    )
    children = [
        ("ActivityIndexPage", "activities", "activities", "Find an activity", {}),
        ("PartnerIndexPage", "partners", "partners", "Our partners", {}),
    ]
    for model, app_label, slug, title, fields in children:
        home.numchild += 1
        create(model, app_label, f"{home.path}{home.numchild:04d}", 3, f"/home/{slug}/", slug, title, **fields)
    for slug, title, summary, text in STANDARD_PAGES:
        home.numchild += 1
        create(
            "StandardPage", "home", f"{home.path}{home.numchild:04d}", 3, f"/home/{slug}/", slug, title,
            summary=summary, body=json.dumps([{"type": "paragraph", "value": f"<p>{text}</p>"}]),
        )
    home.save(update_fields=["numchild"])

    Site.objects.all().delete()
    Site.objects.create(hostname="localhost", root_page_id=home.pk, is_default_site=True, site_name="Creative Minds")


class Migration(migrations.Migration):
    dependencies = [
        ("home", "0001_initial"),
        ("activities", "0003_create_categories"),
        ("partners", "0002_create_localities"),
        ("wagtailcore", "0001_initial"),
    ]
    operations = [migrations.RunPython(create_tree, migrations.RunPython.noop)]
