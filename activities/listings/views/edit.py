"""Partners change their profile and activities; each change is a revision sent for review.

A front-end form, not the Wagtail admin: the people who keep a listing true are small community
groups, mostly on a phone. The admin's page tree, StreamFields and panels are a staff tool; here a
partner sees one plain form in the NHS.UK style, in sections with headings, that works without
JavaScript. What they send becomes a Wagtail revision all the same (activities.listings.services
.changes), so staff review it with Wagtail's own workflow and revision comparison.

Every view finds its page through activities.listings.policy, which answers 404 to anyone who does
not manage it.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.views.decorators.cache import never_cache
from wagtail.models import Page, Revision, WorkflowState

from activities.listings import policy
from activities.listings.forms.edit import (
    SESSIONS_PREFIX,
    ActivityForm,
    PartnerProfileForm,
    SessionFormSet,
    activity_facts,
    changed_facts,
    partner_facts,
)
from activities.listings.services import changes
from activities.models import ActivityPage

SENT_FOR_REVIEW = (
    "Thank you. Your changes have been sent to Creative Minds to check. Your listing will show them "
    "once they are approved, usually within 2 working days."
)
PUBLISHED = "Your changes are live."


@never_cache
@login_required
def activity_edit(request, key):
    activity = policy.managed_activity_or_404(request.user, key)
    draft = activity.get_latest_revision_as_object()
    return _activity_form(request, activity.partner, draft, live=activity)


@never_cache
@login_required
def activity_new(request, key):
    partner = policy.managed_partner_or_404(request.user, key)
    return _activity_form(request, partner, ActivityPage(partner=partner), live=None)


@never_cache
@login_required
def partner_profile(request, key):
    partner = policy.managed_partner_or_404(request.user, key)
    draft = partner.get_latest_revision_as_object()
    form = PartnerProfileForm(
        request.POST or None, instance=draft, initial={"revision": partner.latest_revision_id or ""}
    )
    context = {"partner": partner, "form": form, **_review_state(partner)}
    if request.method == "POST":
        stale = _stale(form, partner)
        if not stale and form.is_valid():
            try:
                revision = changes.submit_change(form.instance, user=request.user, based_on=form.based_on)
            except changes.ChangedSinceOpened:
                stale = True
            else:
                return _sent(request, partner, revision)
        if stale:
            context.update(_stale_context(form, partner, facts=partner_facts))
    context["problems"] = _problems([form])
    return TemplateResponse(request, "listings/edit/partner_profile.html", context)


def _activity_form(request, partner, draft, *, live: ActivityPage | None):
    """The activity form for `draft` (the page built from its latest revision, or a new unsaved one)."""
    data = request.POST.copy() if request.method == "POST" else None
    revision_id = live.latest_revision_id if live else None
    form = ActivityForm(
        data, request.FILES or None, instance=draft, partner=partner, initial={"revision": revision_id or ""}
    )
    sessions = SessionFormSet(data, instance=draft, prefix=SESSIONS_PREFIX)
    sessions_unreadable = data is not None and not sessions.management_is_sound()
    if sessions_unreadable:
        # Made-up numbers of sessions: show the sessions as they were, and say so.
        sessions = SessionFormSet(instance=draft, prefix=SESSIONS_PREFIX)
    context = {
        "partner": partner,
        "activity": live,
        "form": form,
        "sessions": sessions,
        "sessions_unreadable": sessions_unreadable,
        "forms": [form, *sessions.forms],
        **(_review_state(live) if live else {}),
    }
    if data is None:
        return _activity_page(request, context)
    stale = live is not None and _stale(form, live)
    valid = form.is_valid() & sessions.is_valid()
    if valid and not stale:
        page = form.save(commit=False)
        sessions.save(commit=False)
        try:
            if live is None:
                page = changes.create_activity(partner, page, user=request.user, photo=form.new_photo)
                return _sent(request, partner, page.latest_revision)
            revision = changes.submit_change(
                page, user=request.user, based_on=form.based_on, photo=form.new_photo
            )
        except changes.ChangedSinceOpened:
            stale = True
        else:
            return _sent(request, partner, revision)
    if stale:
        context.update(_stale_context(form, live, facts=activity_facts))
    return _activity_page(request, context)


def _activity_page(request, context):
    context["problems"] = _problems(context["forms"], context["sessions"], context["sessions_unreadable"])
    return TemplateResponse(request, "listings/edit/activity_form.html", context)


def _problems(forms, sessions=None, sessions_unreadable=False) -> list[dict]:
    """Every message on the page, each with the id of the input it is about, for the error summary."""
    problems = []
    if sessions_unreadable:
        problems.append({"anchor": "sessions", "message": "The sessions could not be read. Check them"})
    if sessions is not None:
        problems += [{"anchor": "sessions", "message": error} for error in sessions.non_form_errors()]
    for form in forms:
        problems += [{"anchor": "", "message": error} for error in form.non_field_errors()]
        for field in form:
            if field.is_hidden and field.errors:
                problems.append({"anchor": "sessions", "message": "A session could not be read. Check it"})
            elif field.errors:
                problems += [{"anchor": field.first_input_id, "message": error} for error in field.errors]
    return problems


def _stale(form, live) -> bool:
    """Whether a newer revision was saved since the form was opened."""
    return form.based_on != live.latest_revision_id


def _stale_context(form, live, *, facts) -> dict:
    """What someone else changed since the form was opened (their values now), and the form ready to
    send again over them: what the person typed stays as typed."""
    # Read again from the database: the form has written what was typed onto its own copy.
    live = type(live).objects.get(pk=live.pk)
    newest = live.get_latest_revision_as_object()
    opened = _revision_object(live, form.based_on) or type(live).objects.get(pk=live.pk)
    form.data = form.data.copy()
    form.data["revision"] = str(live.latest_revision_id or "")
    return {"stale": True, "newer": changed_facts(facts(opened), facts(newest))}


def _revision_object(live, revision_id):
    if not isinstance(revision_id, int):
        return None
    revision = Revision.objects.filter(
        pk=revision_id, base_content_type=live.get_base_content_type(), object_id=str(live.pk)
    ).first()
    return revision.as_object() if revision else None


def _review_state(page) -> dict:
    """Whether a change is waiting for review, and what staff asked to change if they asked."""
    state = page.current_workflow_state
    if state is None:
        return {"waiting": False, "changes_asked": False, "comment": ""}
    needs_changes = state.status == WorkflowState.STATUS_NEEDS_CHANGES
    task_state = state.current_task_state
    return {
        "waiting": not needs_changes,
        "changes_asked": needs_changes,
        "comment": task_state.comment if needs_changes and task_state else "",
    }


def _sent(request, partner, revision: Revision):
    published = Page.objects.filter(pk=revision.object_id, live_revision=revision).exists()
    messages.success(request, PUBLISHED if published else SENT_FOR_REVIEW)
    return redirect("listings:partner", key=partner.translation_key)
