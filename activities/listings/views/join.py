"""Become a partner.

Being written for issue 13: each view answers 404 until it is.
"""

from django.http import Http404


def become_a_partner(request, **kwargs):
    raise Http404


def become_a_partner_sent(request, **kwargs):
    raise Http404
