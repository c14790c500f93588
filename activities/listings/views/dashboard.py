"""Your listings: the partners a person manages and each one's activities.

Being written for issue 13: each view answers 404 until it is.
"""

from django.http import Http404


def index(request, **kwargs):
    raise Http404


def partner_listings(request, **kwargs):
    raise Http404
