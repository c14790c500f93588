"""gunicorn's settings for this site: gunicorn reads this file when it is started from this
directory (README.md, "Running it in production"). Options given on the command line (--workers,
--bind...) still override what is here.

The site is loaded once, in the master, and every worker is forked from it, so the workers share
the memory of what none of them changes; after a change is published the master rebuilds the
search's indexes once and replaces its workers (creative_minds/serving.py says how and why).
"""

import os
import signal

from creative_minds import serving

preload_app = True


def when_ready(server):
    """In the master, with the site loaded, before the first worker forks."""
    serving.prepare_for_fork()
    serving.follow_changes(lambda: replace_workers(server))


def replace_workers(server):
    """gunicorn's own signals, sent by the master to itself: TTIN forks one more worker from the
    master, TTOU stops the oldest gracefully (it finishes the request it is serving)."""
    serving.replace_in_turn(
        # The running workers' ids. dict.copy() is one step for Python, so it never sees the
        # master's thread half way through changing them.
        lambda: server.WORKERS.copy().keys(),
        add_one=lambda: os.kill(os.getpid(), signal.SIGTTIN),
        retire_oldest=lambda: os.kill(os.getpid(), signal.SIGTTOU),
    )


def post_fork(server, worker):
    serving.worker_forked()
