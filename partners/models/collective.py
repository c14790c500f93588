"""Locality collectives: the people who decide, together, which partner projects get match funding."""

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone
from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel

percentage = [MinValueValidator(1), MaxValueValidator(100)]


class Collective(models.Model):
    locality = models.OneToOneField(
        "partners.Locality",
        on_delete=models.PROTECT,
        related_name="collective",
        help_text="One per locality.",
    )
    name = models.CharField(max_length=100, help_text="For example, Kirklees Creative Minds Collective.")
    description = models.TextField(blank=True, help_text="Shown on the join form: who we are and what we do.")
    coordinators = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        blank=True,
        related_name="coordinated_collectives",
        help_text="Staff who open rounds, approve new members and see decision times.",
    )
    default_quorum_percent = models.PositiveSmallIntegerField(
        default=50, validators=percentage, help_text="Share of members who must vote, in per cent."
    )
    default_threshold_percent = models.PositiveSmallIntegerField(
        default=50,
        validators=percentage,
        help_text="Share of support among votes for or against needed to approve, in per cent.",
    )

    panels = [
        FieldPanel("locality"),
        FieldPanel("name"),
        FieldPanel("description"),
        FieldPanel("coordinators"),
        FieldRowPanel([FieldPanel("default_quorum_percent"), FieldPanel("default_threshold_percent")]),
    ]

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class Membership(models.Model):
    class Role(models.TextChoices):
        LIVED_EXPERIENCE = "lived_experience", "Person with lived experience"
        CARER = "carer", "Carer"
        TRUST_STAFF = "trust_staff", "Trust staff"
        COMMUNITY = "community", "Community representative"

    collective = models.ForeignKey(Collective, on_delete=models.PROTECT, related_name="memberships")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="memberships")
    role = models.CharField(max_length=20, choices=Role.choices)
    is_chair = models.BooleanField(default=False, help_text="The chair records the collective's decisions.")
    joined_on = models.DateField(default=timezone.localdate)
    left_on = models.DateField(null=True, blank=True, help_text="Leave empty while they are a member.")
    linked_partners = models.ManyToManyField(
        "partners.PartnerPage",
        blank=True,
        related_name="linked_members",
        help_text="Partners this member works or volunteers for. They are treated as having a "
        "conflict of interest on those partners' applications.",
    )

    panels = [
        FieldPanel("collective"),
        FieldPanel("user"),
        FieldRowPanel([FieldPanel("role"), FieldPanel("is_chair")]),
        FieldRowPanel([FieldPanel("joined_on"), FieldPanel("left_on")]),
        FieldPanel("linked_partners"),
    ]

    class Meta:
        ordering = ["collective", "user__first_name"]
        constraints = [
            models.UniqueConstraint(
                fields=["collective", "user"],
                condition=Q(left_on__isnull=True),
                name="one_current_membership",
            )
        ]

    def __str__(self) -> str:
        return f"{self.user.get_full_name() or self.user.get_username()} ({self.collective})"

    @staticmethod
    def current_on(day, prefix: str = "") -> Q:
        """A filter for memberships current on `day`; `prefix` reaches them across a relation."""
        return Q(**{f"{prefix}joined_on__lte": day}) & (
            Q(**{f"{prefix}left_on__isnull": True}) | Q(**{f"{prefix}left_on__gt": day})
        )

    def is_current_on(self, day) -> bool:
        return self.joined_on <= day and (self.left_on is None or day < self.left_on)


class JoinRequest(models.Model):
    """An expression of interest in joining a collective, approved or declined by a coordinator."""

    class Status(models.TextChoices):
        PENDING = "pending", "Waiting for a decision"
        APPROVED = "approved", "Approved"
        DECLINED = "declined", "Declined"

    collective = models.ForeignKey(Collective, on_delete=models.CASCADE, related_name="join_requests")
    name = models.CharField(max_length=100)
    email = models.EmailField()
    role = models.CharField(max_length=20, choices=Membership.Role.choices)
    why = models.TextField(max_length=1000, help_text="Why they would like to join, in their words.")
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.PENDING)
    created_at = models.DateTimeField(auto_now_add=True)
    decided_at = models.DateTimeField(null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    membership = models.OneToOneField(
        Membership, null=True, blank=True, on_delete=models.SET_NULL, related_name="join_request"
    )

    panels = [
        MultiFieldPanel(
            [FieldPanel("collective"), FieldPanel("name"), FieldPanel("email"), FieldPanel("role")]
        ),
        FieldPanel("why"),
        FieldPanel("status"),
    ]

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.name} wants to join {self.collective}"
