"""The review cycle's link: these details are still right.

Being written for issue 13: each view answers 404 until it is.
"""

from django.http import Http404


def confirm(request, **kwargs):
    raise Http404


def confirm_signed_in(request, **kwargs):
    raise Http404
