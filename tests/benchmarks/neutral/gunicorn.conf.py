"""The neutral project's gunicorn settings: preloaded, and frozen before the workers fork, as the
site's own gunicorn.conf.py does, so the two are served alike."""

import gc

preload_app = True


def when_ready(server):
    gc.collect()
    gc.freeze()
