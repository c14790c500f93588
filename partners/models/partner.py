from datetime import date

from django import forms
from django.core.exceptions import ValidationError
from django.db import models
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import cached_property
from modelcluster.fields import ParentalManyToManyField
from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel
from wagtail.fields import RichTextField
from wagtail.models import Page
from wagtail.search import index

from creative_minds.geo.places import PlaceNotFound, locate_postcode, point_or_none
from creative_minds.page_tree import HeldViewRestrictionsMixin
from creative_minds.routing import DirectChildRoutingMixin
from creative_minds.validators import phone_number


class PartnerIndexPage(HeldViewRestrictionsMixin, DirectChildRoutingMixin, Page):
    """The partner directory at /partners/."""

    intro = RichTextField(blank=True, help_text="Shown above the list of partners.")

    content_panels = [*Page.content_panels, FieldPanel("intro")]
    subpage_types = ["partners.PartnerPage"]
    max_count = 1
    template = "partners/partner_index_page.html"
    child_model = "partners.PartnerPage"

    def serve(self, request, *args, **kwargs):
        # /partners/ is answered by activities.search.partner_views.partner_directory
        # (creative_minds/urls.py), which renders this page with the directory's search. Wagtail's
        # own routing gets here only if the page is given another address; the directory stays at
        # its own, so send people there.
        query = request.GET.urlencode()
        return redirect(reverse("partner_directory") + (f"?{query}" if query else ""))


class PartnerPage(HeldViewRestrictionsMixin, Page):
    """A community partner: who they are and, listed beneath, the activities they run."""

    class AgreementStatus(models.TextChoices):
        NONE = "none", "No agreement"
        NEGOTIATING = "negotiating", "Being agreed"
        IN_FORCE = "in_force", "In force"
        ENDED = "ended", "Ended"

    summary = models.CharField(
        max_length=240, help_text="One sentence about the partner, shown in the directory."
    )
    description = RichTextField(blank=True, help_text="More about the partner and what they do.")
    localities = ParentalManyToManyField(
        "partners.Locality", related_name="partners", help_text="Where they run activities."
    )
    address = models.TextField(blank=True, help_text="Postal address, one part per line.")
    postcode = models.CharField(max_length=8, blank=True, help_text="For example, HD1 2TA.")
    latitude = models.FloatField(null=True, blank=True, editable=False)
    longitude = models.FloatField(null=True, blank=True, editable=False)
    website = models.URLField(blank=True, help_text="The partner's own website.")
    contact_email = models.EmailField(blank=True, help_text="Public contact email address.")
    contact_phone = models.CharField(
        max_length=20, blank=True, validators=[phone_number], help_text="Public phone number."
    )
    charity_number = models.CharField(
        max_length=20, blank=True, help_text="Registered charity number, if any."
    )
    company_number = models.CharField(max_length=20, blank=True, help_text="Companies House number, if any.")
    logo = models.ForeignKey(
        "wagtailimages.Image",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="Square logo, at least 200 pixels wide.",
    )
    agreement_status = models.CharField(
        max_length=12,
        choices=AgreementStatus.choices,
        default=AgreementStatus.NONE,
        help_text="A partnership agreement in force makes the partner a preferred supplier.",
    )
    agreement_start = models.DateField(null=True, blank=True, help_text="When it starts.")
    agreement_end = models.DateField(null=True, blank=True, help_text="When it ends, if known.")
    mental_health_friendly = models.BooleanField(
        default=False,
        help_text="Accredited by Creative Minds as a mental-health friendly organisation.",
    )
    mental_health_first_aid_trained = models.BooleanField(
        default=False, help_text="At least one member of staff is a trained Mental Health First Aider."
    )
    accreditation_notes = models.CharField(
        max_length=240, blank=True, help_text="Other accreditation or training, in plain words."
    )
    publishes_without_review = models.BooleanField(
        "Trusted to publish without review",
        default=False,
        help_text=(
            "When ticked, changes this partner's contacts make to their listings go live at once "
            "(each is still recorded, and staff can compare revisions). Otherwise staff approve each one."
        ),
    )

    content_panels = [
        *Page.content_panels,
        FieldPanel("summary"),
        FieldPanel("description"),
        FieldPanel("localities", widget=forms.CheckboxSelectMultiple),
        FieldPanel("logo"),
        MultiFieldPanel(
            [
                FieldPanel("address"),
                FieldPanel("postcode"),
                FieldPanel("website"),
                FieldRowPanel([FieldPanel("contact_email"), FieldPanel("contact_phone")]),
                FieldRowPanel([FieldPanel("charity_number"), FieldPanel("company_number")]),
            ],
            heading="Contact and registration",
        ),
        MultiFieldPanel(
            [
                FieldPanel("agreement_status"),
                FieldRowPanel([FieldPanel("agreement_start"), FieldPanel("agreement_end")]),
            ],
            heading="Partnership agreement",
        ),
        MultiFieldPanel(
            [
                FieldPanel("mental_health_friendly"),
                FieldPanel("mental_health_first_aid_trained"),
                FieldPanel("accreditation_notes"),
            ],
            heading="Accreditation",
        ),
        FieldPanel("publishes_without_review", heading="Listings"),
    ]
    search_fields = [
        *Page.search_fields,
        index.SearchField("summary"),
        index.SearchField("description"),
        index.FilterField("agreement_status"),
    ]
    parent_page_types = ["partners.PartnerIndexPage"]
    subpage_types: list[str] = []
    template = "partners/partner_page.html"

    class Meta:
        verbose_name = "partner"

    def clean(self):
        super().clean()
        if self.agreement_start and self.agreement_end and self.agreement_end < self.agreement_start:
            raise ValidationError({"agreement_end": "The end date must be after the start date."})
        if self.postcode:
            try:
                place = locate_postcode(self.postcode)
            except PlaceNotFound as error:
                raise ValidationError({"postcode": str(error)}) from error
            self.postcode = place.label

    def save(self, *args, **kwargs):
        self.latitude, self.longitude = point_or_none(self.postcode)
        super().save(*args, **kwargs)

    def is_preferred_supplier_on(self, day: date) -> bool:
        """True when a partnership agreement covers `day`."""
        if self.agreement_status != self.AgreementStatus.IN_FORCE:
            return False
        starts_ok = self.agreement_start is None or self.agreement_start <= day
        ends_ok = self.agreement_end is None or day <= self.agreement_end
        return starts_ok and ends_ok

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["localities"] = list(self.localities.order_by("name"))
        return context

    @cached_property
    def is_preferred_supplier(self) -> bool:
        return self.is_preferred_supplier_on(timezone.localdate())
