from django.db import models
from wagtail.admin.panels import FieldPanel


class Theme(models.Model):
    """What a story says taking part changed (confidence, connection ...). Staff edit the list; a
    data migration seeds it."""

    name = models.CharField(max_length=60, unique=True, help_text="For example, Confidence.")
    slug = models.SlugField(unique=True, help_text="Used in links, e.g. /stories/?theme=confidence.")
    description = models.CharField(
        max_length=200, blank=True, help_text="A short plain-English description, shown to reporters."
    )

    panels = [FieldPanel("name"), FieldPanel("slug"), FieldPanel("description")]

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name
