"""Partners change their profile and activities; each change is a revision sent for review.

Being written for issue 13: each view answers 404 until it is.
"""

from django.http import Http404


def partner_profile(request, **kwargs):
    raise Http404


def activity_new(request, **kwargs):
    raise Http404


def activity_edit(request, **kwargs):
    raise Http404
