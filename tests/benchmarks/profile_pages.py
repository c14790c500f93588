"""In-process cost of the uncached pages: mean ms per request and queries, optionally a cProfile.

Run it with the environment run.py gives Django (run.django_env: the production settings, the
bench database and Redis, PAGE_CACHE=off), after `collectstatic`:

    python -m tests.benchmarks.profile_pages --partners=40 --activities=2000 [--rounds=20] \
        [--cprofile=activity]

Each group (activity, partner, home, search: the same URLs as the load test) is requested
`rounds` times over after one warm-up round, with one test Client, as an anonymous visitor, and
the mean time per request is printed with the queries of one warm request. With --cprofile=GROUP
the requests of that group run under cProfile and the 40 functions with the most cumulative
time are printed, then the 40 with the most time of their own. Times vary with the machine's
load; compare two versions in the same session, one after the other.
"""

import cProfile
import io
import json
import pstats
import sys
import time


def main(argv: list[str]) -> None:
    import django  # noqa: PLC0415 - this probe runs in its own process with the bench's settings

    django.setup()
    # Models and the test client can only be imported once django.setup() has run.
    from django.db import connection  # noqa: PLC0415
    from django.test import Client  # noqa: PLC0415
    from django.test.utils import CaptureQueriesContext  # noqa: PLC0415

    from activities.models import ActivityPage  # noqa: PLC0415
    from partners.models import PartnerPage  # noqa: PLC0415
    from tests.benchmarks import pages  # noqa: PLC0415

    options = dict(
        arg.removeprefix("--").split("=", 1) for arg in argv if arg.startswith("--") and "=" in arg
    )
    partners = int(options.get("partners", pages.EXPECTED_PARTNERS))
    activities = int(options.get("activities", pages.EXPECTED_ACTIVITIES))
    rounds = int(options.get("rounds", 20))
    profiled = options.get("cprofile", "")

    def paths_of(model, slugs: list[str]) -> list[str]:
        found = {page.slug: page for page in model.objects.live().filter(slug__in=slugs)}
        return [found[slug].get_url_parts()[2] for slug in slugs if slug in found]

    groups = {
        "activity": paths_of(ActivityPage, pages.activity_slugs(activities)),
        "partner": paths_of(PartnerPage, pages.partner_slugs(partners)),
        "home": [pages.HOME_PATH],
        "search": pages.SEARCH_PATHS,
    }
    client = Client(HTTP_HOST="127.0.0.1")

    def get(path: str) -> None:
        client.cookies.clear()
        response = client.get(path)
        if response.status_code != 200:
            sys.exit(f"{path} answered {response.status_code}")

    report = {}
    for name, paths in groups.items():
        for path in paths:
            get(path)  # warm this process's caches, as a worker's would be
        with CaptureQueriesContext(connection) as captured:
            for path in paths:
                get(path)
        queries = len(captured) / len(paths)
        profile = cProfile.Profile() if name == profiled else None
        started = time.process_time()
        if profile:
            profile.enable()
        for _ in range(rounds):
            for path in paths:
                get(path)
        if profile:
            profile.disable()
        cpu_ms = (time.process_time() - started) * 1000 / (rounds * len(paths))
        report[name] = {"cpu_ms": round(cpu_ms, 2), "queries": queries, "requests": rounds * len(paths)}
        if profile:
            out = io.StringIO()
            stats = pstats.Stats(profile, stream=out)
            stats.sort_stats("cumulative").print_stats(40)
            stats.sort_stats("tottime").print_stats(40)
            print(out.getvalue(), file=sys.stderr)
    print(json.dumps(report))


if __name__ == "__main__":
    main(sys.argv[1:])
