from django.contrib.auth.decorators import login_required
from django.template.response import TemplateResponse
from django.utils import timezone

from activities.listings import policy as listing_policy
from activities.listings import selectors as listing_selectors
from activities.referrals import policy
from activities.stories import policy as story_policy
from partners.models import PartnerContact
from partners.permissions import coordinated_collectives, current_memberships


@login_required
def account_home(request):
    """Where someone lands after signing in: links to each area they can use."""
    has_listings = listing_policy.has_listings(request.user)
    return TemplateResponse(
        request,
        "registration/account.html",
        {
            "contacts": PartnerContact.objects.filter(user=request.user).select_related("partner"),
            "memberships": current_memberships(request.user).select_related("collective"),
            "coordinates": coordinated_collectives(request.user).exists(),
            "is_champion": policy.is_champion(request.user),
            "sees_referrals": policy.has_referral_role(request.user),
            "is_reporter": story_policy.is_reporter(request.user),
            "has_listings": has_listings,
            "listings_to_look_at": (
                listing_selectors.attention_count(request.user, day=timezone.localdate())
                if has_listings
                else 0
            ),
        },
    )
