"""gunicorn's entry point for the neutral project: `tests.benchmarks.neutral.wsgi:application`."""

import os

from django.core.wsgi import get_wsgi_application

os.environ["DJANGO_SETTINGS_MODULE"] = "tests.benchmarks.neutral.settings"
application = get_wsgi_application()
