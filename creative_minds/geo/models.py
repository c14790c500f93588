"""Offline postcode tables, loaded from the ONS/OS data shipped in creative_minds/data."""

from django.db import models


class Postcode(models.Model):
    """A full postcode of the four boroughs and their neighbouring districts."""

    # Stored without spaces and upper case ("HD12TA") so lookups need no formatting.
    compact = models.CharField(max_length=8, primary_key=True)
    postcode = models.CharField(max_length=8, help_text="As written, e.g. HD1 2TA.")
    latitude = models.FloatField()
    longitude = models.FloatField()
    local_authority = models.CharField(max_length=80)
    local_authority_code = models.CharField(max_length=9)
    is_live = models.BooleanField(default=True)

    class Meta:
        ordering = ["compact"]

    def __str__(self) -> str:
        return self.postcode


class PostcodeArea(models.Model):
    """The centre of a postcode district ("HD1") or sector ("HD1 2")."""

    class Kind(models.TextChoices):
        DISTRICT = "district", "district"
        SECTOR = "sector", "sector"

    compact = models.CharField(max_length=8, primary_key=True)
    code = models.CharField(max_length=8, help_text="As written, e.g. HD1 or HD1 2.")
    kind = models.CharField(max_length=8, choices=Kind.choices)
    latitude = models.FloatField()
    longitude = models.FloatField()
    local_authority = models.CharField(max_length=80)
    in_four_boroughs = models.BooleanField(default=False)

    class Meta:
        ordering = ["compact"]

    def __str__(self) -> str:
        return self.code
