"""The freshness run's editor: publish a live activity every few seconds, the way Wagtail does.

run.py starts this in its own process with the same production settings, bench database and
Redis as gunicorn, while wrk runs the search mix, so every publish sends the same signals,
bumps the same cache versions and makes the workers' search indexes rebuild as an editor's
publish would in production:

    python -m tests.benchmarks.publish --every 5 [--slug activity-00000 ...]

Each publish saves a new revision of one of the given activities (its summary gains or loses
a trailing " Updated.", so the database ends as it began after an even number of edits) and
publishes it with Wagtail's own revision.publish(), inside one transaction that commits.
It prints "ready" once Django is set up, then one line per publish ("published <unix time>
<seconds taken> <slug>"), and stops on SIGTERM or SIGINT.
"""

import argparse
import signal
import sys
import threading
import time

MARK = " Updated."


def main(argv: list[str]) -> None:
    parser = argparse.ArgumentParser(prog="python -m tests.benchmarks.publish")
    parser.add_argument("--every", type=float, default=5.0, help="seconds between publishes (5)")
    parser.add_argument("--slug", action="append", default=[], help="an activity to edit (repeat)")
    args = parser.parse_args(argv)

    import django  # noqa: PLC0415 - this editor runs in its own process with the bench's settings

    django.setup()
    # Models can only be imported once django.setup() has run.
    from django.db import transaction  # noqa: PLC0415

    from activities.models import ActivityPage  # noqa: PLC0415

    halt = threading.Event()
    signal.signal(signal.SIGTERM, lambda *_: halt.set())
    signal.signal(signal.SIGINT, lambda *_: halt.set())

    pages = ActivityPage.objects.live()
    slugs = args.slug or list(pages.order_by("slug").values_list("slug", flat=True)[:20])
    if not slugs:
        sys.exit("no live activities to publish")
    print("ready", flush=True)

    turn = 0
    while not halt.wait(args.every):
        slug = slugs[turn % len(slugs)]
        turn += 1
        started = time.perf_counter()
        with transaction.atomic():
            page = pages.get(slug=slug)
            edited = page.summary.endswith(MARK)
            page.summary = page.summary.removesuffix(MARK) if edited else page.summary + MARK
            page.save_revision(log_action=True).publish(log_action=True)
        print(f"published {time.time():.3f} {time.perf_counter() - started:.3f} {slug}", flush=True)


if __name__ == "__main__":
    main(sys.argv[1:])
