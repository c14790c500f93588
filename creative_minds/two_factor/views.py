"""The second-factor pages under /account/two-factor/.

Setting up: setup (a code emailed to the account's address, which the password alone cannot
read) -> choose (an app or email codes) -> setup_app (QR code) -> backup_codes (shown once).
Signing in: verify (a code from the app, "email me a code", or a backup code).
Afterwards: manage (what is set up, a new set of backup codes).
"""

import logging
from smtplib import SMTPException

import qrcode
import qrcode.image.svg
from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, resolve_url
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme, urlencode
from django.utils.safestring import mark_safe
from django.views.decorators.cache import never_cache
from django_otp import login as otp_login

from creative_minds.two_factor import enrolment, selectors, services
from creative_minds.two_factor.forms import (
    METHOD_LABELS,
    MethodForm,
    SixDigitCodeForm,
    code_form,
    problem_message,
    wait_text,
)
from creative_minds.two_factor.selectors import APP, BACKUP, EMAIL

logger = logging.getLogger(__name__)

ADDED = {
    APP: "Your authenticator app is set up. You can use it or your other methods to sign in.",
    EMAIL: "Email codes are set up. You can use them or your other methods to sign in.",
}

NO_EMAIL_SENT = (
    "We could not send the email just now. Try again in a few minutes. "
    "If it keeps happening, contact Creative Minds."
)


def _next_url(request) -> str:
    target = request.POST.get("next") or request.GET.get("next") or ""
    if target and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return resolve_url(settings.LOGIN_REDIRECT_URL)


def _to(name: str, next_url: str, **params) -> str:
    return f"{reverse(name)}?{urlencode({**params, 'next': next_url})}"


def _send(request, device, *, purpose: str) -> None:
    try:
        outcome = services.send_code(device=device, purpose=purpose)
    except (SMTPException, OSError):
        logger.exception("Could not email a two-factor code to user %s", request.user.pk)
        messages.error(request, NO_EMAIL_SENT)
        return
    if not outcome.ok:
        messages.info(
            request,
            "We sent you a code less than a minute ago. Check your email, including any junk or spam "
            f"folder. You can ask for a new code in {wait_text(outcome.wait_seconds)}.",
        )


def _verified(request, device) -> None:
    otp_login(request, device)
    # The session now opens health data: give it a new key, as signing in does.
    request.session.cycle_key()


def _finish_set_up(request, device, next_url: str):
    codes = services.confirm(device=device)
    enrolment.forget(request)
    _verified(request, device)
    if codes:
        enrolment.keep_new_backup_codes(request, codes)
        return redirect(_to("two_factor_backup_codes", next_url))
    messages.success(request, ADDED[services.METHOD_OF[type(device)]])
    return redirect(reverse("two_factor_manage"))


def _may_set_up(request) -> bool:
    """Proved just now that they read the account's email, and either has no method yet or has
    already given a second factor this session (adding another method)."""
    user = request.user
    return enrolment.email_checked(request) and (user.is_verified() or selectors.needs_enrolment(user))


# -- signing in --------------------------------------------------------------------------------


@never_cache
@login_required
def verify(request):
    """Ask for a second factor: the app's code, an emailed code, or a backup code."""
    next_url = _next_url(request)
    methods = selectors.methods_for(request.user)
    if not methods.usable:
        return redirect(_to("two_factor_setup", next_url))
    method = request.POST.get("method") or request.GET.get("method")
    if method not in methods.usable:
        method = methods.usable[0]
    device = methods.device(method)

    form = code_form(method)
    if request.method == "POST":
        if method == EMAIL and request.POST.get("action") == "send":
            _send(request, device, purpose="verify")
            return redirect(_to("two_factor_verify", next_url, method=EMAIL))
        form = code_form(method, request.POST)
        if form.is_valid():
            outcome = services.check_code(device=device, code=form.cleaned_data["code"])
            if outcome.ok:
                _verified(request, device)
                return redirect(next_url)
            form.add_error("code", problem_message(method, outcome))
    return TemplateResponse(
        request,
        "two_factor/verify.html",
        {
            "form": form,
            "method": method,
            "others": [other for other in methods.usable if other != method],
            "code_waiting": method != EMAIL or selectors.code_is_waiting(device) or form.is_bound,
            "address": selectors.masked(methods.email_address),
            "minutes": settings.OTP_EMAIL_TOKEN_VALIDITY // 60,
            "next": next_url,
        },
    )


# -- setting up ------------------------------------------------------------------------------


@never_cache
@login_required
def setup(request):
    """First step of setting up: prove that you read the account's email, with a code sent there."""
    user = request.user
    next_url = _next_url(request)
    if not (user.is_verified() or selectors.needs_enrolment(user)):
        # A password alone never adds a method to an account that has one.
        return redirect(_to("two_factor_verify", next_url))
    if not user.email:
        return TemplateResponse(request, "two_factor/no_email.html", {"next": next_url})
    if enrolment.email_checked(request):
        return redirect(_to("two_factor_choose", next_url))

    device = selectors.enrolment_device(user)
    form = SixDigitCodeForm(source=EMAIL)
    if request.method == "POST":
        if request.POST.get("action") == "send":
            _send(request, services.start_enrolment(user=user), purpose="enrol")
            return redirect(_to("two_factor_setup", next_url))
        form = SixDigitCodeForm(request.POST, source=EMAIL)
        if form.is_valid():
            outcome = (
                services.check_code(device=device, code=form.cleaned_data["code"])
                if device
                else services.Outcome(False, "expired")
            )
            if outcome.ok:
                enrolment.mark_email_checked(request)
                return redirect(_to("two_factor_choose", next_url))
            form.add_error("code", problem_message(EMAIL, outcome))
    return TemplateResponse(
        request,
        "two_factor/check_email.html",
        {
            "form": form,
            "code_waiting": selectors.code_is_waiting(device) or form.is_bound,
            "address": selectors.masked(user.email),
            "minutes": settings.OTP_EMAIL_TOKEN_VALIDITY // 60,
            "first_method": selectors.needs_enrolment(user),
            "next": next_url,
        },
    )


@never_cache
@login_required
def choose(request):
    """Second step: an authenticator app, or codes by email (the address just proved)."""
    next_url = _next_url(request)
    if not _may_set_up(request):
        return redirect(_to("two_factor_setup", next_url))
    methods = selectors.methods_for(request.user)
    available = tuple(method for method in (APP, EMAIL) if methods.device(method) is None)
    if not available:
        return redirect(reverse("two_factor_manage"))
    form = MethodForm(request.POST or None, available=available)
    if request.method == "POST" and form.is_valid():
        if form.cleaned_data["method"] == APP:
            return redirect(_to("two_factor_setup_app", next_url))
        device = selectors.enrolment_device(request.user)
        if device is None:  # removed by a staff reset since the code was checked
            enrolment.forget(request)
            return redirect(_to("two_factor_setup", next_url))
        return _finish_set_up(request, device, next_url)
    return TemplateResponse(
        request,
        "two_factor/choose.html",
        {"form": form, "first_method": selectors.needs_enrolment(request.user), "next": next_url},
    )


@never_cache
@login_required
def setup_app(request):
    """Link an authenticator app: show a QR code and its key, then check one code from the app."""
    next_url = _next_url(request)
    if not _may_set_up(request):
        return redirect(_to("two_factor_setup", next_url))
    methods = selectors.methods_for(request.user)
    if methods.app:
        return redirect(reverse("two_factor_manage"))
    device = services.app_for_set_up(user=request.user)
    form = SixDigitCodeForm(request.POST or None, source=APP)
    if request.method == "POST" and form.is_valid():
        outcome = services.check_code(device=device, code=form.cleaned_data["code"])
        if outcome.ok:
            return _finish_set_up(request, device, next_url)
        form.add_error("code", problem_message(APP, outcome))
    return TemplateResponse(
        request,
        "two_factor/setup_app.html",
        {
            "form": form,
            "qr_svg": _qr_svg(device.config_url),
            "secret": _grouped(device.config_url.split("secret=")[1].split("&")[0]),
            "email_instead": methods.email is None,
            "next": next_url,
        },
    )


@never_cache
@login_required
def backup_codes(request):
    """The new backup codes, shown this once."""
    next_url = _next_url(request)
    if not request.user.is_verified():
        return redirect(_to("two_factor_verify", next_url))
    codes = enrolment.take_new_backup_codes(request)
    if not codes:
        return redirect(reverse("two_factor_manage"))
    return TemplateResponse(
        request,
        "two_factor/backup_codes.html",
        {"codes": [_grouped(code) for code in codes], "next": next_url},
    )


@never_cache
@login_required
def manage(request):
    """What is set up, a new set of backup codes, and a way to add the other method."""
    here = reverse("two_factor_manage")
    if not request.user.is_verified():
        step = "two_factor_setup" if selectors.needs_enrolment(request.user) else "two_factor_verify"
        return redirect(_to(step, here))
    if request.method == "POST" and request.POST.get("action") == "new_backup_codes":
        enrolment.keep_new_backup_codes(request, services.replace_backup_codes(user=request.user))
        return redirect(_to("two_factor_backup_codes", here))
    methods = selectors.methods_for(request.user)
    return TemplateResponse(
        request,
        "two_factor/manage.html",
        {
            "methods": methods,
            "address": selectors.masked(request.user.email) if request.user.email else "",
            "can_add": methods.app is None or methods.email is None,
            "labels": {BACKUP: "Backup codes", **METHOD_LABELS},
        },
    )


def _qr_svg(data: str) -> str:
    """The set-up link as an inline SVG QR code (a plain path, which every browser draws)."""
    image = qrcode.make(data, image_factory=qrcode.image.svg.SvgPathImage)
    return mark_safe(image.to_string(encoding="unicode"))  # noqa: S308 - made by qrcode from our own link


def _grouped(secret: str) -> str:
    return " ".join(secret[i : i + 4] for i in range(0, len(secret), 4))
