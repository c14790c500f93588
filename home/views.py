from django.contrib.auth.decorators import login_required
from django.template.response import TemplateResponse

from activities.referrals import policy
from activities.stories import policy as story_policy
from partners.models import PartnerContact
from partners.permissions import coordinated_collectives, current_memberships


@login_required
def account_home(request):
    """Where someone lands after signing in: links to each area they can use."""
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
        },
    )
