"""Your listings: the partners a person manages, and each one's profile and activities with where
each stands (live, paused, waiting for review, due a check, reported as wrong).

Every view asks activities.listings.policy and answers 404 to anyone it refuses. The pages are under
/listings/, never cached (PRIVATE_PATH_PREFIXES) and not behind the second factor: what they show is
the partner's public listing and where it is in review, never anyone's personal details.
"""

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.utils import timezone
from django.utils.http import urlencode

from activities.listings import policy, selectors
from activities.listings.forms.dashboard import PartnerSearchForm
from partners.permissions import partner_ids_for

PARTNERS_PER_PAGE = 30


@login_required
def index(request):
    """One partner: straight to its listings. Several (or staff, who may open any): choose one."""
    user = request.user
    if not policy.has_listings(user):
        raise Http404("No listings to manage")
    staff = policy.manages_any_listing(user)
    own = partner_ids_for(user)
    if not staff and len(own) == 1:
        partner = policy.managed_partners(user).get()
        return redirect("listings:partner", key=partner.translation_key)
    form = PartnerSearchForm(request.GET if staff else None)
    search = form.search if staff else ""
    page = Paginator(selectors.partners_to_choose(user, search=search), PARTNERS_PER_PAGE).get_page(
        request.GET.get("page")
    )
    return TemplateResponse(
        request,
        "listings/dashboard/index.html",
        {
            "page": page,
            "form": form,
            "search": search,
            "staff": staff,
            "query_string": urlencode({"q": search}) if search else "",
        },
    )


@login_required
def partner_listings(request, key):
    partner = policy.managed_partner_or_404(request.user, key)
    today = timezone.localdate()
    return TemplateResponse(
        request,
        "listings/dashboard/partner.html",
        {
            "partner": partner,
            "profile": selectors.partner_profile_state(partner, day=today),
            "rows": selectors.partner_listing_rows(partner, day=today),
            "several": policy.manages_any_listing(request.user) or len(partner_ids_for(request.user)) > 1,
        },
    )
