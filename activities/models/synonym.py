"""Search synonyms: what people type, and the other words a search for it should also find."""

import re

from django import forms
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models.functions import Lower
from wagtail.admin.panels import FieldPanel

from creative_minds.search_words import terms

MAX_PHRASE_CHARACTERS = 60
MAX_ALSO_MATCHES = 20
COMMON_WORDS_LEFT_OUT = "Searches leave out very common words such as “for” and “the”"
# Commas or new lines separate the entries, whichever an editor finds easier to type.
_SEPARATOR = re.compile(r"[,\n]")


def split_entries(text: str) -> list[str]:
    """The entries of an "also matches" list, tidied: spaces trimmed, blanks and repeats dropped."""
    entries: dict[str, str] = {}
    for piece in _SEPARATOR.split(text or ""):
        entry = " ".join(piece.split())
        if entry:
            entries.setdefault(entry.casefold(), entry)
    return list(entries.values())


class SearchSynonym(models.Model):
    """A word or phrase people search for ("knitting") and others it should also find ("crafts").

    One way only: a search for the phrase also finds the other words, not the reverse. The
    public search reads every entry when it rebuilds its index (activities.search.text_index).
    """

    phrase = models.CharField(
        max_length=MAX_PHRASE_CHARACTERS,
        help_text="A word or short phrase people type into the search, for example: knitting.",
    )
    also_matches = models.CharField(
        max_length=600,
        help_text=(
            "Other words or phrases a search for it should also find, separated by commas. "
            "For example: crafts, yarn, crochet. A phrase of several words finds an activity "
            "that has all of them."
        ),
    )

    panels = [FieldPanel("phrase"), FieldPanel("also_matches", widget=forms.Textarea(attrs={"rows": 3}))]

    class Meta:
        ordering = ["phrase"]
        constraints = [
            models.UniqueConstraint(
                Lower("phrase"),
                name="activities_searchsynonym_phrase_unique",
                violation_error_message="There is already an entry for this phrase. Change that one instead.",
            )
        ]

    def __str__(self) -> str:
        return self.phrase

    def entries(self) -> list[str]:
        return split_entries(self.also_matches)

    def clean(self):
        super().clean()
        self.phrase = " ".join((self.phrase or "").split())
        errors = {}
        phrase_error = self._phrase_error()
        if phrase_error:
            errors["phrase"] = phrase_error
        also_matches_error = self._also_matches_error()
        if also_matches_error:
            errors["also_matches"] = also_matches_error
        else:
            self.also_matches = ", ".join(self.entries())
        if errors:
            raise ValidationError(errors)

    def _phrase_error(self) -> str | None:
        if not self.phrase:
            return "Enter a word or phrase people search for"
        if not terms(self.phrase):
            return f"Enter a word people search for, such as knitting. {COMMON_WORDS_LEFT_OUT}"
        same = SearchSynonym.objects.filter(phrase__iexact=self.phrase).exclude(pk=self.pk)
        if same.exists():
            return "There is already an entry for this phrase. Change that one instead"
        return None

    def _also_matches_error(self) -> str | None:
        entries = self.entries()
        if not entries:
            return "Enter at least one word or phrase it should also find"
        if len(entries) > MAX_ALSO_MATCHES:
            return f"Enter {MAX_ALSO_MATCHES} words or phrases or fewer"
        for entry in entries:
            if len(entry) > MAX_PHRASE_CHARACTERS:
                limit = MAX_PHRASE_CHARACTERS
                return f"Each word or phrase must be {limit} characters or fewer: “{entry[:20]}…” is longer"
            if not terms(entry):
                return f"“{entry}” has no word the search can use. {COMMON_WORDS_LEFT_OUT}"
        return None
