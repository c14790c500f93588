"""{% join_or_refer page %}: an activity page's "How to join" block, with "Refer someone" for signed-in
champions. A template tag, so the directory's page model never imports referrals (README,
"Architecture"), and so the policy, not the template, decides who is a champion.

Everyone else sees what they can do instead, by how the activity takes people. The page an anonymous
visitor gets is the one the page cache keeps; a signed-in person's page is never cached
(creative_minds.middleware), so the champion's button is never shown to anyone else.
"""

from django import template

from activities.referrals import policy

register = template.Library()


@register.inclusion_tag("referrals/referrals/_join_or_refer.html", takes_context=True)
def join_or_refer(context, page):
    request = context.get("request")
    user = getattr(request, "user", None)
    signed_in = user is not None and user.is_authenticated
    return {
        "activity": page,
        "can_refer": signed_in and not page.has_ended and policy.can_refer(user),
        "signed_in": signed_in,
        "request": request,
    }
