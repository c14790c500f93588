"""Build time, memory and match time of the search's text index at 20,000 synthetic activities.

    DJANGO_SETTINGS_MODULE=creative_minds.settings.test .venv/bin/python -m tests.benchmarks.text_index

No database: the listings are made up (Faker's English word list, seeded, so every run reads the
same words), about the length of real ones: a 4-word title, a 15-word summary, a 120-word
description in rich text, a partner among 400, a venue, one or two categories. The synonyms are
the starting list the migration seeds. Times are CPU time (time.process_time), so other work on
a shared machine inflates them less than wall time would. Prints one JSON object.
"""

import importlib
import json
import random
import statistics
import sys
import time
import tracemalloc

ACTIVITIES = 20_000
PARTNERS = 400
QUERIES = ("knitting", "pottery", "arts", "men's group", "walking football", "coffee morning", "anxiety")


def main(argv: list[str]) -> None:
    import django  # noqa: PLC0415 - a script in its own process: settings come first

    django.setup()
    # The search's modules load models, so they can only be imported once django.setup() has run.
    from faker import Faker  # noqa: PLC0415

    from activities.search.text_index import Listing, TextIndex, listing, synonyms_from  # noqa: PLC0415

    count = int(argv[0]) if argv else ACTIVITIES
    fake = Faker("en_US")
    fake.seed_instance(12)
    chance = random.Random(12)  # noqa: S311 - made-up data, not security
    categories = ["Arts", "Crafts", "Music", "Singing", "Walking", "Swimming", "Cooking", "Peer support"]
    partners = [fake.company() for _ in range(PARTNERS)]
    listings: list[Listing] = [
        listing(
            (
                chance.choice(partners),
                f"{fake.street_name()} Centre",
                "".join(f"<p>{fake.sentence(12)}</p>" for _ in range(10)),
                fake.sentence(15),
                fake.sentence(4) if chance.random() < 0.3 else "",
                fake.sentence(4),
            ),
            chance.sample(categories, chance.choice((1, 2))),
        )
        for _ in range(count)
    ]
    seeded = importlib.import_module("activities.migrations.0008_search_synonyms").SYNONYMS
    synonyms = synonyms_from((phrase, also.split(", ")) for phrase, also in seeded)

    build_seconds = []
    for _ in range(3):
        started = time.process_time()
        TextIndex.build(listings, synonyms)
        build_seconds.append(time.process_time() - started)

    tracemalloc.start()
    before = tracemalloc.take_snapshot()
    index = TextIndex.build(listings, synonyms)
    after = tracemalloc.take_snapshot()
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    held = sum(stat.size_diff for stat in after.compare_to(before, "filename"))

    match_ms = {}
    for query in QUERIES:
        timings = []
        for _ in range(20):
            started = time.process_time()
            found = index.match(query)
            timings.append((time.process_time() - started) * 1000)
        match_ms[query] = {"median_cpu_ms": round(statistics.median(timings), 3), "found": len(found)}

    print(
        json.dumps(
            {
                "activities": count,
                "stems": len(index.stem_slices),
                "postings": len(index.rows),
                "build_cpu_seconds_best_of_3": round(min(build_seconds), 3),
                "arrays_mb": round(index.nbytes / 1e6, 2),
                "held_mb_tracemalloc": round(held / 1e6, 2),
                "build_peak_mb_tracemalloc": round(peak / 1e6, 2),
                "match": match_ms,
            },
            indent=2,
        )
    )


if __name__ == "__main__":
    main(sys.argv[1:])
