from django.http import HttpResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET


@never_cache
@require_GET
def health(request):
    """A bare view for load balancers, and the baseline every benchmark is measured against."""
    return HttpResponse("ok", content_type="text/plain")
