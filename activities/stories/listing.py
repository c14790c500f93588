"""The story list at /stories/: its filters, its text search and the page of stories it shows.

activities.stories.models imports this module (StoryIndexPage.get_context passes in its own
children and the themes), so nothing here imports the models back.
"""

from urllib.parse import urlencode

import django_filters
from django import forms
from django.core.paginator import Paginator
from django.db.models import Prefetch
from wagtail.images import get_image_model

from activities.models import Category
from creative_minds.forms import NHSUKForm
from creative_minds.page_cache import without_blanks
from creative_minds.search_words import search_words
from partners.models import Locality

STORIES_PER_PAGE = 12
# The picture on a story card (templates/stories/components/story_card.html); fetched with the list.
CARD_RENDITION = "fill-600x340"
MAX_SEARCH_CHARACTERS = 200


class StoryFilterForm(NHSUKForm):
    CHOICE_MESSAGES = {
        "locality": "Choose an area from the list",
        "category": "Choose a type of activity from the list",
        "theme": "Choose a theme from the list",
    }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name, message in self.CHOICE_MESSAGES.items():
            self.fields[name].error_messages.update(invalid_choice=message)

    def clean_q(self):
        text = self.cleaned_data.get("q") or ""
        if len(text) > MAX_SEARCH_CHARACTERS:
            raise forms.ValidationError(
                f"What you search for must be {MAX_SEARCH_CHARACTERS} characters or fewer", code="max_length"
            )
        return text.strip()


class StoryFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(method="filter_text", label="Search stories")
    locality = django_filters.ModelChoiceFilter(
        queryset=Locality.objects.order_by("name"),
        to_field_name="slug",
        field_name="activity__locality",
        label="Area",
        empty_label="All areas",
    )
    category = django_filters.ModelChoiceFilter(
        queryset=Category.objects.order_by("name"),
        to_field_name="slug",
        field_name="activity__categories",
        label="Type of activity",
        empty_label="All types",
    )
    theme = django_filters.ModelChoiceFilter(
        queryset=None, to_field_name="slug", field_name="themes", label="Theme", empty_label="All themes"
    )
    # Not a question: the page of results, carried by the pagination links. A filter so that this is
    # the one list of what /stories/ reads (StoryIndexPage.query_parameters must match it).
    page = django_filters.CharFilter(method="filter_nothing", widget=forms.HiddenInput)

    class Meta:
        fields: list[str] = []
        form = StoryFilterForm

    def __init__(self, *args, themes, **kwargs):
        super().__init__(*args, **kwargs)
        self.filters["theme"].queryset = themes

    def filter_nothing(self, queryset, name, value):
        """The page number narrows nothing: the paginator reads it."""
        return queryset

    def filter_text(self, queryset, name, value):
        """Stories with every word searched for in their title, text, transcript, themes or (named
        stories only) the storyteller's name, by Wagtail search; best matches are not reordered."""
        words = search_words(value)
        if not words:
            return queryset
        found = queryset.model.objects.live().search(words, operator="and", order_by_relevance=False)
        return queryset.filter(pk__in=[page.pk for page in found])


def story_listing(request, *, stories, themes) -> dict:
    """Published `stories` (a StoryPage queryset) narrowed by the request's filters, newest first,
    a page at a time. A value the filters cannot use is shown as an error and left out."""
    query = without_blanks(request.GET)
    published = stories.live().public().filter(withdrawn_at__isnull=True)
    story_filter = StoryFilter(query, queryset=published, themes=themes)
    form = story_filter.form
    form.is_valid()
    # A field with an error is dropped from the filtering, so the other filters still apply.
    data = query.copy()
    for name in form.errors:
        data.pop(name, None)
    story_filter = StoryFilter(data, queryset=published, themes=themes)
    results = (
        story_filter.qs.select_related("activity__partner", "activity__locality", "image")
        .prefetch_related(
            Prefetch(
                "image__renditions",
                queryset=get_image_model().get_rendition_model().objects.filter(filter_spec=CARD_RENDITION),
            ),
        )
        # No .distinct(): each filter takes one value, so a join through themes or categories
        # finds a story at most once (DISTINCT over these wide rows was most of the page's time).
        .order_by("-first_published_at", "-pk")
    )
    page = Paginator(results, STORIES_PER_PAGE).get_page(query.get("page"))
    chosen = {
        name: value
        for name in ("q", "locality", "category", "theme")
        if name not in form.errors and (value := query.get(name, "").strip())
    }
    return {
        "stories": page,
        "filter_form": form,
        "query_string": urlencode(chosen),
        "filtered": bool(chosen),
    }
