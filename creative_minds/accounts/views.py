"""Password reset that answers the same way, just as fast, whether or not the address has an account."""

from django.conf import settings
from django.contrib.auth import views as auth_views
from django.http import HttpResponseRedirect
from django.urls import reverse_lazy

from creative_minds import throttle
from creative_minds.accounts import tasks


class PasswordResetView(auth_views.PasswordResetView):
    """Django's reset form, throttled per visitor's address and per email address. The request only
    checks the form and queues one task; the task looks the account up and emails the link."""

    success_url = reverse_lazy("password_reset_done")

    def post(self, request, *args, **kwargs):
        form = self.get_form()
        if not throttle.allow_address(
            request, "password-reset", limit=settings.PASSWORD_RESET_LIMIT_PER_HOUR
        ):
            throttle.refuse(
                form,
                "We have had several requests to reset a password from your connection in the last hour. "
                "Please try again later.",
            )
            return self._refused(form)
        if not form.is_valid():
            return self.form_invalid(form)
        email = form.cleaned_data["email"]
        if not throttle.allow(
            "password-reset-email", email.lower(), limit=settings.PASSWORD_RESET_EMAIL_LIMIT_PER_HOUR
        ):
            form.add_error(
                "email",
                "We have had several requests to reset the password for this email address in the last "
                "hour. If it has an account, we have already emailed it a link: check your inbox and "
                "spam folder, or try again later.",
            )
            return self._refused(form)
        tasks.send_password_reset.enqueue(email)
        return HttpResponseRedirect(self.get_success_url())

    def _refused(self, form):
        return self.render_to_response(self.get_context_data(form=form), status=429)
