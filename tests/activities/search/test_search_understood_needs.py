"""Words that name a need filter ("online", "step-free", "peer-led") become that filter on the page."""

import re
from html import unescape

import pytest

from tests.activities.search.test_needs import build_catalogue
from tests.builders import shared_data

pytestmark = pytest.mark.django_db

URL = "/activities/"


@pytest.fixture(scope="module")
def catalogue(django_db_setup, django_db_blocker):
    yield from shared_data(django_db_blocker, build_catalogue)


def search(client, **params):
    response = client.get(URL, params)
    assert response.status_code == 200
    return response


def titles(response) -> set[str]:
    return {card.title for card in response.context["outcome"].page.object_list}


@pytest.mark.parametrize(
    ("typed", "ticked", "expected", "sentence"),
    [
        ("online", "delivery-online", {"Loop and quiet", "Online peer chat"}, "Showing online activities"),
        (
            "step-free",
            "access-step-free",
            {"Step-free choir", "Loop and quiet", "Adults art"},
            "Showing activities with step-free access",
        ),
        ("hearing loop", "access-hearing-loop", {"Loop and quiet"}, "Showing activities with a hearing loop"),
        ("peer-led", "peer_led-yes", {"Online peer chat"}, "Showing peer-led activities"),
        (
            "carers go free",
            "access-carer-free",
            {"Memory cafe"},
            "Showing activities where a carer goes free",
        ),
    ],
)
def test_a_need_in_the_words_is_the_filter(client, catalogue, typed, ticked, expected, sentence):
    response = search(client, q=typed)
    assert titles(response) == expected
    html = response.content.decode()
    assert re.search(rf'id="{ticked}"[^>]*checked', html), ticked
    assert f"{sentence}." in unescape(html)
    assert not re.search(r'id="cost-free"[^>]*checked', html)  # "step-free" and "carers go free" are not cost
