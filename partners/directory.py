"""The partner directory at /partners/: its filter and the page of partners it lists.

partners.models imports this module (PartnerIndexPage.get_context passes in its own children and
the localities), so nothing here imports the models back.
"""

from django import forms
from django.core.paginator import Paginator
from django.db.models import Count, Prefetch, Q

from creative_minds.forms import NHSUKForm

PARTNERS_PER_PAGE = 30


class PartnerDirectoryForm(NHSUKForm):
    """The partner directory's filter: one area, or all of them. An area that is not one of the
    choices (an old or hand-edited link) is ignored and every area shown, with a message."""

    locality = forms.ChoiceField(
        label="Area", required=False, error_messages={"invalid_choice": "Choose an area from the list"}
    )
    # Not a question: the page of results, carried by the pagination links. Listed so that this form
    # is the one list of what the directory reads (the page cache and the hostile-input test use it).
    page = forms.CharField(required=False, widget=forms.HiddenInput)  # the paginator makes sense of any value

    def __init__(self, *args, localities, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["locality"].choices = [("", "All areas"), *((loc.slug, loc.name) for loc in localities)]


def partner_directory(request, *, partners, localities) -> dict:
    """Published `partners` (a PartnerPage queryset), optionally in one of `localities` (a Locality
    queryset in name order), with how many activities each runs."""
    chosen_from = list(localities)
    form = PartnerDirectoryForm(request.GET, localities=chosen_from)
    form.is_valid()  # a value it cannot use is left out of cleaned_data, and so ignored
    chosen = next((loc for loc in chosen_from if loc.slug == form.cleaned_data.get("locality")), None)
    partners = (
        partners.live()
        .public()
        .annotate(activity_count=Count("activities", filter=Q(activities__live=True), distinct=True))
        .prefetch_related(Prefetch("localities", queryset=localities))
        .order_by("title")
    )
    if chosen:
        partners = partners.filter(localities=chosen)
    page = Paginator(partners, PARTNERS_PER_PAGE).get_page(form.cleaned_data.get("page"))
    return {"partners": page, "directory_form": form, "chosen_locality": chosen}
