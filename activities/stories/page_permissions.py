"""What a user may do to a story page in the Wagtail admin, on top of Wagtail's page permissions.

Editors have page permissions from the root, which would let them open any story (with the
storyteller's name) and publish it without moderation. StoryPage.permissions_for_user gives this
tester instead: nothing at all for anyone who is not a story moderator or a superuser, and nobody
publishes (or edits, or sends for review) a withdrawn story: it is gone for good.
"""

from django.contrib.contenttypes.models import ContentType
from wagtail.models import PagePermissionTester
from wagtail.permission_policies.pages import PagePermissionPolicy

from activities.stories.roles import may_use_story_admin


class StoryPermissionTester(PagePermissionTester):
    def __init__(self, user, page):
        super().__init__(user, page)
        self.allowed = may_use_story_admin(user)
        self.withdrawn = getattr(page, "withdrawn_at", None) is not None

    def can_edit(self):
        return self.allowed and not self.withdrawn and super().can_edit()

    def can_publish(self):
        return self.allowed and not self.withdrawn and super().can_publish()

    def can_submit_for_moderation(self):
        return self.allowed and not self.withdrawn and super().can_submit_for_moderation()

    def can_unschedule(self):
        return self.allowed and super().can_unschedule()

    def can_unpublish(self):
        return self.allowed and super().can_unpublish()

    def can_delete(self, ignore_bulk=False):
        return self.allowed and super().can_delete(ignore_bulk=ignore_bulk)

    def can_set_view_restrictions(self):
        return self.allowed and super().can_set_view_restrictions()

    def can_lock(self):
        return self.allowed and super().can_lock()

    def can_unlock(self):
        return self.allowed and super().can_unlock()

    def can_copy(self):
        return self.allowed and super().can_copy()

    def can_move(self):
        return self.allowed and super().can_move()

    def can_move_to(self, destination):
        return self.allowed and super().can_move_to(destination)

    def can_copy_to(self, destination, recursive=False):
        return self.allowed and super().can_copy_to(destination, recursive=recursive)

    def can_view_revisions(self):
        return self.allowed and super().can_view_revisions()


class StoryAwarePagePermissionPolicy(PagePermissionPolicy):
    """Wagtail's page policy, but the story pages are not "explorable" (listed in the explorer or
    found by the admin's page search) by anyone who may not use stories in the admin. Registered for
    Page in activities.stories.wagtail_hooks."""

    def explorable_instances(self, user):
        pages = super().explorable_instances(user)
        if may_use_story_admin(user):
            return pages
        return pages.exclude(content_type=ContentType.objects.get_by_natural_key("stories", "storypage"))


class StoryIndexPermissionTester(PagePermissionTester):
    """/stories/ itself is an ordinary page an editor may change (its introduction); but only those
    who may use stories in the admin add a story beneath it, publish one there or reorder them."""

    def __init__(self, user, page):
        super().__init__(user, page)
        self.allowed = may_use_story_admin(user)

    def can_add_subpage(self):
        return self.allowed and super().can_add_subpage()

    def can_publish_subpage(self):
        return self.allowed and super().can_publish_subpage()

    def can_reorder_children(self):
        return self.allowed and super().can_reorder_children()
