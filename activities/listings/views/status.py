"""Pause, end or restart an activity.

Being written for issue 13: each view answers 404 until it is.
"""

from django.http import Http404


def activity_status(request, **kwargs):
    raise Http404
