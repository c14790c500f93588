"""What the benchmark requests. Shared by run.py (wrk) and probe.py (query counts); no Django imports."""

from urllib.parse import urlencode

SEARCH_PATH = "/activities/"

# Realistic searches, each as a list of (name, value) pairs so a filter can repeat.
SEARCHES = [
    [],
    [("q", "singing")],
    [("q", "walking group")],
    [("q", "art")],
    [("locality", "kirklees")],
    [("category", "music"), ("category", "singing")],
    [("day", "sat"), ("when", "evening")],
    [("near", "HD1 2TA"), ("radius", "5")],
    [("near", "WF1"), ("radius", "3")],
    [("near", "hx1 1uj"), ("radius", "10"), ("category", "walking"), ("sort", "distance")],
    [("q", "art"), ("locality", "calderdale"), ("cost", "free")],
    [("q", "singing"), ("near", "HD1 2TA"), ("radius", "10"), ("day", "tue"), ("day", "wed")],
    [("locality", "wakefield"), ("category", "walking"), ("when", "morning"), ("when", "weekend")],
    [("locality", "kirklees"), ("page", "2")],
    [("q", "singing"), ("page", "2")],
]
# Searches as people type them (issue 12): town names in either box, everyday words that need a
# stem or a staff-edited synonym, and words that name a filter ("free", "Saturday", "online").
EVERYDAY_SEARCHES = [
    [("q", "knitting")],
    [("q", "choir Halifax")],
    [("near", "Hebden Bridge")],
    [("q", "art"), ("near", "huddersfield"), ("radius", "3")],
    [("q", "free Saturday")],
    [("q", "men's group")],
    [("q", "anxiety")],
    [("q", "coffee morning near Ossett")],
    [("q", "football for people with dementia")],
    [("q", "online"), ("locality", "kirklees")],
    [("near", "batley"), ("access", "step-free")],
    [("q", "crafts Mirfield evening")],
    [("q", "yoga"), ("join", "turn-up")],
    [("near", "Royston"), ("radius", "10"), ("who", "young-people")],
    [("q", "walking Wakefield weekend")],
]


def _search_path(pairs) -> str:
    return SEARCH_PATH + ("?" + urlencode(pairs) if pairs else "")


SEARCH_PATHS = [_search_path(pairs) for pairs in SEARCHES]
EVERYDAY_SEARCH_PATHS = [_search_path(pairs) for pairs in EVERYDAY_SEARCHES]

BARE_PATH = "/healthz/"
HOME_PATH = "/"
# Published outcomes: the figures are worked out from every participant, then kept in the cache
# for a few minutes, so this measures the page as visitors get it (figures cached, page not).
IMPACT_PATH = "/impact/"
# Community reporters' published stories (seed_demo's demo stories), one page of cards with pictures.
STORIES_PATH = "/stories/"

# Open Referral UK feed (/api/oruk/): a page of services, and services near a postcode.
ORUK_PATHS = [
    "/api/oruk/services?page=1",
    "/api/oruk/service_at_locations?postcode=HD1%202TA&proximity=5000",
]

EXPECTED_PARTNERS = 400
EXPECTED_ACTIVITIES = 20_000
SAMPLE_PAGES = 20  # activity pages and partner pages each, spread through the seeded data


def _spread(count: int) -> range:
    return range(0, count, max(1, count // SAMPLE_PAGES))


def activity_slugs(activities: int = EXPECTED_ACTIVITIES) -> list[str]:
    """Slugs (from seed_demo) of SAMPLE_PAGES activities spread through `activities` seeded."""
    return [f"activity-{n:05d}" for n in _spread(activities)][:SAMPLE_PAGES]


def partner_slugs(partners: int = EXPECTED_PARTNERS) -> list[str]:
    return [f"partner-{n:04d}" for n in _spread(partners)][:SAMPLE_PAGES]
