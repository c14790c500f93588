"""Local development: `make run`. Never used in production."""

import os

from .base import *  # noqa: F403

DEBUG = True
SECRET_KEY = "dev-only-insecure-key-do-not-use-in-production"  # noqa: S105
ALLOWED_HOSTS = ["127.0.0.1", "localhost"]
STORAGES["staticfiles"]["BACKEND"] = "django.contrib.staticfiles.storage.StaticFilesStorage"  # noqa: F405
# Serve static files straight from the apps and frontend build, with no collectstatic step.
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = True

# The local demo's logins go straight in; production asks for a second factor.
# `TWO_FACTOR_REQUIRED=on make run` tries it locally (codes by email print on the console).
TWO_FACTOR_REQUIRED = os.environ.get("TWO_FACTOR_REQUIRED", "off").strip().lower() == "on"
