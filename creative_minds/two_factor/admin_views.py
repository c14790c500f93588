"""The Wagtail admin's "Reset two-factor sign-in" for a person who lost their phone or codes.

Reached from the "More" menu on each row of Settings > Users (wagtail_hooks.py). Only superusers
and staff who may change users see it; anyone else gets "page not found", whoever they ask about.
"""

from django.contrib.auth import get_user_model
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils.decorators import method_decorator
from django.views.decorators.cache import never_cache
from django.views.generic import View
from django_otp import user_has_device
from wagtail.admin import messages
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin

from creative_minds.two_factor import selectors, services
from creative_minds.two_factor.permissions import can_reset_devices, may_reset_devices

USERS_INDEX = "wagtailusers_users:index"


@method_decorator(never_cache, name="dispatch")
class ResetDevicesView(WagtailAdminTemplateMixin, View):
    """Confirm, then remove every device the person has (audited; they are emailed)."""

    page_title = "Reset two-factor sign-in"
    header_icon = "key"
    template_name = "two_factor/admin/reset.html"

    def dispatch(self, request, *args, **kwargs):
        # Permission first, so nobody without it learns which user ids exist.
        if not may_reset_devices(request.user):
            raise Http404("Not found")
        self.person = get_object_or_404(get_user_model(), pk=kwargs["user_id"])
        if not can_reset_devices(request.user, self.person):
            raise Http404("Not found")
        return super().dispatch(request, *args, **kwargs)

    def get_page_subtitle(self):
        return self.person.get_full_name() or self.person.get_username()

    def get_breadcrumbs_items(self):
        return [
            *self.breadcrumbs_items,
            {"url": reverse(USERS_INDEX), "label": "Users"},
            {"url": "", "label": self.page_title},
        ]

    def get(self, request, user_id):
        return self.render_to_response(
            self.get_context_data(
                person=self.person,
                name=self.get_page_subtitle(),
                methods=selectors.methods_for(self.person),
                has_devices=user_has_device(self.person, confirmed=None),
                cancel_url=reverse(USERS_INDEX),
            )
        )

    def post(self, request, user_id):
        services.reset_devices(person=self.person, by=request.user)
        name = self.get_page_subtitle()
        if self.person.email:
            messages.success(request, f"Two-factor sign-in reset for {name}. We have emailed them to say so.")
        else:
            messages.warning(
                request,
                f"Two-factor sign-in reset for {name}. They have no email address, so add one before "
                "they can set it up again.",
            )
        return redirect(USERS_INDEX)
