"""Settings for `make test`: fast hasher, locmem email and cache, immediate tasks."""

from .base import *  # noqa: F403

SECRET_KEY = "test-only-insecure-key"  # noqa: S105
ALLOWED_HOSTS = ["*"]
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
# Emails are sent at once, inside the test; tests of the queue itself use the `database_queue` fixture.
TASKS = {alias: {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"} for alias in TASKS}  # noqa: F405
STORAGES["staticfiles"]["BACKEND"] = "django.contrib.staticfiles.storage.StaticFilesStorage"  # noqa: F405
POSTCODE_ONLINE_FALLBACK_URL = ""
MEDIA_ROOT = BASE_DIR / "tmp-test-media"  # noqa: F405
# Tests serve no collected static files; WhiteNoise would only warn that the folder is missing.
MIDDLEWARE = [m for m in MIDDLEWARE if not m.startswith("whitenoise.")]  # noqa: F405

# Tests sign in with client.login, which passes no request for django-axes to check;
# tests/test_sign_in.py turns throttling back on.
AXES_ENABLED = False

# Most tests sign in directly. tests/test_two_factor.py, tests/two_factor/, the referral
# permission table and the two-factor browser journey turn the second factor on.
TWO_FACTOR_REQUIRED = False
