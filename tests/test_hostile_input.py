"""No server error from anything a person can type: a bounded property-based test (hypothesis).

Two properties, each over generated input that mixes the values a page offers with hostile ones
(any unicode, NUL and other control characters, very long strings, negative, huge and non-numbers,
repeated and unknown values, bytes that are not UTF-8):

- every query parameter of the activity search and the partner directory, with the parameter
  names taken from the filter set and the form that read them, so a new parameter is covered;
- every field of every public form: the forms are found by walking the URL configuration and
  opening each page as an anonymous visitor (a page that answers 200 with a POST form is public),
  and the fields are read from the page as a browser would, so a new form or field is covered.

The answer must never be a 5xx. Each form example starts from the same browser and the same
database: the cache (where every throttle counts) is cleared, and the example runs in a savepoint
that is rolled back (with django-axes' record of sign-in attempts and anything the form saved), so
a 429 cannot hide a bug, examples cannot affect each other and the questionnaire link stays fresh.
A 429 is an acceptable answer. The runs are reproducible: derandomized, no example
database, a fixed number of examples and no deadline. 1,320 requests in all, about 17 seconds on
the 2-core development machine (SQLite or PostgreSQL), plus the test database's creation when the
file is run on its own.

Hypothesis raises the recursion limit by 2,000 frames while a test runs, so the search's
RecursionError, at 148 words in a server, needs about 1,000 here; the word counts tried include it.
"""

from __future__ import annotations

import copy
import re
from dataclasses import dataclass, field
from urllib.parse import quote_from_bytes, urlencode

import pytest
from bs4 import BeautifulSoup
from django.contrib.auth.tokens import default_token_generator
from django.core.cache import cache
from django.db import transaction
from django.urls import resolve
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode
from hypothesis import HealthCheck, given
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st

from activities.models import ActivityPage
from activities.oruk.params import READS
from activities.referrals import checkins
from activities.referrals.factories import ParticipantFactory, WellbeingCheckInFactory
from activities.referrals.models import WellbeingCheckIn
from activities.search import partner_index
from activities.search.filters import ActivityFilter
from activities.stories.factories import StoryPageFactory
from activities.stories.listing import StoryFilter
from activities.stories.models import StoryPage, Theme
from partners.directory import PartnerDirectoryForm
from partners.factories import UserFactory
from tests.builders import ActivityMaker, session
from tests.url_walk import url_patterns

pytestmark = pytest.mark.django_db

PASSWORD = "a-long-demo-password"  # UserFactory's, so signing in can succeed
EXAMPLES_PER_PARAMETER = 40
EXAMPLES_PER_FORM = 120
BOUNDED = hypothesis_settings(
    deadline=None,
    derandomize=True,
    database=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)

# Addresses that are not public forms however they answer: the admin (staff only, tested
# elsewhere), documents, and Wagtail's page serving (a regex catch-all; its pages have no forms).
NOT_PUBLIC = ("admin/", "django-admin/", "documents/", "^")
# The public forms the walk must find, at least (so a broken walk cannot pass by finding none).
EXPECTED_FORMS = {
    "login",
    "password_reset",
    "password_reset_confirm",
    "collectives:join",
    "ask_to_join",
    "wellbeing:answer",
}


# -- hostile values ---------------------------------------------------------------------------

# Any character a browser can send: everything but lone surrogates, which cannot be UTF-8 encoded.
ANY_CHARACTER = st.characters(exclude_categories=("Cs",))
TRICKY = [
    "",
    " ",
    "\x00",
    "a\x00b",
    "\t\r\n",
    "0",
    "-1",
    "-0",
    "1e308",
    "99999999999999999999999999",
    "-99999999999999999999999999",
    "NaN",
    "inf",
    "0x1F",
    "١٢٣",  # Arabic-Indic digits: int() reads them, other code may not
    "null",
    "None",
    "[]",
    "{}",
    "../../etc/passwd",
    "<script>alert(1)</script>",
    "' OR 1=1 --",
    "%00",
    "%",
    "😀",
    "\u202e",
    "2026-02-30",
    "00000000-0000-0000-0000-000000000000",
    "HD1 2TA",
    "hd12ta",
    "SW1A",
    "ZZ99 9ZZ",
]
LONG = [150, 151, 200, 201, 254, 255, 256, 1000, 5000]
MANY_WORDS = [20, 21, 147, 148, 300, 1000]
hostile_text = st.one_of(
    st.sampled_from(TRICKY),
    st.text(ANY_CHARACTER, max_size=40),
    st.text(st.sampled_from("\x00\x01\x1f\x7f %&=?#+;/\\'\"<>"), min_size=1, max_size=12),
    st.integers().map(str),
    st.floats().map(str),
    st.decimals(allow_nan=True, allow_infinity=True).map(str),
    # Very long, at and around the limits that matter here (150 for a username, 200 for a search,
    # 254 for an email address, 255 for a record of sign-in attempts) and far beyond; and many
    # different words (148 of them made Wagtail's search backend recurse too deeply).
    st.builds(lambda character, times: character * times, ANY_CHARACTER, st.sampled_from(LONG)),
    st.builds(
        lambda word, times: " ".join(f"{word}{number}" for number in range(times)),
        st.sampled_from(["sing", "a", "\x00"]),
        st.sampled_from(MANY_WORDS),
    ),
)


# Mostly one value (the last one sent is usually the one read), sometimes several.
hostile_values = st.one_of(
    hostile_text.map(lambda value: [value]), st.lists(hostile_text, min_size=2, max_size=3)
)


def values_for(known: list[str]):
    """A list of values for one name (repeated names are how checkboxes send several)."""
    one = st.one_of(st.sampled_from(known), hostile_text) if known else hostile_text
    return st.lists(one, min_size=1, max_size=3)


# -- query strings -----------------------------------------------------------------------------


def choices_of(form_field) -> list[str]:
    return [str(value) for value, _ in getattr(form_field, "choices", []) if str(value)]


def query_strings(names: dict[str, list[str]], focus: str):
    """A query string with hostile values for `focus` and any of the other names (with the values
    each offers, or hostile ones), and perhaps bytes that are not UTF-8 or a name nobody reads."""
    others = sorted(set(names) - {focus})
    chosen = st.lists(st.sampled_from(others), unique=True, max_size=len(others)).flatmap(
        lambda keys: st.fixed_dictionaries(
            {
                focus: hostile_values,
                **{key: values_for(names[key]) for key in keys},
            }
        )
    )
    extra = st.lists(
        st.tuples(
            st.sampled_from([focus, "utm_source", "unknown", ""]),
            st.binary(max_size=20).map(quote_from_bytes),
        ),
        max_size=2,
    )
    return st.builds(
        lambda data, raw: "&".join(
            part for part in [urlencode(data, doseq=True), *(f"{k}={v}" for k, v in raw)] if part
        ),
        chosen,
        extra,
    )


def activity_search_parameters() -> dict[str, list[str]]:
    """Every parameter the activity search reads, from its filter set, with the values it offers."""
    filterset = ActivityFilter(queryset=None)
    names = {name: choices_of(filterset.form.fields[name]) for name in filterset.filters}
    names["page"] = ["1", "2"]
    return names


def partner_directory_parameters() -> dict[str, list[str]]:
    """Every parameter /partners/ reads, from its form, with the values it offers."""
    index = partner_index.current()
    form = PartnerDirectoryForm(None, localities=index.localities, activity_types=index.activity_types)
    return {name: choices_of(form_field) or ["1", "2"] for name, form_field in form.fields.items()}


def story_list_parameters() -> dict[str, list[str]]:
    """Every parameter /stories/ reads, from its filter set (the page number among them)."""
    filterset = StoryFilter(queryset=StoryPage.objects.none(), themes=Theme.objects.order_by("name"))
    return {name: choices_of(filterset.form.fields[name]) or ["1", "2"] for name in filterset.filters}


# Values the feed understands for each parameter it reads (any other is hostile, or an unknown id).
FEED_VALUES = {
    "page": ["1", "2"],
    "per_page": ["5", "100"],
    "format": ["json"],
    "postcode": ["HD1 2TA", "Halifax", "HX1"],
    "proximity": ["5000", "1609.344"],
    "minimal": ["true", "false"],
    "full": ["true", "false"],
    "full_service": ["true"],
    "top_only": ["true"],
    "modified_after": ["2026-01-01", "2026-01-01T09:00:00Z"],
}


def feed_parameters(endpoint: str):
    """Every parameter an /api/oruk/ list reads (activities.oruk.params.READS), with values it takes."""
    return lambda: {name: FEED_VALUES.get(name, []) for name in READS[endpoint]}


# -- the world ---------------------------------------------------------------------------------


@pytest.fixture
def world(db):
    """A few activities (one takes requests to join), a person who can reset their password and a
    participant whose wellbeing questionnaire is waiting, with a link issued."""
    make = ActivityMaker()
    welcoming = make(
        "Sing for your mind",
        how_to_join=ActivityPage.HowToJoin.SELF_REFERRAL,
        sessions=[session("mon", "10:00"), session("sat", "14:00")],
    )
    make("Halifax wander", locality="calderdale", postcode="HX1 1QE", categories=["walking"])
    StoryPageFactory(activity=welcoming, title="Singing again")
    make("Paint and chat", locality="wakefield", postcode="WF1 2EB", categories=["arts"], cost_type="paid")
    person = UserFactory(username="sam", email="sam@example.org")
    participant = ParticipantFactory(referral__activity=welcoming)
    check_in = WellbeingCheckInFactory(
        participant=participant, status=WellbeingCheckIn.Status.WAITING, answers=None
    )
    return {
        "activity_slug": welcoming.slug,
        "wellbeing_token": checkins.issue_link(check_in, channel=WellbeingCheckIn.Channel.QR),
        "uidb64": urlsafe_base64_encode(force_bytes(person.pk)),
        "reset_token": default_token_generator.make_token(person),
    }


# -- finding the public forms -------------------------------------------------------------------


ARGUMENT = re.compile(r"<(?:(?P<converter>\w+):)?(?P<name>\w+)>")


def concrete_url(route: str, name: str, world: dict) -> str:
    """The route with a real value for each argument: the world's where it has one, otherwise a
    well-formed stand-in (which such a page will answer with a sign-in redirect or 404)."""
    special = {
        ("wellbeing:answer", "token"): world["wellbeing_token"],
        ("password_reset_confirm", "token"): world["reset_token"],
    }

    def value(match):
        argument = match["name"]
        if (name, argument) in special:
            return special[(name, argument)]
        if argument in world:
            return world[argument]
        return {"uuid": "00000000-0000-4000-8000-000000000000", "int": "1"}.get(match["converter"], "x")

    return "/" + ARGUMENT.sub(value, route)


@dataclass
class Field:
    kind: str  # "text", "email", "password", "hidden", "radio", "checkbox", "select", "textarea", ...
    offered: list[str] = field(default_factory=list)  # the values the page offers, if any


@dataclass
class PublicForm:
    name: str
    url: str
    fields: dict[str, Field]


def post_forms(html: str) -> list[dict[str, Field]]:
    """Each POST form's fields as a browser sees them, with the values the page offers."""
    found = []
    for form in BeautifulSoup(html, "html.parser").find_all("form"):
        if (form.get("method") or "get").lower() != "post":
            continue
        fields: dict[str, Field] = {}
        for element in form.find_all(["input", "select", "textarea", "button"]):
            name = element.get("name")
            if not name or name == "csrfmiddlewaretoken":
                continue
            kind = element.get("type", "text") if element.name in ("input", "button") else element.name
            offered = fields.setdefault(name, Field(kind)).offered
            if element.name == "select":
                offered.extend(option.get("value", option.text) for option in element.find_all("option"))
            elif element.get("value"):
                offered.append(element["value"])
        found.append(fields)
    return found


def plausible(name: str, form_field: Field) -> str:
    """What a person filling the form in properly would send in this field."""
    if form_field.offered:
        return next((value for value in form_field.offered if value), "")
    if name == "website":
        return ""  # the honeypot: people leave it empty
    if form_field.kind == "email" or "email" in name:
        return "sam@example.org"
    if form_field.kind == "password" or "password" in name:
        return PASSWORD
    if "phone" in name:
        return "07700 900123"
    if name == "username":
        return "sam"
    return "Hello"


def public_forms(visitor, world: dict) -> list[PublicForm]:
    """Every POST form an anonymous visitor reaches from an address in the URL configuration, once
    each, named by the address it is really on (after any redirect: to sign in, say). The visitor
    keeps its session, as a browser would (setting a new password needs the one the link started)."""
    forms: dict[str, PublicForm] = {}
    for route, name in url_patterns():
        if route.startswith(NOT_PUBLIC):
            continue
        response = visitor.get(concrete_url(route, name, world), follow=True)
        if response.status_code != 200:
            continue
        path = response.request["PATH_INFO"]
        where = resolve(path).view_name
        if where in forms:
            continue
        for fields in post_forms(response.content.decode()):
            forms[where] = PublicForm(name=where, url=path, fields=fields)
    return list(forms.values())


# -- the properties -----------------------------------------------------------------------------


def assert_no_server_error(response, what: str) -> None:
    assert response.status_code < 500, f"{what} answered {response.status_code}"


@pytest.mark.parametrize(
    ("path", "parameters"),
    [
        ("/activities/", activity_search_parameters),
        ("/partners/", partner_directory_parameters),
        ("/stories/", story_list_parameters),
        *(
            (f"/api/oruk/{endpoint}", feed_parameters(endpoint))
            for endpoint in ("services", "service_at_locations", "organizations", "taxonomy_terms")
        ),
    ],
)
def test_no_query_string_makes_a_server_error(client, world, path, parameters):
    names = parameters()
    for focus in names:
        visitor(client, path, names, focus)()


def visitor(client, path: str, names: dict[str, list[str]], focus: str):
    """A property over one parameter: whatever it holds, with whatever else, the answer is not a 5xx."""

    @hypothesis_settings(BOUNDED, max_examples=EXAMPLES_PER_PARAMETER)
    @given(query=query_strings(names, focus))
    def visit(query):
        assert_no_server_error(client.get(f"{path}?{query}"), f"{path}?{query}")

    return visit


def test_no_public_form_input_makes_a_server_error(client, world, settings):
    settings.AXES_ENABLED = True  # sign-in's record of failed attempts is part of what is tried
    forms = public_forms(client, world)
    assert {form.name for form in forms} >= EXPECTED_FORMS, sorted({form.name for form in forms})

    for form in forms:
        sender(client, form)()


def submissions(form: PublicForm):
    """A proper submission of the form with a few fields changed to hostile values, sent several
    times, or left out: so the hostile values also reach the code behind a valid form."""
    proper = {name: [plausible(name, form_field)] for name, form_field in form.fields.items()}
    names = st.sampled_from(sorted(proper))
    replacements = st.lists(names, unique=True, max_size=3).flatmap(
        lambda chosen: st.fixed_dictionaries(
            {name: values_for([v for v in form.fields[name].offered if v]) for name in chosen}
        )
    )
    left_out = st.sets(names, max_size=2)
    return st.builds(
        lambda replace, drop: {
            name: values for name, values in {**proper, **replace}.items() if name not in drop
        },
        replacements,
        left_out,
    )


def sender(client, form: PublicForm):
    """A property over one form: whatever is sent, in whatever fields, the answer is not a 5xx."""

    browser = copy.deepcopy(client.cookies)

    @hypothesis_settings(BOUNDED, max_examples=EXAMPLES_PER_FORM)
    @given(data=submissions(form))
    def send(data):
        cache.clear()  # every throttle counts in the cache
        # The same browser each time: an example that signed in must not leave a session behind
        # that the rollback has removed.
        client.cookies = copy.deepcopy(browser)
        with transaction.atomic():
            response = client.post(form.url, data)
            transaction.set_rollback(True)
        assert_no_server_error(response, f"POST {form.url} {data!r}")

    return send
