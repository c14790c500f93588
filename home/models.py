from django.db import models
from wagtail import blocks
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.contrib.settings.models import BaseSiteSetting, register_setting
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Page
from wagtail.search import index

from creative_minds import process_copies
from creative_minds.page_tree import HeldViewRestrictionsMixin
from creative_minds.validators import normalise_uk_phone, uk_phone_number
from home.blocks import ContactDetailsBlock, RetentionBlock
from home.selectors import home_page_context


class HomePage(HeldViewRestrictionsMixin, Page):
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
        context = super().get_context(request, *args, **kwargs)
        context.update(home_page_context())
        return context


class StandardPage(HeldViewRestrictionsMixin, Page):
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
            ("contact_details", ContactDetailsBlock()),
            ("retention", RetentionBlock()),
        ],
        blank=True,
        help_text="The page content.",
    )

    content_panels = [*Page.content_panels, FieldPanel("summary"), FieldPanel("body")]
    search_fields = [*Page.search_fields, index.SearchField("summary"), index.SearchField("body")]
    template = "home/standard_page.html"


@register_setting(icon="site")
class SiteSettings(BaseSiteSetting):
    """How to reach Creative Minds: shown in every page footer, on the pages that tell people to
    contact us, in the content pages' contact blocks and in the emails we send people.

    The "If you need help now" wording is not here on purpose: it is fixed in
    templates/components/help_now.html, because safety wording is signed off clinically and a
    mistyped emergency number must not be one edit away."""

    contact_phone = models.CharField(
        "phone number",
        max_length=20,
        blank=True,
        validators=[uk_phone_number],
        help_text="The number people can call, like 0306 999 0123.",
    )
    contact_email = models.EmailField(
        "email address", blank=True, help_text="An inbox someone reads every working day."
    )
    postal_address = models.TextField(
        blank=True,
        help_text="One part of the address on each line, ending with the postcode.",
    )
    # Plain text, not a grid of days and times: nothing on the site works out whether we are open
    # now, and people's hours are rarely a grid ("Monday to Friday, 9am to 5pm, except bank
    # holidays"; "answerphone at other times"). Editors write them once, as people read them.
    opening_hours = models.CharField(
        max_length=200,
        blank=True,
        help_text=(
            'When someone answers the phone, like "Monday to Friday, 9am to 5pm, except bank holidays".'
        ),
    )

    panels = [
        MultiFieldPanel(
            [
                FieldPanel("contact_phone"),
                FieldPanel("opening_hours"),
                FieldPanel("contact_email"),
                FieldPanel("postal_address"),
            ],
            heading="How to contact Creative Minds",
            help_text="Shown at the bottom of every page and in emails to people who ask to join.",
        ),
    ]

    class Meta:
        verbose_name = "site settings"

    def __str__(self):
        return f"Site settings for {self.site}"

    def save(self, *args, **kwargs):
        created = self._state.adding
        super().save(*args, **kwargs)
        # A new row is the blank one for_site makes on first use, which every process makes or
        # reads for itself: only a change need make them all load their copies again.
        if not created:
            process_copies.changed()

    @property
    def phone_href(self) -> str:
        """The number for a tel: link: digits only, "+44" written as a leading 0."""
        return normalise_uk_phone(self.contact_phone)

    @property
    def has_contact_details(self) -> bool:
        return bool(self.contact_phone or self.contact_email or self.postal_address)

    @staticmethod
    def cache_key(site_id: int) -> str:
        # The name each process holds a site's settings under (creative_minds.process_copies).
        return f"home:site-settings:{site_id}"
