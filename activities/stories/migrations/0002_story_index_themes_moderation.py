"""A fresh database can take stories: /stories/ under the home page, the themes, the "Story
moderators" group with what it needs, a collection for story media, and the "Story moderation"
workflow (one StoryModerationTask for that group) on the story index page."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

THEMES = [
    ("confidence", "Confidence", "Feeling more able to try things, speak up or go out."),
    ("connection", "Connection", "Meeting people, making friends, feeling part of something."),
    ("purpose", "Purpose", "Having something to look forward to and a reason to get up."),
    ("skills", "Skills", "Learning something new or getting better at it."),
    ("being-active", "Being active", "Moving more, getting outside, feeling fitter."),
    ("creativity", "Creativity", "Making, writing, singing or playing something of their own."),
    ("calm", "Calm", "Feeling more relaxed, less anxious or better able to cope."),
]
GROUP = "Story moderators"


def create(apps, schema_editor):
    ContentType = apps.get_model("contenttypes.ContentType")
    Page = apps.get_model("wagtailcore.Page")
    StoryIndexPage = apps.get_model("stories.StoryIndexPage")
    Theme = apps.get_model("stories.Theme")
    Group = apps.get_model("auth.Group")
    Permission = apps.get_model("auth.Permission")
    GroupPagePermission = apps.get_model("wagtailcore.GroupPagePermission")
    Collection = apps.get_model("wagtailcore.Collection")
    Workflow = apps.get_model("wagtailcore.Workflow")
    WorkflowTask = apps.get_model("wagtailcore.WorkflowTask")
    WorkflowPage = apps.get_model("wagtailcore.WorkflowPage")
    StoryModerationTask = apps.get_model("stories.StoryModerationTask")

    for slug, name, description in THEMES:
        Theme.objects.get_or_create(slug=slug, defaults={"name": name, "description": description})

    home = Page.objects.filter(depth=2, content_type__app_label="home", content_type__model="homepage").first()
    if home is None:
        return
    index = StoryIndexPage.objects.first()
    if index is None:
        last = Page.objects.filter(path__startswith=home.path, depth=home.depth + 1).order_by("-path").first()
        step = int(last.path[-4:], 36) + 1 if last else 1
        path = home.path + _base36(step)
        slug = "stories"
        index = StoryIndexPage.objects.create(
            title="Stories",
            draft_title="Stories",
            slug=slug,
            content_type=ContentType.objects.get_or_create(app_label="stories", model="storyindexpage")[0],
            path=path,
            depth=home.depth + 1,
            numchild=0,
            url_path=f"{home.url_path}{slug}/",
            locale_id=home.locale_id,
            live=True,
            intro="People who take part in Creative Minds activities tell us, in their own words, what it has meant to them.",
        )
        Page.objects.filter(pk=home.pk).update(numchild=Page.objects.filter(path__startswith=home.path, depth=home.depth + 1).count())

    # Django makes an app's permissions after all migrations; the group needs them now.
    config = apps.get_app_config("stories")
    config.models_module = True  # the historical app config has none; create_permissions asks for one
    create_permissions(config, apps=apps, verbosity=0)
    config.models_module = None
    group, _ = Group.objects.get_or_create(name=GROUP)
    wanted = [("wagtailadmin", "admin", "access_admin")]
    wanted += [("stories", model, f"{verb}_{model}") for model in ("storypage", "theme", "reporterprofile") for verb in ("add", "change", "view")]
    for app_label, model, codename in wanted:
        permission = Permission.objects.filter(content_type__app_label=app_label, codename=codename).first()
        if permission is not None:
            group.permissions.add(permission)
    for codename in ("add_page", "change_page", "publish_page"):
        permission = Permission.objects.filter(content_type__app_label="wagtailcore", codename=codename).first()
        if permission is not None:
            GroupPagePermission.objects.get_or_create(group=group, page_id=index.pk, permission=permission)

    root = Collection.objects.filter(depth=1).order_by("path").first()
    if root is not None and not Collection.objects.filter(name="Story media", depth=2).exists():
        last = Collection.objects.filter(depth=2).order_by("-path").first()
        step = int(last.path[-4:], 36) + 1 if last else 1
        Collection.objects.create(name="Story media", path=root.path + _base36(step), depth=2, numchild=0)
        Collection.objects.filter(pk=root.pk).update(numchild=Collection.objects.filter(depth=2).count())

    if not Workflow.objects.filter(name="Story moderation").exists():
        task = StoryModerationTask.objects.create(
            name="Story moderation",
            active=True,
            content_type=ContentType.objects.get_or_create(app_label="stories", model="storymoderationtask")[0],
        )
        task.groups.add(group)
        workflow = Workflow.objects.create(name="Story moderation", active=True)
        WorkflowTask.objects.create(workflow=workflow, task=task, sort_order=0)
        WorkflowPage.objects.update_or_create(page_id=index.pk, defaults={"workflow": workflow})


def _base36(number: int) -> str:
    digits = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ"
    out = ""
    while number:
        number, rest = divmod(number, 36)
        out = digits[rest] + out
    return out.rjust(4, "0")


class Migration(migrations.Migration):
    dependencies = [
        ("stories", "0001_initial"),
        ("home", "0004_content_pages"),
        ("wagtailadmin", "0001_create_admin_access_permissions"),
        ("wagtailcore", "0098_apitoken"),
    ]
    operations = [migrations.RunPython(create, migrations.RunPython.noop)]
