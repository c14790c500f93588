from django.contrib.auth.decorators import login_required
from django.template.response import TemplateResponse
from django.utils import timezone

from activities.listings import policy as listing_policy
from activities.referrals import policy
from activities.stories import policy as story_policy
from home import selectors
from partners.models import PartnerContact
from partners.permissions import coordinated_collectives, current_memberships


@login_required
def account_home(request):
    """Where someone lands after signing in: for each role, what is waiting for them (as numbers
    linking to the page where they deal with it), then links to each area they can use."""
    user, today = request.user, timezone.localdate()
    contacts = list(PartnerContact.objects.filter(user=user).select_related("partner"))
    memberships = list(current_memberships(user).select_related("collective"))
    has_listings = listing_policy.has_listings(user)
    is_champion = policy.is_champion(user)
    coordinates_referrals = bool(policy.coordinated_locality_ids(user))
    return TemplateResponse(
        request,
        "registration/account.html",
        {
            "contacts": contacts,
            "memberships": memberships,
            "coordinates": coordinated_collectives(user).exists(),
            "is_champion": is_champion,
            "sees_referrals": policy.has_referral_role(user),
            "is_reporter": story_policy.is_reporter(user),
            "has_listings": has_listings,
            "partner_cards": selectors.partner_cards(user, today=today) if contacts else [],
            "listings_cards": [selectors.listings_card(user, today=today)] if has_listings else [],
            "champion_cards": selectors.champion_cards(user) if is_champion else [],
            "member_cards": selectors.member_cards(user, today=today) if memberships else [],
            "coordinator_cards": (
                selectors.coordinator_cards(user, today=today) if coordinates_referrals else []
            ),
        },
    )
