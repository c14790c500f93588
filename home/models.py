from django.core.cache import cache
from django.db import models
from wagtail import blocks
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.contrib.settings.models import BaseSiteSetting, register_setting
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Page
from wagtail.search import index


class HomePage(Page):
    """The front door: a search box, the four localities and a few words about taking part."""

    heading = models.CharField(
        max_length=120,
        default="Find something to do near you",
        help_text="The main heading on the home page.",
    )
    intro = models.TextField(
        blank=True,
        help_text="One or two sentences under the heading, in plain words.",
    )
    body = RichTextField(blank=True, help_text="More about Creative Minds, below the search.")

    content_panels = [*Page.content_panels, FieldPanel("heading"), FieldPanel("intro"), FieldPanel("body")]
    max_count = 1
    template = "home/home_page.html"

    def get_context(self, request, *args, **kwargs):
        from home.selectors import home_page_context

        context = super().get_context(request, *args, **kwargs)
        context.update(home_page_context())
        return context


class StandardPage(Page):
    """A plain content page: about us, accessibility statement, privacy notice."""

    summary = models.CharField(max_length=240, blank=True, help_text="Shown under the heading.")
    body = StreamField(
        [
            ("heading", blocks.CharBlock(form_classname="title", template="components/blocks/heading.html")),
            ("paragraph", blocks.RichTextBlock()),
            (
                "inset",
                blocks.RichTextBlock(
                    help_text="Text set apart to draw attention to it.",
                    template="components/blocks/inset.html",
                ),
            ),
        ],
        blank=True,
        help_text="The page content.",
    )

    content_panels = [*Page.content_panels, FieldPanel("summary"), FieldPanel("body")]
    search_fields = [*Page.search_fields, index.SearchField("summary"), index.SearchField("body")]
    template = "home/standard_page.html"


@register_setting(icon="site")
class SiteSettings(BaseSiteSetting):
    """Contact details shown in every page footer."""

    contact_phone = models.CharField(max_length=20, blank=True, help_text="Shown in the footer.")
    contact_email = models.EmailField(blank=True, help_text="Shown in the footer.")
    crisis_message = models.TextField(
        blank=True,
        default=(
            "Creative Minds is not an emergency service. If you need help now, call NHS 111 "
            "or, in an emergency, 999."
        ),
        help_text="Shown in the footer of every page.",
    )

    panels = [
        MultiFieldPanel([FieldPanel("contact_phone"), FieldPanel("contact_email")], heading="Contact"),
        FieldPanel("crisis_message"),
    ]

    class Meta:
        verbose_name = "site settings"

    def save(self, *args, **kwargs):
        super().save(*args, **kwargs)
        cache.delete(self.cache_key(self.site_id))

    @staticmethod
    def cache_key(site_id: int) -> str:
        return f"home:site-settings:{site_id}"
