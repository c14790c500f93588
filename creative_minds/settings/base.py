"""Settings shared by every environment.

This file is safe by default: DEBUG is off and nothing here is a secret. Each
environment module (dev, test, production) imports it and changes only what differs.
"""

import os
from pathlib import Path
from urllib.parse import urlsplit

import dj_database_url
from django.core.exceptions import ImproperlyConfigured

PROJECT_DIR = Path(__file__).resolve().parent.parent
BASE_DIR = PROJECT_DIR.parent

DEBUG = False

INSTALLED_APPS = [
    "home",
    "activities.stories",
    "activities.referrals",
    "activities.listings",
    "activities",
    "partners",
    "creative_minds.geo",
    "creative_minds.two_factor",
    "creative_minds",
    "wagtail.contrib.forms",
    "wagtail.contrib.redirects",
    "wagtail.contrib.settings",
    "wagtail.contrib.routable_page",
    "wagtail.embeds",
    "wagtail.sites",
    "wagtail.users",
    "wagtail.snippets",
    "wagtail.documents",
    "wagtail.images",
    "wagtail.search",
    "wagtail.admin",
    "wagtail",
    "modelcluster",
    "taggit",
    "django_filters",
    "csp",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_email",
    "django_otp.plugins.otp_static",
    "axes",
    "django_tasks",
    "django_tasks_db",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    # Django's own widget templates, for the site's form renderer (creative_minds.forms), which
    # reads templates through TEMPLATES so that templates/django/forms/ can override them.
    "django.forms",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    # /healthz/, answered before anything else it does not need (the page cache goes next).
    "creative_minds.middleware.HealthCheckMiddleware",
    "csp.middleware.CSPMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "creative_minds.sites.CachedSiteMiddleware",
    # Who may keep a copy of each response; outside sessions and CSRF, so it sees their cookies.
    "creative_minds.middleware.CacheHeadersMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    # Pages with personal or health data, and the admin, open only after a second factor.
    "creative_minds.two_factor.middleware.TwoFactorMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "wagtail.contrib.redirects.middleware.RedirectMiddleware",
    # Last, as django-axes asks: it turns a locked-out sign-in into its lockout page.
    "axes.middleware.AxesMiddleware",
]


def with_page_cache(middleware: list[str]) -> list[str]:
    """MIDDLEWARE with the page cache (creative_minds.page_cache) in its place: production.py and
    the page cache's tests both build the list here, so the tests check the order that runs.

    Right after the health check, so a hit passes through nothing but SecurityMiddleware (whose
    headers depend only on the scheme, part of the key, and are added again the same): not the
    content security policy (its header is stored with the page), WhiteNoise, the Site lookup,
    sessions, CSRF, sign-in, two-factor, messages, throttles, django-axes or the view. A page is
    stored as everything inside it made it, the rule that marks responses public or private
    included.
    """
    position = middleware.index("creative_minds.middleware.HealthCheckMiddleware") + 1
    return [*middleware[:position], "creative_minds.page_cache.PageCacheMiddleware", *middleware[position:]]


ROOT_URLCONF = "creative_minds.urls"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "wagtail.contrib.settings.context_processors.settings",
            ],
        },
    },
]

WSGI_APPLICATION = "creative_minds.wsgi.application"

# SQLite is the embedded default so `make run` needs no server; DATABASE_URL switches
# to PostgreSQL (CI, production). A blank DATABASE_URL counts as unset (production.py
# then names it as missing) rather than failing here with a parse error.
DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL", "").strip() or f"sqlite:///{BASE_DIR / 'db.sqlite3'}",
        conn_max_age=int(os.environ.get("DB_CONN_MAX_AGE", "0")),
    )
}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "en-gb"
TIME_ZONE = "Europe/London"
USE_I18N = True
USE_TZ = True

STATICFILES_FINDERS = [
    "django.contrib.staticfiles.finders.FileSystemFinder",
    "django.contrib.staticfiles.finders.AppDirectoriesFinder",
]
STATICFILES_DIRS = [PROJECT_DIR / "static"]
STATIC_ROOT = BASE_DIR / "collected-static"
STATIC_URL = "/static/"
MEDIA_ROOT = BASE_DIR / "media"
MEDIA_URL = "/media/"

STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}

DATA_UPLOAD_MAX_NUMBER_FIELDS = 10_000

CACHES = {
    "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"},
}

TASKS = {
    # Wagtail's own tasks (search and reference index updates) run at once, in the request, as they
    # always have: cached text-search matches are keyed on the directory's version, so the index
    # must never lag behind a save.
    "default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"},
    # Emails wait in a table until `manage.py db_worker --backend email` sends them, so a slow or
    # broken mail server never slows a page down and no email is lost (creative_minds/mail.py).
    "email": {"BACKEND": "django_tasks_db.DatabaseBackend"},
}
# A failed send is tried again after each of these delays (minutes), then given up and logged.
EMAIL_RETRY_DELAYS_MINUTES = [
    int(minutes) for minutes in os.environ.get("EMAIL_RETRY_DELAYS_MINUTES", "1,5,15,60,240,720").split(",")
]

EMAIL_BACKEND = "django.core.mail.backends.console.EmailBackend"
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "Creative Minds <hello@creativeminds.example>")

# Wagtail
WAGTAIL_SITE_NAME = "Creative Minds"
WAGTAILADMIN_BASE_URL = os.environ.get("WAGTAILADMIN_BASE_URL", "http://127.0.0.1:8000")
WAGTAILSEARCH_BACKENDS = {
    "default": {"BACKEND": "wagtail.search.backends.database"},
}
WAGTAILDOCS_EXTENSIONS = ["csv", "docx", "odt", "pdf", "pptx", "rtf", "txt", "xlsx"]
WAGTAILIMAGES_MAX_UPLOAD_SIZE = 5 * 1024 * 1024
# Documents (story recordings among them) are streamed by Wagtail's own view, never linked straight
# to storage, so every one is sent with Content-Disposition and SecurityMiddleware's nosniff header.
WAGTAILDOCS_SERVE_METHOD = "serve_view"
WAGTAIL_ENABLE_UPDATE_CHECK = False
# No avatars from Gravatar: each would tell a third party who is signed in to the admin, and fails
# offline. The admin shows its own default avatar, or a picture the user uploads.
WAGTAIL_GRAVATAR_PROVIDER_URL = None

# Geography: the online postcode fallback is off unless a deployment turns it on, so the
# site and its tests work with no network.
POSTCODE_ONLINE_FALLBACK_URL = os.environ.get("POSTCODE_ONLINE_FALLBACK_URL", "")
POSTCODE_ONLINE_TIMEOUT_SECONDS = 3

# Anonymous public pages may be cached by browsers, shared caches and the page cache this long.
PUBLIC_PAGE_CACHE_SECONDS = int(os.environ.get("PUBLIC_PAGE_CACHE_SECONDS", "300"))
# Members' areas, the admin and the questionnaire links: every response under these is private
# and never stored (creative_minds.middleware.CacheHeadersMiddleware), whoever asks.
PRIVATE_PATH_PREFIXES = [
    "/account/",
    "/admin/",
    "/django-admin/",
    "/funding/",
    "/collectives/",
    "/referrals/",
    "/participants/",
    "/attendance/",
    "/wellbeing/",
    "/stories/new/",
    "/stories/mine/",
    "/listings/",
]

LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "account"
LOGOUT_REDIRECT_URL = "/"
SESSION_COOKIE_AGE = 60 * 60 * 8  # a working day; people sign in again after that
SESSION_EXPIRE_AT_BROWSER_CLOSE = True

AUTHENTICATION_BACKENDS = [
    # django-axes first, so a locked-out person is refused before their password is checked.
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]

# How many proxies stand in front of the site, each adding the address it was called from to
# X-Forwarded-For (1 for one TLS-terminating proxy or load balancer). Throttles and sign-in lockouts
# key on the visitor's address taken from that header; 0 means the connection's own address only,
# and the header, which anyone can send, is ignored.
TRUSTED_PROXY_COUNT = int(os.environ.get("TRUSTED_PROXY_COUNT", "0"))
if TRUSTED_PROXY_COUNT < 0:
    raise ImproperlyConfigured("TRUSTED_PROXY_COUNT must be 0 or more.")

# Sign-in throttling (django-axes): 5 failures for the same username from the same address
# lock that pair for an hour; the page says how to get back in.
AXES_FAILURE_LIMIT = 5
AXES_COOLOFF_TIME = 1  # hours
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
# The address is the visitor's, not the proxy's: see TRUSTED_PROXY_COUNT.
AXES_CLIENT_IP_CALLABLE = "creative_minds.client_address.client_address"
AXES_LOCKOUT_TEMPLATE = "registration/locked_out.html"
AXES_RESET_ON_SUCCESS = True
AXES_VERBOSE = False
# Cut to the 255 characters axes' records hold, whichever sign-in form the attempt came through.
AXES_USERNAME_CALLABLE = "creative_minds.accounts.lockout.attempted_username"

# Password reset (/account/password-reset/): requests accepted per hour from one address, and for one
# email address from anywhere, so nobody can fill a person's inbox.
PASSWORD_RESET_LIMIT_PER_HOUR = int(os.environ.get("PASSWORD_RESET_LIMIT_PER_HOUR", "20"))
PASSWORD_RESET_EMAIL_LIMIT_PER_HOUR = int(os.environ.get("PASSWORD_RESET_EMAIL_LIMIT_PER_HOUR", "3"))
# Wagtail's own reset form at /admin/password_reset/ would send unthrottled, unqueued emails; staff
# reset their password at /account/password-reset/ like everyone else.
WAGTAIL_PASSWORD_RESET_ENABLED = False

# Two-factor sign-in (creative_minds/two_factor) before any page with personal or health data
# and the admin (the prefixes are in creative_minds/two_factor/middleware.py). Off only in local
# development (TWO_FACTOR_REQUIRED=on turns it on there) and tests, which turn it on where they
# test it.
TWO_FACTOR_REQUIRED = True
# How long a person who proved they read the account's email may go on to set up a method.
TWO_FACTOR_ENROLMENT_MINUTES = 15
TWO_FACTOR_BACKUP_CODES = 10
OTP_TOTP_ISSUER = "Creative Minds"
# Codes sent by email (django-otp's email device): for setting up, and for people who sign in
# without a smartphone. A code works once, for 10 minutes; a new one can be asked for after a
# minute; each wrong code doubles the wait before the next try (as for app and backup codes).
OTP_EMAIL_SENDER = DEFAULT_FROM_EMAIL
OTP_EMAIL_SUBJECT = "Your Creative Minds security code"
OTP_EMAIL_BODY_TEMPLATE_PATH = "two_factor/email/code.txt"
OTP_EMAIL_TOKEN_VALIDITY = 10 * 60
OTP_EMAIL_COOLDOWN_DURATION = 60
# Keys and codes are secrets: the Django admin's device pages never show them.
OTP_ADMIN_HIDE_SENSITIVE_DATA = True

# Maps (static/js/map.mjs, drawn in the browser only): the tile server's address pattern and the
# credit its licence asks for, shown on the map with a link to the licence. Another tile server
# needs its own credit; the content security policy below lets in exactly this server's origin.
MAP_TILE_URL = os.environ.get("MAP_TILE_URL", "").strip() or "https://tile.openstreetmap.org/{z}/{x}/{y}.png"
MAP_ATTRIBUTION = os.environ.get("MAP_ATTRIBUTION", "").strip() or "© OpenStreetMap contributors"
MAP_ATTRIBUTION_URL = (
    os.environ.get("MAP_ATTRIBUTION_URL", "").strip() or "https://www.openstreetmap.org/copyright"
)
_map_tiles = urlsplit(MAP_TILE_URL)
if _map_tiles.scheme != "https" or not _map_tiles.hostname:
    raise ImproperlyConfigured(
        f"MAP_TILE_URL must be an https:// address with a host name, like "
        f"https://tile.openstreetmap.org/{{z}}/{{x}}/{{y}}.png (it is {MAP_TILE_URL!r})"
    )
MAP_TILE_ORIGIN = f"https://{_map_tiles.netloc}"

# Content security policy (django-csp): the public and members' pages load scripts, styles,
# images and fonts from this site only, and nothing may frame them; the one exception is the
# map tiles, pictures from MAP_TILE_ORIGIN. The Wagtail admin keeps its own inline scripts and
# is left out.
CONTENT_SECURITY_POLICY = {
    "EXCLUDE_URL_PREFIXES": ["/admin/", "/django-admin/"],
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:", MAP_TILE_ORIGIN],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
    },
}

# Community reporters' stories (activities/stories): the largest file accepted of each kind.
STORY_IMAGE_MAX_BYTES = 10 * 1024 * 1024
STORY_AUDIO_MAX_BYTES = 25 * 1024 * 1024
STORY_VIDEO_MAX_BYTES = 100 * 1024 * 1024

# Listings (activities/listings): every activity's details are checked again on a cycle.
# Months from "last checked" until a listing is due to be checked again.
LISTING_REVIEW_MONTHS = int(os.environ.get("LISTING_REVIEW_MONTHS", "6"))
# Months before it falls due that the partner's contacts are asked to check it.
LISTING_REMINDER_MONTHS = 1
# Months after it falls due, unchecked, that it leaves the search (its page stays, with a warning).
LISTING_STALE_MONTHS = 3
# Days a "these details are still right" link in a reminder email works.
LISTING_CONFIRM_LINK_DAYS = int(os.environ.get("LISTING_CONFIRM_LINK_DAYS", "60"))
# Who hears about listings that need attention, problem reports and requests to become a partner.
LISTINGS_STAFF_EMAIL = os.environ.get("LISTINGS_STAFF_EMAIL", "listings@creativeminds.example")
# "Tell us if something is wrong" reports accepted from one visitor's address per hour.
PROBLEM_REPORT_LIMIT_PER_HOUR = int(os.environ.get("PROBLEM_REPORT_LIMIT_PER_HOUR", "5"))
# "Become a partner" requests accepted from one visitor's address per hour.
PARTNER_REQUEST_LIMIT_PER_HOUR = int(os.environ.get("PARTNER_REQUEST_LIMIT_PER_HOUR", "3"))

# Referrals and wellbeing (activities/referrals). Working days skip weekends and these dates.
REFERRAL_REMINDER_WORKING_DAYS = int(os.environ.get("REFERRAL_REMINDER_WORKING_DAYS", "3"))
REFERRAL_ESCALATION_WORKING_DAYS = int(os.environ.get("REFERRAL_ESCALATION_WORKING_DAYS", "3"))
REFERRAL_RETENTION_DAYS = int(os.environ.get("REFERRAL_RETENTION_DAYS", "365"))
WELLBEING_LINK_VALID_DAYS = int(os.environ.get("WELLBEING_LINK_VALID_DAYS", "14"))
WELLBEING_FOLLOW_UP_WEEKS = 12
CHAMPION_DIGEST_WEEKDAY = 0  # Monday
# Self-referrals ("ask to join") allowed from one address per hour, to keep out floods of spam.
SELF_REFERRAL_LIMIT_PER_HOUR = int(os.environ.get("SELF_REFERRAL_LIMIT_PER_HOUR", "5"))
# Requests to join a collective (/collectives/join/) accepted from one address per hour.
COLLECTIVE_JOIN_LIMIT_PER_HOUR = int(os.environ.get("COLLECTIVE_JOIN_LIMIT_PER_HOUR", "5"))
# Who hears about a referral left waiting when its locality has no coordinator.
REFERRAL_ESCALATION_FALLBACK_EMAIL = os.environ.get(
    "REFERRAL_ESCALATION_FALLBACK_EMAIL", "referrals@creativeminds.example"
)

# Open data (/open-data/): one licence for everything the site publishes as data, the Open Referral
# UK feed and the 360Giving grants files alike. The postcode-derived coordinates in it still carry
# the Open Government Licence attribution (see the README, "Data and attribution").
OPEN_DATA_LICENCE_NAME = "Creative Commons Attribution 4.0 International (CC BY 4.0)"
OPEN_DATA_LICENCE_URL = "https://creativecommons.org/licenses/by/4.0/"

# The funded projects as 360Giving data (/funded-projects/360giving.json and .csv). 360Giving
# registers each publisher's prefix (360G-...); every grant identifier starts with it. The default
# is for development and the demo only: production must set the prefix 360Giving registered for
# Creative Minds (`manage.py check --deploy` warns while it is the default).
THREESIXTYGIVING_DEFAULT_PREFIX = "360G-creativeminds-example"
THREESIXTYGIVING_PREFIX = (
    os.environ.get("THREESIXTYGIVING_PREFIX", "").strip() or THREESIXTYGIVING_DEFAULT_PREFIX
)
# The funder, as 360Giving names organisations (org-id.guide): GB-CHC-<number> once the charity's
# own registration is known; until then an identifier under our own prefix, as 360Giving advises.
THREESIXTYGIVING_FUNDER_ID = (
    os.environ.get("THREESIXTYGIVING_FUNDER_ID", "").strip() or f"{THREESIXTYGIVING_PREFIX}-creative-minds"
)
THREESIXTYGIVING_FUNDER_NAME = os.environ.get("THREESIXTYGIVING_FUNDER_NAME", "").strip() or "Creative Minds"
