"""One view, at the same path as the site's own bare view, so run.py checks both the same way."""

from django.http import HttpResponse
from django.urls import path


def ok(request):
    return HttpResponse("ok", content_type="text/plain")


urlpatterns = [path("healthz/", ok)]
