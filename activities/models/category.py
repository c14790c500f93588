from django.db import models
from wagtail.admin.panels import FieldPanel
from wagtail.search import index


class Category(index.Indexed, models.Model):
    """A kind of activity (music, walking, gardening ...). The list is created by a data migration."""

    name = models.CharField(max_length=60, unique=True, help_text="For example, Singing.")
    slug = models.SlugField(unique=True, help_text="Used in search links, e.g. ?category=singing.")
    description = models.CharField(max_length=200, blank=True, help_text="A short plain-English description.")

    panels = [FieldPanel("name"), FieldPanel("slug"), FieldPanel("description")]
    search_fields = [index.SearchField("name"), index.AutocompleteField("name")]

    class Meta:
        ordering = ["name"]
        verbose_name_plural = "categories"

    def __str__(self) -> str:
        return self.name
