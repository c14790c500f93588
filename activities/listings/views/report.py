"""Tell us if something is wrong (activity and partner pages).

Being written for issue 13: each view answers 404 until it is.
"""

from django.http import Http404


def report_activity_problem(request, **kwargs):
    raise Http404


def report_activity_problem_sent(request, **kwargs):
    raise Http404


def report_partner_problem(request, **kwargs):
    raise Http404


def report_partner_problem_sent(request, **kwargs):
    raise Http404
