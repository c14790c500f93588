"""A bare Django project: the yardstick `make bench` measures every page against.

Exactly what `django-admin startproject` gives (its apps and middleware), DEBUG off, no
database query, and one view at /healthz/ answering "ok". run.py serves it under the same
gunicorn configuration as the site, in the same run, so a page's ratio to it says how much of
what Django itself can do on this machine the page costs.
"""
