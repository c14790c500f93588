from django.db import models
from wagtail.admin.panels import FieldPanel
from wagtail.search import index


class Locality(index.Indexed, models.Model):
    """One of the four boroughs Creative Minds works in. Created by a data migration."""

    name = models.CharField(max_length=60, unique=True, help_text="For example, Kirklees.")
    slug = models.SlugField(unique=True, help_text="Used in search links, e.g. ?locality=kirklees.")
    local_authority_code = models.CharField(
        max_length=9,
        unique=True,
        help_text="The ONS code of the borough council, e.g. E08000034 for Kirklees.",
    )
    summary = models.TextField(
        blank=True, help_text="One or two sentences shown on the home page about this area."
    )
    towns = models.CharField(
        max_length=255,
        blank=True,
        help_text="Main towns, comma separated, shown to help people pick their area.",
    )

    panels = [
        FieldPanel("name"),
        FieldPanel("slug"),
        FieldPanel("local_authority_code"),
        FieldPanel("summary"),
        FieldPanel("towns"),
    ]
    search_fields = [index.SearchField("name"), index.AutocompleteField("name")]

    class Meta:
        ordering = ["name"]
        verbose_name_plural = "localities"

    def __str__(self) -> str:
        return self.name
