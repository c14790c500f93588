import qrcode
import qrcode.image.svg
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.safestring import mark_safe
from django.views.decorators.cache import never_cache
from django_otp import login as otp_login
from django_otp.plugins.otp_totp.models import TOTPDevice

from creative_minds.two_factor.forms import CodeForm
from creative_minds.two_factor.middleware import can_use_admin


def _next_url(request) -> str:
    target = request.POST.get("next") or request.GET.get("next") or "/admin/"
    if url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return "/admin/"


def _staff_or_404(request):
    if not can_use_admin(request.user):
        raise Http404("Only for people who use the admin")


@never_cache
@login_required
def setup(request):
    """Link an authenticator app: show a QR code and its key, then check one code from the app."""
    _staff_or_404(request)
    if TOTPDevice.objects.filter(user=request.user, confirmed=True).exists():
        return redirect(f"{request.path.replace('setup/', '')}?next={_next_url(request)}")
    device, _ = TOTPDevice.objects.get_or_create(
        user=request.user, confirmed=False, defaults={"name": "Authenticator app"}
    )
    form = CodeForm(request.POST or None, device=device)
    if request.method == "POST" and form.is_valid():
        device.confirmed = True
        device.save(update_fields=["confirmed"])
        otp_login(request, device)
        return redirect(_next_url(request))
    return TemplateResponse(
        request,
        "two_factor/setup.html",
        {
            "form": form,
            "qr_svg": _qr_svg(device.config_url),
            "secret": _grouped(device.config_url.split("secret=")[1].split("&")[0]),
            "next": _next_url(request),
        },
    )


@never_cache
@login_required
def verify(request):
    """Ask for the current code before the admin opens."""
    _staff_or_404(request)
    device = TOTPDevice.objects.filter(user=request.user, confirmed=True).first()
    if device is None:
        return redirect(f"{request.path}setup/?next={_next_url(request)}")
    form = CodeForm(request.POST or None, device=device)
    if request.method == "POST" and form.is_valid():
        otp_login(request, device)
        return redirect(_next_url(request))
    return TemplateResponse(request, "two_factor/verify.html", {"form": form, "next": _next_url(request)})


def _qr_svg(data: str) -> str:
    """The set-up link as an inline SVG QR code (a plain path, which every browser draws)."""
    image = qrcode.make(data, image_factory=qrcode.image.svg.SvgPathImage)
    return mark_safe(image.to_string(encoding="unicode"))  # noqa: S308 - made by qrcode from our own link


def _grouped(secret: str) -> str:
    return " ".join(secret[i : i + 4] for i in range(0, len(secret), 4))
