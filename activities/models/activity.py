from django import forms
from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import timezone
from modelcluster.fields import ParentalManyToManyField
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, MultiFieldPanel
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.fields import RichTextField
from wagtail.models import Page, PageManager
from wagtail.query import PageQuerySet
from wagtail.search import index

from activities.calendar import calendar_download
from activities.detail import activity_detail_context
from activities.review_cycle import ReviewDates, ReviewStage, review_dates, reviewed_before_is_stale
from creative_minds.geo.places import PlaceNotFound, locate_postcode, point_or_none
from creative_minds.money import pounds
from creative_minds.page_tree import HeldViewRestrictionsMixin
from creative_minds.routing import DirectChildRoutingMixin
from creative_minds.validators import phone_number


class ActivityIndexPage(HeldViewRestrictionsMixin, DirectChildRoutingMixin, Page):
    """/activities/: the search page. Its children are the activities."""

    intro = RichTextField(blank=True, help_text="Shown above the search form.")

    content_panels = [*Page.content_panels, FieldPanel("intro")]
    subpage_types = ["activities.ActivityPage"]
    max_count = 1
    template = "activities/activity_index_page.html"
    child_model = "activities.ActivityPage"
    child_related = ("partner",)

    def serve(self, request, *args, **kwargs):
        # /activities/ is answered by activities.search.views.search (creative_minds/urls.py), which
        # renders this page with the search. Wagtail's own routing gets here only if the page is
        # given another address; the search stays at its own, so send people there.
        query = request.GET.urlencode()
        return redirect(reverse("activity_search") + (f"?{query}" if query else ""))


class ActivityPageQuerySet(PageQuerySet):
    def in_search(self, day=None):
        """The activities the public search finds on `day` (today by default): live and public,
        not ended, and checked recently enough (activities.review_cycle). A paused activity stays
        findable, marked as paused; a stale or ended one keeps its page, with a notice."""
        day = day or timezone.localdate()
        return (
            self.live()
            .public()
            .exclude(listing_status=ActivityPage.ListingStatus.ENDED)
            .filter(last_reviewed__gte=reviewed_before_is_stale(day))
        )


class ActivityPage(HeldViewRestrictionsMixin, RoutablePageMixin, Page):
    """One activity: what it is, when and where, what it costs, and what the first visit is like."""

    class ListingStatus(models.TextChoices):
        RUNNING = "running", "Running"
        PAUSED = "paused", "Paused"
        ENDED = "ended", "Ended"

    class Delivery(models.TextChoices):
        IN_PERSON = "in_person", "In person"
        ONLINE = "online", "Online"
        BOTH = "both", "In person and online"

    class CostType(models.TextChoices):
        FREE = "free", "Free"
        PAID = "paid", "Paid"
        DONATION = "donation", "Pay what you can"

    class HowToJoin(models.TextChoices):
        TURN_UP = "turn_up", "Just turn up"
        BOOK = "book", "Book a place first"
        REFERRAL = "referral", "You need a referral from a health worker"
        SELF_REFERRAL = "self_referral", "Ask to join (self-referral welcome)"

    class Audience(models.TextChoices):
        EVERYONE = "everyone", "Open to everyone"
        GROUP = "group", "For a particular group"

    class AudienceGroup(models.TextChoices):
        """The groups the search offers under "Who it is for" (activities.search.needs)."""

        DEMENTIA = "dementia", "People living with dementia and their carers"
        CARERS = "carers", "Carers"
        MEN = "men", "Men"
        WOMEN = "women", "Women"
        YOUNG_PEOPLE = "young_people", "Young people"
        OLDER_PEOPLE = "older_people", "Older people"
        VETERANS = "veterans", "Veterans (people who served in the armed forces)"
        LGBTQ = "lgbtq", "LGBTQ+ people"
        LEARNING_DISABILITY = "learning_disability", "People with a learning disability"
        FAMILIES = "families", "Families"
        OTHER = "other", "Another group (say who below)"

    class GroupSize(models.TextChoices):
        SMALL = "small", "Small (up to 8 people)"
        MEDIUM = "medium", "Medium (9 to 15 people)"
        LARGE = "large", "Large (16 or more people)"

    partner = models.ForeignKey(
        "partners.PartnerPage",
        on_delete=models.PROTECT,
        related_name="activities",
        help_text="The community partner that runs it.",
    )
    summary = models.CharField(
        max_length=240, help_text="One sentence saying what happens, shown in search results."
    )
    description = RichTextField(blank=True, help_text="More about the activity.")
    categories = ParentalManyToManyField(
        "activities.Category", related_name="activities", help_text="Pick one or more."
    )
    locality = models.ForeignKey(
        "partners.Locality",
        on_delete=models.PROTECT,
        related_name="activities",
        help_text="The borough it takes place in.",
    )
    delivery = models.CharField(
        max_length=10, choices=Delivery.choices, default=Delivery.IN_PERSON, help_text="Where it happens."
    )
    venue_name = models.CharField(
        max_length=120, blank=True, help_text="For example, Lawrence Batley Theatre."
    )
    address = models.TextField(blank=True, help_text="Street address, one part per line.")
    postcode = models.CharField(
        max_length=8, blank=True, help_text="Used to show the activity in searches by distance."
    )
    latitude = models.FloatField(null=True, blank=True, editable=False, db_index=True)
    longitude = models.FloatField(null=True, blank=True, editable=False, db_index=True)
    cost_type = models.CharField(max_length=10, choices=CostType.choices, default=CostType.FREE)
    cost_amount = models.DecimalField(
        max_digits=6,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(0)],
        help_text="Price per session in pounds, if it is paid.",
    )
    concessions = models.CharField(
        max_length=200, blank=True, help_text="Cheaper or free places, e.g. free for carers."
    )
    step_free_access = models.BooleanField(default=False, help_text="No steps, or a ramp or lift.")
    accessible_toilet = models.BooleanField(default=False)
    hearing_loop = models.BooleanField(default=False)
    quiet_space = models.BooleanField(default=False, help_text="Somewhere calm to take a break.")
    carer_goes_free = models.BooleanField(default=False, help_text="A carer or supporter can come free.")
    bsl_available = models.BooleanField(default=False, help_text="British Sign Language available.")
    accessibility_notes = models.CharField(
        max_length=240, blank=True, help_text="Anything else, in plain words."
    )
    audience = models.CharField(
        max_length=10, choices=Audience.choices, default=Audience.EVERYONE, help_text="Who it is for."
    )
    audience_group = models.CharField(
        max_length=120,
        blank=True,
        help_text="If for a particular group, who: e.g. people living with dementia and their carers.",
    )
    audience_group_kind = models.CharField(
        "Group",
        max_length=20,
        choices=AudienceGroup.choices,
        blank=True,
        help_text=(
            'If for a particular group, which one. The search\'s "Who it is for" filter uses this; '
            "the words below are what the activity page shows."
        ),
    )
    min_age = models.PositiveSmallIntegerField(null=True, blank=True, help_text="Youngest age, if any.")
    max_age = models.PositiveSmallIntegerField(null=True, blank=True, help_text="Oldest age, if any.")
    how_to_join = models.CharField(
        max_length=14, choices=HowToJoin.choices, default=HowToJoin.TURN_UP, help_text="How someone joins."
    )
    peer_led = models.BooleanField(default=False, help_text="Run by people with lived experience.")
    group_size = models.CharField(max_length=8, choices=GroupSize.choices, blank=True)
    contact_name = models.CharField(max_length=80, blank=True)
    contact_email = models.EmailField(blank=True)
    contact_phone = models.CharField(max_length=20, blank=True, validators=[phone_number])
    image = models.ForeignKey(
        "wagtailimages.Image", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    last_reviewed = models.DateField(
        default=timezone.localdate,
        help_text="When someone last checked these details with the partner. Shown on the page.",
    )
    first_visit_who_meets_you = models.TextField(
        blank=True, help_text="Who will say hello, and how to find them. e.g. Sam will meet you at the door."
    )
    first_visit_what_to_bring = models.TextField(
        blank=True, help_text="What to bring or wear. Say if nothing is needed."
    )
    first_visit_what_happens = models.TextField(
        blank=True, help_text="What happens in the first session, for someone nervous about coming."
    )
    # Kept outside revisions (see with_content_json), written only by activities.listings.services:
    # a pause or an end shows at once, whatever change is waiting for review, and publishing an
    # older revision never brings back a cleared pause or an earlier review stage.
    listing_status = models.CharField(
        max_length=8, choices=ListingStatus.choices, default=ListingStatus.RUNNING, editable=False
    )
    paused_until = models.DateField(
        null=True, blank=True, editable=False, help_text="The last day of the pause; it meets again after."
    )
    status_message = models.CharField(
        max_length=200, blank=True, editable=False, help_text="A short public message about the pause or end."
    )
    # The due date (review_cycle.ReviewDates.due_on) each step of the review cycle was taken for, so
    # the daily job takes each step once per cycle however often it runs.
    review_reminded_for = models.DateField(null=True, blank=True, editable=False)
    review_flagged_for = models.DateField(null=True, blank=True, editable=False)
    review_hidden_for = models.DateField(null=True, blank=True, editable=False)

    kept_outside_revisions = (
        "listing_status",
        "paused_until",
        "status_message",
        "review_reminded_for",
        "review_flagged_for",
        "review_hidden_for",
    )

    objects = PageManager.from_queryset(ActivityPageQuerySet)()

    content_panels = [
        *Page.content_panels,
        FieldPanel("partner"),
        FieldPanel("summary"),
        FieldPanel("description"),
        FieldPanel("categories", widget=forms.CheckboxSelectMultiple),
        FieldPanel("image"),
        MultiFieldPanel(
            [
                FieldPanel("locality"),
                FieldPanel("delivery"),
                FieldPanel("venue_name"),
                FieldPanel("address"),
                FieldPanel("postcode"),
            ],
            heading="Where",
        ),
        InlinePanel("sessions", heading="When", label="Session", min_num=1),
        MultiFieldPanel(
            [FieldPanel("cost_type"), FieldPanel("cost_amount"), FieldPanel("concessions")],
            heading="Cost",
        ),
        MultiFieldPanel(
            [
                FieldPanel("audience"),
                FieldPanel("audience_group_kind"),
                FieldPanel("audience_group"),
                FieldRowPanel([FieldPanel("min_age"), FieldPanel("max_age")]),
                FieldPanel("how_to_join"),
                FieldPanel("peer_led"),
                FieldPanel("group_size"),
            ],
            heading="Who it is for and how to join",
        ),
        MultiFieldPanel(
            [
                FieldPanel("step_free_access"),
                FieldPanel("accessible_toilet"),
                FieldPanel("hearing_loop"),
                FieldPanel("quiet_space"),
                FieldPanel("carer_goes_free"),
                FieldPanel("bsl_available"),
                FieldPanel("accessibility_notes"),
            ],
            heading="Accessibility",
        ),
        MultiFieldPanel(
            [
                FieldPanel("first_visit_who_meets_you"),
                FieldPanel("first_visit_what_to_bring"),
                FieldPanel("first_visit_what_happens"),
            ],
            heading="Your first visit",
        ),
        MultiFieldPanel(
            [
                FieldPanel("contact_name"),
                FieldRowPanel([FieldPanel("contact_email"), FieldPanel("contact_phone")]),
                FieldPanel("last_reviewed"),
            ],
            heading="Contact and review",
        ),
        # Shown, never edited, here: they are kept outside revisions and changed on the partner's
        # listings pages (activities.listings), which staff who manage any listing may use too.
        MultiFieldPanel(
            [
                FieldPanel("listing_status", read_only=True),
                FieldPanel("paused_until", read_only=True),
                FieldPanel("status_message", read_only=True),
                FieldRowPanel(
                    [
                        FieldPanel("review_reminded_for", read_only=True, heading="Reminder sent for"),
                        FieldPanel("review_flagged_for", read_only=True, heading="Flagged to staff for"),
                        FieldPanel("review_hidden_for", read_only=True, heading="Out of search for"),
                    ],
                    help_text="The due dates each step of the review cycle was taken for.",
                ),
            ],
            heading="Listing status",
            help_text="Pause, restart or end an activity on its partner's listings page (/listings/).",
        ),
    ]
    search_fields = [
        *Page.search_fields,
        index.SearchField("summary"),
        index.SearchField("description"),
        index.SearchField("venue_name"),
        index.SearchField("audience_group"),
        index.RelatedFields("categories", [index.SearchField("name")]),
        index.RelatedFields("partner", [index.SearchField("title")]),
        index.FilterField("locality"),
        index.FilterField("cost_type"),
    ]
    parent_page_types = ["activities.ActivityIndexPage"]
    subpage_types: list[str] = []
    template = "activities/activity_page.html"

    class Meta:
        verbose_name = "activity"
        verbose_name_plural = "activities"

    def clean(self):
        super().clean()
        errors = {}
        if self.cost_type == self.CostType.PAID and self.cost_amount is None:
            errors["cost_amount"] = "Enter the price per session, or choose free."
        if self.min_age and self.max_age and self.max_age < self.min_age:
            errors["max_age"] = "The oldest age must be more than the youngest."
        if self.audience == self.Audience.GROUP and not self.audience_group:
            errors["audience_group"] = "Say which group it is for."
        if self.audience == self.Audience.GROUP and not self.audience_group_kind:
            errors["audience_group_kind"] = "Choose which group it is for, or another group."
        if self.delivery != self.Delivery.ONLINE and not self.postcode:
            errors["postcode"] = "Enter the venue's postcode so people can find it."
        if self.postcode:
            try:
                self.postcode = locate_postcode(self.postcode).label
            except PlaceNotFound as error:
                errors["postcode"] = str(error)
        if errors:
            raise ValidationError(errors)

    def with_content_json(self, content):
        obj = super().with_content_json(content)
        for name in self.kept_outside_revisions:
            setattr(obj, name, getattr(self, name))
        # "Last checked" only moves forward: confirming a listing while a change waits for review,
        # then approving that change, keeps the later date.
        if self.last_reviewed and (obj.last_reviewed is None or obj.last_reviewed < self.last_reviewed):
            obj.last_reviewed = self.last_reviewed
        return obj

    def save(self, *args, **kwargs):
        self.latitude, self.longitude = point_or_none(self.postcode)
        super().save(*args, **kwargs)
        # The search index is first written from post_save, before modelcluster commits the
        # categories; index again so a search for "singing" finds the Singing category.
        index.insert_or_update_object(self)

    @path("calendar/", name="calendar")
    def calendar(self, request):
        return calendar_download(self, request)

    @path("")
    def detail(self, request):
        return self.render(request)

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context.update(activity_detail_context(self, request))
        return context

    @property
    def review(self) -> ReviewDates:
        return review_dates(self.last_reviewed)

    @property
    def review_stage(self) -> ReviewStage:
        return self.review.stage_on(timezone.localdate())

    @property
    def may_be_out_of_date(self) -> bool:
        """Past its review date unconfirmed: the page says so, kindly, and how to check."""
        return self.review_stage in (ReviewStage.DUE, ReviewStage.STALE)

    def is_paused_on(self, day) -> bool:
        return self.listing_status == self.ListingStatus.PAUSED and (
            self.paused_until is None or day <= self.paused_until
        )

    @property
    def is_paused(self) -> bool:
        return self.is_paused_on(timezone.localdate())

    @property
    def has_ended(self) -> bool:
        return self.listing_status == self.ListingStatus.ENDED

    @property
    def welcomes_requests(self) -> bool:
        """Whether the page offers "Ask to join" (a self-referral the partner follows up)."""
        return self.how_to_join in (self.HowToJoin.SELF_REFERRAL, self.HowToJoin.BOOK)

    @property
    def cost_label(self) -> str:
        return self.cost_label_for(self.cost_type, self.cost_amount)

    @classmethod
    def cost_label_for(cls, cost_type: str, amount) -> str:
        """ "Free", "Pay what you can" or "£3.50 a session"."""
        if cost_type == cls.CostType.PAID and amount is not None:
            return f"{pounds(amount)} a session"
        return cls.CostType(cost_type).label

    @property
    def accessibility_features(self) -> list[str]:
        labels = {
            "step_free_access": "Step-free access",
            "accessible_toilet": "Accessible toilet",
            "hearing_loop": "Hearing loop",
            "quiet_space": "Quiet space",
            "carer_goes_free": "Carers go free",
            "bsl_available": "British Sign Language",
        }
        return [label for field, label in labels.items() if getattr(self, field)]

    @property
    def ages_label(self) -> str:
        if self.min_age and self.max_age:
            return f"Ages {self.min_age} to {self.max_age}"
        if self.min_age:
            return f"Ages {self.min_age} and over"
        if self.max_age:
            return f"Up to age {self.max_age}"
        return "All ages"
