"""The community reporters' pages: write a story, see their own, edit, send and withdraw.

Every view answers through activities.stories.policy: a story that is not the user's (or that does
not exist) is 404, the same either way. The addresses are under /stories/new/ and /stories/mine/,
which need a second factor and are never cached (creative_minds/two_factor/middleware.py,
PRIVATE_PATH_PREFIXES)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from activities.stories import policy, selectors, services
from activities.stories.forms import SEND, ConfirmWithdrawForm, StoryForm
from activities.stories.models import ReporterProfile, StoryPage

STORIES_PER_PAGE = 25


def _reporter_locality(user):
    profile = ReporterProfile.objects.filter(user=user).select_related("locality").first()
    return profile.locality if profile else None


@never_cache
@login_required
def new(request):
    """An empty story form. The first save makes the draft; from then on it is edited at its own address."""
    if not policy.is_reporter(request.user):
        raise Http404("Only community reporters write stories")
    form = StoryForm(
        request.POST or None, request.FILES or None, reporter_locality=_reporter_locality(request.user)
    )
    if request.method == "POST":
        form.is_valid()
        story = services.create_draft_story(author=request.user)
        return _save(request, form, story)
    return _form_page(request, form, story=None)


@never_cache
@login_required
def edit(request, public_id):
    story = policy.get_or_404(
        policy.visible_stories(request.user).select_related("activity__partner", "image", "media_document"),
        policy.can_view_story,
        request.user,
        public_id=public_id,
    )
    if not policy.can_edit_story(request.user, story):
        if request.method == "POST":
            if story.reporter_id != request.user.pk:
                raise Http404("Only its reporter changes a story here")
            messages.error(request, "This story cannot be changed now.")
            return redirect("stories:edit", public_id=story.public_id)
        return _summary_page(request, story)
    locality = _reporter_locality(request.user)
    if request.method == "POST":
        form = StoryForm(request.POST, request.FILES, reporter_locality=locality)
        form.is_valid()
        return _save(request, form, story)
    form = StoryForm(initial=StoryForm.initial_for(story), reporter_locality=locality)
    return _form_page(request, form, story=story)


def _save(request, form, story):
    """Save whatever is valid (a draft is never lost), then send it if asked and it is ready."""
    cleaned = getattr(form, "cleaned_data", {})
    story = services.update_draft(
        story=story,
        user=request.user,
        values=form.valid_values(),
        themes=cleaned.get("themes") if "themes" not in form.errors else None,
        image=cleaned.get("image"),
        recording=cleaned.get("recording"),
        remove_image=bool(cleaned.get("remove_image")) and not cleaned.get("image"),
        remove_recording=bool(cleaned.get("remove_recording")) and not cleaned.get("recording"),
    )
    if form.errors:
        return _form_page(request, form, story=story, saved=True)
    if request.POST.get("action") == SEND:
        try:
            services.send_for_review(story=story, user=request.user)
        except services.NotReady as not_ready:
            for name, problem in not_ready.problems.items():
                form.add_error(None if name not in form.fields else name, problem)
            return _form_page(request, form, story=story, saved=True)
        messages.success(request, f"“{story.title}” has been sent for review. We will let you know.")
        return redirect("stories:mine")
    messages.success(request, "Your draft has been saved.")
    return redirect("stories:edit", public_id=story.public_id)


def _form_page(request, form, *, story, saved=False):
    return TemplateResponse(
        request,
        "stories/reporters/story_form.html",
        {
            "form": form,
            "story": story,
            "saved": saved,
            "state": policy.state_of(story) if story else policy.DRAFT,
            "comment": _moderator_comment(story) if story else "",
            "action": reverse("stories:edit", args=[story.public_id]) if story else reverse("stories:new"),
        },
    )


def _summary_page(request, story):
    return TemplateResponse(
        request,
        "stories/reporters/story_summary.html",
        {
            "story": story,
            "state": policy.state_of(story),
            "state_label": policy.STATE_LABELS[policy.state_of(story)],
            "comment": _moderator_comment(story),
            "can_withdraw": policy.can_withdraw_story(request.user, story),
        },
    )


def _moderator_comment(story: StoryPage) -> str:
    if story.rejected_at is not None:
        return story.rejection_reason
    workflow_state = story.current_workflow_state
    if workflow_state is not None and workflow_state.status == workflow_state.STATUS_NEEDS_CHANGES:
        return workflow_state.current_task_state.comment if workflow_state.current_task_state else ""
    return ""


@never_cache
@login_required
def mine(request):
    """A reporter's stories, each with where it is and what the moderator said."""
    if not policy.is_reporter(request.user):
        raise Http404("Only community reporters have stories here")
    page = Paginator(selectors.my_stories(request.user), STORIES_PER_PAGE).get_page(request.GET.get("page"))
    rows = [
        {
            "story": story,
            "state": policy.state_of(story),
            "state_label": policy.STATE_LABELS[policy.state_of(story)],
            "comment": _moderator_comment(story),
        }
        for story in page.object_list
    ]
    return TemplateResponse(request, "stories/reporters/mine.html", {"page": page, "rows": rows})


@never_cache
@login_required
@require_POST
def send(request, public_id):
    story = policy.get_or_404(
        policy.visible_stories(request.user), policy.can_edit_story, request.user, public_id=public_id
    )
    try:
        services.send_for_review(story=story, user=request.user)
    except services.NotReady as not_ready:
        messages.error(request, "Before you send it: " + "; ".join(not_ready.problems.values()) + ".")
        return redirect("stories:edit", public_id=story.public_id)
    messages.success(request, f"“{story.title}” has been sent for review.")
    return redirect("stories:mine")


@never_cache
@login_required
def withdraw(request, public_id):
    """Take a story down at the storyteller's request, after a confirm step."""
    story = policy.get_or_404(
        policy.visible_stories(request.user), policy.can_withdraw_story, request.user, public_id=public_id
    )
    form = ConfirmWithdrawForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        services.withdraw_story(story=story, user=request.user, reason=form.cleaned_data["reason"])
        messages.success(request, "The story has been taken down and its pictures and recordings deleted.")
        return redirect("stories:mine")
    return TemplateResponse(request, "stories/reporters/withdraw.html", {"story": story, "form": form})
