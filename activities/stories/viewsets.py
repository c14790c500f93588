"""Wagtail admin views for stories: reporters, themes and a flat list of stories. Registered in
wagtail_hooks.py."""

from wagtail.admin.viewsets.base import ViewSetGroup
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.admin.viewsets.pages import PageListingViewSet
from wagtail.snippets.views.snippets import SnippetViewSet

from activities.stories.models import ReporterProfile, StoryPage, Theme


class ReporterViewSet(ModelViewSet):
    model = ReporterProfile
    icon = "user"
    menu_label = "Community reporters"
    list_display = ["user", "locality", "active"]
    list_filter = ["locality", "active"]
    form_fields = ["user", "active", "locality"]


class ThemeViewSet(SnippetViewSet):
    model = Theme
    icon = "tag"
    menu_label = "Themes"
    list_display = ["name", "slug", "description"]
    ordering = ["name"]


class StoryListingViewSet(PageListingViewSet):
    """Every story in one list: published, waiting and withdrawn, by activity and date."""

    model = StoryPage
    icon = "openquote"
    menu_label = "Stories"
    name = "story_listing"
    list_display = ["title", "activity", "reporter", "live", "withdrawn_at"]
    list_filter = ["live", "themes"]


class StoriesViewSetGroup(ViewSetGroup):
    menu_label = "Stories"
    menu_icon = "openquote"
    menu_order = 260
    items = (StoryListingViewSet, ReporterViewSet, ThemeViewSet)
