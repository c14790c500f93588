"""Every change to an activity or partner page goes through staff review: the "Listing moderators"
group with what it needs, and the "Listing review" workflow (one ListingModerationTask for that
group and Wagtail's Moderators) on the activity index and the partner index, so that every page
below them is reviewed.

Running it again changes nothing; reversing it removes the group, the workflow and its task. A
database without the index pages (a site tree not made yet) gets the group and the workflow, and no
page permissions or assignment.
"""

from django.contrib.auth.management import create_permissions
from django.contrib.contenttypes.management import create_contenttypes
from django.db import migrations

GROUP = "Listing moderators"
WAGTAIL_MODERATORS = "Moderators"
WORKFLOW = "Listing review"
TASK = "Listing review"
INDEXES = [("activities", "ActivityIndexPage"), ("partners", "PartnerIndexPage")]
GROUP_PERMISSIONS = [
    ("wagtailadmin", "admin", "access_admin"),
    ("listings", "problemreport", "manage_any_listing"),
    ("listings", "problemreport", "view_problemreport"),
    ("listings", "problemreport", "change_problemreport"),
    ("listings", "partnerrequest", "view_partnerrequest"),
    ("listings", "partnerrequest", "change_partnerrequest"),
]
PAGE_PERMISSIONS = ("add_page", "change_page", "publish_page")


def create_listings_content_types_and_permissions(apps):
    """Django makes an app's content types and permissions after all migrations (post_migrate); the
    group needs them now, and a migration that makes them leaves post_migrate nothing to add."""
    config = apps.get_app_config("listings")
    config.models_module = True  # the historical app config has none; both functions ask for one
    try:
        create_contenttypes(config, apps=apps, verbosity=0)
        create_permissions(config, apps=apps, verbosity=0)
    finally:
        config.models_module = None


def index_pages(apps) -> list:
    pages = []
    for app_label, model in INDEXES:
        page = apps.get_model(app_label, model).objects.order_by("path").first()
        if page is not None:
            pages.append(page)
    return pages


def create(apps, schema_editor):
    ContentType = apps.get_model("contenttypes.ContentType")
    Group = apps.get_model("auth.Group")
    Permission = apps.get_model("auth.Permission")
    GroupPagePermission = apps.get_model("wagtailcore.GroupPagePermission")
    Workflow = apps.get_model("wagtailcore.Workflow")
    WorkflowTask = apps.get_model("wagtailcore.WorkflowTask")
    WorkflowPage = apps.get_model("wagtailcore.WorkflowPage")
    ListingModerationTask = apps.get_model("listings.ListingModerationTask")

    create_listings_content_types_and_permissions(apps)

    group, _ = Group.objects.get_or_create(name=GROUP)
    for app_label, model, codename in GROUP_PERMISSIONS:
        permission = Permission.objects.filter(
            content_type__app_label=app_label, content_type__model=model, codename=codename
        ).first()
        if permission is not None:
            group.permissions.add(permission)

    indexes = index_pages(apps)
    for codename in PAGE_PERMISSIONS:
        permission = Permission.objects.filter(content_type__app_label="wagtailcore", codename=codename).first()
        if permission is None:
            continue
        for index in indexes:
            GroupPagePermission.objects.get_or_create(group=group, page_id=index.pk, permission=permission)

    task = ListingModerationTask.objects.filter(name=TASK).first()
    if task is None:
        task = ListingModerationTask.objects.create(
            name=TASK,
            active=True,
            content_type=ContentType.objects.get_or_create(app_label="listings", model="listingmoderationtask")[0],
        )
    task.groups.add(group, *Group.objects.filter(name=WAGTAIL_MODERATORS))

    workflow, _ = Workflow.objects.get_or_create(name=WORKFLOW, defaults={"active": True})
    WorkflowTask.objects.get_or_create(workflow=workflow, task=task, defaults={"sort_order": 0})
    for index in indexes:
        WorkflowPage.objects.update_or_create(page_id=index.pk, defaults={"workflow": workflow})


def remove(apps, schema_editor):
    # Reviews under way or done go with the workflow and its task (cascading foreign keys), as do its
    # page assignments and the group's permissions.
    apps.get_model("listings.ListingModerationTask").objects.filter(name=TASK).delete()
    apps.get_model("wagtailcore.Workflow").objects.filter(name=WORKFLOW).delete()
    apps.get_model("auth.Group").objects.filter(name=GROUP).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("listings", "0002_reports_closed_at"),
        ("activities", "0009_listing_status_and_review_cycle"),
        ("partners", "0008_partnerpage_publishes_without_review"),
        ("home", "0004_content_pages"),
        ("wagtailadmin", "0001_create_admin_access_permissions"),
        ("wagtailcore", "0098_apitoken"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]
    operations = [migrations.RunPython(create, remove)]
