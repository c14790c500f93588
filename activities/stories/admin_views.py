"""Stories' own views in the Wagtail admin: turning a quotable answer into a draft story.

Reports > What has changed for people (activities.referrals.what_changed_report) shows the button;
this view makes the draft and opens it in Wagtail's editor, where the moderator edits it and it goes
through the "Story moderation" workflow like any story. Under /admin/, so Wagtail asks for admin
access, the second factor is asked for and the answer is never cached.
"""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import redirect
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from activities.referrals import selectors as referral_selectors
from activities.stories import policy, services


@never_cache
@require_POST
def story_from_answer(request, answer_id):
    # Refused as the report refuses (Wagtail's "you do not have permission", back to the dashboard).
    if not policy.can_make_story_from_answer(request.user):
        raise PermissionDenied
    answer = referral_selectors.shared_answer(answer_id)
    # Not shared any more, no longer quotable, consent withdrawn or deleted: all the same to the user.
    if answer is None or not answer.may_be_quoted:
        raise Http404("Not found")
    story, made = services.create_story_from_answer(answer=answer, user=request.user)
    if story.withdrawn_at is not None:
        messages.warning(request, "The story made from these words has been taken down for good.")
        return redirect("referrals_shared_answers")
    if made:
        messages.success(
            request, "Draft story made from their words. Check it, then submit it for moderation."
        )
    else:
        messages.info(request, "A story was already made from these words. Here it is.")
    return redirect("wagtailadmin_pages:edit", story.pk)
