from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.template.response import TemplateResponse

from activities.referrals import policy, swemwbs
from home.disclosure import MEANINGFUL_CHANGE, MIN_GROUP, SUPPRESS_BELOW
from home.impact import impact_figures, wellbeing_chart
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
        },
    )


def impact(request):
    """/impact/: published outcomes. Public and cacheable: every figure is an aggregate that has
    been through disclosure control (home.impact), so nothing on it is about one person."""
    figures = impact_figures()
    return TemplateResponse(
        request,
        "home/impact.html",
        {
            "figures": figures,
            "chart": wellbeing_chart(figures.wellbeing_by_locality),
            "min_group": MIN_GROUP,
            "suppress_below": SUPPRESS_BELOW,
            "meaningful_change": MEANINGFUL_CHANGE,
            "copyright": swemwbs.COPYRIGHT,
            "follow_up_weeks": settings.WELLBEING_FOLLOW_UP_WEEKS,
        },
    )
