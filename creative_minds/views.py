from django.http import HttpResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.clickjacking import xframe_options_deny
from django.views.decorators.http import require_GET

# Also routed in creative_minds/urls.py, but answered before that by HealthCheckMiddleware.
HEALTH_PATH = "/healthz/"


@never_cache
@xframe_options_deny
@require_GET
def health(request):
    """For load balancers: "ok" means this process is up and answering requests for an allowed host
    name. It reads neither the database nor the cache, so it stays "ok" while either is down (a
    page that needs them fails on its own). The baseline every benchmark is measured against."""
    return HttpResponse("ok", content_type="text/plain")
