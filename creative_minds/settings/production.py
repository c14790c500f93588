"""Production: everything comes from the environment, and a missing secret stops start-up.

Import order matters: base first, then every value a deployment must set.
"""

import os

from django.core.checks.security.base import (
    SECRET_KEY_INSECURE_PREFIX,
    SECRET_KEY_MIN_LENGTH,
    SECRET_KEY_MIN_UNIQUE_CHARACTERS,
)
from django.core.exceptions import ImproperlyConfigured

from .base import *  # noqa: F403


def required(name: str) -> str:
    """Return an environment variable, or refuse to start with a message that names it."""
    value = os.environ.get(name, "").strip()
    if not value:
        raise ImproperlyConfigured(f"The environment variable {name} must be set in production.")
    return value


def strong_secret_key(value: str) -> str:
    """The key, if it passes Django's own rule for a strong one (check security.W009); otherwise
    refuse to start, saying which part of the rule it breaks (never the key itself). Django only
    warns, and a warning at start-up is easy to miss; a guessable key lets anyone sign sessions
    and password reset links."""
    problems = []
    if len(value) < SECRET_KEY_MIN_LENGTH:
        problems.append(f"it has {len(value)} characters and needs at least {SECRET_KEY_MIN_LENGTH}")
    if len(set(value)) < SECRET_KEY_MIN_UNIQUE_CHARACTERS:
        problems.append(f"it needs at least {SECRET_KEY_MIN_UNIQUE_CHARACTERS} different characters")
    if value.startswith(SECRET_KEY_INSECURE_PREFIX):
        problems.append(f'it starts with "{SECRET_KEY_INSECURE_PREFIX}", so it was made for development')
    if problems:
        raise ImproperlyConfigured(
            "The environment variable SECRET_KEY is too weak for production (Django's rule security.W009: "
            f"at least {SECRET_KEY_MIN_LENGTH} characters, at least {SECRET_KEY_MIN_UNIQUE_CHARACTERS} "
            f'different ones, not starting with "{SECRET_KEY_INSECURE_PREFIX}"): {"; ".join(problems)}. '
            'Make one with: python -c "import secrets; print(secrets.token_urlsafe(50))"'
        )
    return value


DEBUG = False
SECRET_KEY = strong_secret_key(required("SECRET_KEY"))
ALLOWED_HOSTS = [h.strip() for h in required("ALLOWED_HOSTS").split(",") if h.strip()]
CSRF_TRUSTED_ORIGINS = [o.strip() for o in os.environ.get("CSRF_TRUSTED_ORIGINS", "").split(",") if o.strip()]
DATABASES["default"] = dj_database_url.parse(  # noqa: F405
    required("DATABASE_URL"), conn_max_age=int(os.environ.get("DB_CONN_MAX_AGE", "60"))
)

CACHES = {
    "default": {
        # Django's, with one Redis client per process reused for every call (not one per call).
        "BACKEND": "creative_minds.redis_cache.RedisCache",
        "LOCATION": required("REDIS_URL"),
        "KEY_PREFIX": "cm",
    }
}

EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
EMAIL_HOST = os.environ.get("EMAIL_HOST", "localhost")
EMAIL_PORT = int(os.environ.get("EMAIL_PORT", "587"))
EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = os.environ.get("EMAIL_USE_TLS", "true").lower() == "true"
# A mail server that accepts the connection and then says nothing must not hold the queue's worker
# for ever: after this many seconds the send fails, and is tried again later.
EMAIL_TIMEOUT = int(os.environ.get("EMAIL_TIMEOUT", "30"))

WAGTAILADMIN_BASE_URL = required("WAGTAILADMIN_BASE_URL")

# HTTPS everywhere. SECURE_SSL_REDIRECT can be turned off where TLS ends at a proxy
# that already redirects.
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = os.environ.get("SECURE_SSL_REDIRECT", "true").lower() == "true"
SECURE_HSTS_SECONDS = int(os.environ.get("SECURE_HSTS_SECONDS", "31536000"))
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = True
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"

# The page cache for anonymous visitors (creative_minds.page_cache, in Redis).
# PAGE_CACHE=off leaves it out (the benchmarks measure pages uncached that way); on by default.
if os.environ.get("PAGE_CACHE", "on").strip().lower() != "off":
    MIDDLEWARE = with_page_cache(MIDDLEWARE)  # noqa: F405

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "WARNING")},
}
