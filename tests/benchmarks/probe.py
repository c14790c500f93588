"""The Django side of the benchmark: find the pages' URLs and count each page's database queries.

run.py starts this in a subprocess with the same production settings and bench database as
gunicorn (PAGE_CACHE=off, so every request really runs), and reads the JSON it prints:

    python -m tests.benchmarks.probe            # URLs, and queries per page (uncached)
    python -m tests.benchmarks.probe --sql      # ... and the SQL of every counted query
    python -m tests.benchmarks.probe --partners=40 --activities=2000   # a smaller bench database

Each page is requested twice with Django's test Client and the second request is counted,
which is what a warmed-up gunicorn worker does per request. The time is the in-process
time of that one request, with nothing else running (no concurrency).
"""

import json
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

    with_sql = "--sql" in argv
    # How many partners and activities the bench database holds (run.py passes its sizes).
    sizes = dict(
        arg.removeprefix("--").split("=") for arg in argv if arg.startswith(("--partners=", "--activities="))
    )
    partners = int(sizes.get("partners", pages.EXPECTED_PARTNERS))
    activities = int(sizes.get("activities", pages.EXPECTED_ACTIVITIES))

    def paths_of(model, slugs: list[str]) -> list[str]:
        found = {page.slug: page for page in model.objects.live().filter(slug__in=slugs)}
        return [found[slug].get_url_parts()[2] for slug in slugs if slug in found]

    # One client for every request: each new Client would build the middleware again (and
    # whitenoise's file scan with it), which a long-running worker does only once.
    client = Client(HTTP_HOST="127.0.0.1")

    def measure(path: str) -> dict:
        client.cookies.clear()  # an anonymous visitor, every time
        client.get(path)  # warm this process's caches for the page, as a worker's would be
        client.cookies.clear()
        timings: list[float] = []  # CaptureQueriesContext rounds to the millisecond; these are exact

        def timed(execute, sql, params, many, context):
            started = time.perf_counter()
            try:
                return execute(sql, params, many, context)
            finally:
                timings.append((time.perf_counter() - started) * 1000)

        with CaptureQueriesContext(connection) as captured, connection.execute_wrapper(timed):
            started = time.perf_counter()
            response = client.get(path)
            elapsed_ms = (time.perf_counter() - started) * 1000
        result = {
            "path": path,
            "status": response.status_code,
            "queries": len(captured),
            "ms": round(elapsed_ms, 1),
            "db_ms": round(sum(timings), 1),
        }
        if with_sql:
            result["sql"] = [
                {"ms": round(ms, 2), "sql": query["sql"]}
                for ms, query in zip(timings, captured.captured_queries, strict=False)
            ]
        return result

    groups = {
        "bare": [pages.BARE_PATH],
        "home": [pages.HOME_PATH],
        "impact": [pages.IMPACT_PATH],
        "stories": [pages.STORIES_PATH],
        "search": pages.SEARCH_PATHS,
        "everyday": pages.EVERYDAY_SEARCH_PATHS,
        "activity": paths_of(ActivityPage, pages.activity_slugs(activities)),
        "partner": paths_of(PartnerPage, pages.partner_slugs(partners)),
    }
    counts = {name: [measure(path) for path in paths] for name, paths in groups.items()}
    print(json.dumps({"paths": groups, "counts": counts}))


if __name__ == "__main__":
    main(sys.argv[1:])
