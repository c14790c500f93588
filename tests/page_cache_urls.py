"""A view that asks to be kept publicly for a day, for tests/test_page_cache.py."""

from django.http import HttpResponse
from django.urls import path
from django.views.decorators.cache import cache_control


@cache_control(public=True, max_age=86400)
def public_for_a_day(request):
    return HttpResponse("The same for everyone", content_type="text/plain")


urlpatterns = [path("public-for-a-day/", public_for_a_day)]
