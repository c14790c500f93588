"""Search synonyms: the seeded list, checks on what staff type, and edits in the admin reaching the search."""

import importlib

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from activities.models import SearchSynonym
from activities.models.synonym import MAX_ALSO_MATCHES

pytestmark = pytest.mark.django_db

SEEDED = importlib.import_module("activities.migrations.0008_search_synonyms").SYNONYMS
ADD = "wagtailsnippets_activities_searchsynonym:add"
DELETE = "wagtailsnippets_activities_searchsynonym:delete"


def found(client, q) -> list[str]:
    response = client.get("/activities/", {"q": q})
    assert response.status_code == 200
    return [card.title for card in response.context["outcome"].page.object_list]


def errors_of(**fields) -> dict[str, list[str]]:
    synonym = SearchSynonym(**{"phrase": "natter", "also_matches": "chat", **fields})
    with pytest.raises(ValidationError) as raised:
        synonym.full_clean()
    return raised.value.message_dict


class TestSeededList:
    def test_a_fresh_database_has_the_starting_list(self):
        phrases = set(SearchSynonym.objects.values_list("phrase", flat=True))
        assert len(phrases) == len(SEEDED) >= 30
        for phrase in (
            "anxiety", "men's group", "knitting", "dementia", "walking football", "coffee morning", "yoga",
            "choir", "art", "pottery", "exercise", "lonely", "depression", "outdoors",
            "music", "young people", "carers",
        ):  # fmt: skip
            assert phrase in phrases
        # "wheelchair" is read as the step-free filter (activities.search.understanding), not as words.
        assert "wheelchair" not in phrases

    def test_every_seeded_entry_passes_the_checks_staff_edits_pass(self):
        for synonym in SearchSynonym.objects.all():
            synonym.full_clean()


class TestChecks:
    def test_the_list_is_tidied(self):
        synonym = SearchSynonym(phrase="  Knit   and natter ", also_matches="crafts,, Yarn ,\ncrafts,yarn,")
        synonym.full_clean()
        assert synonym.phrase == "Knit and natter"
        assert synonym.also_matches == "crafts, Yarn"
        assert synonym.entries() == ["crafts", "Yarn"]

    @pytest.mark.parametrize(
        ("fields", "field", "message"),
        [
            ({"phrase": ""}, "phrase", "This field cannot be blank."),
            ({"phrase": "the"}, "phrase", "Enter a word people search for, such as knitting."),
            ({"phrase": "!!!"}, "phrase", "Enter a word people search for, such as knitting."),
            ({"phrase": "KNITTING"}, "phrase", "There is already an entry for this phrase."),
            ({"also_matches": ""}, "also_matches", "This field cannot be blank."),
            ({"also_matches": " , ,\n"}, "also_matches", "Enter at least one word or phrase"),
            ({"also_matches": "chat, for the"}, "also_matches", "“for the” has no word the search can use."),
            ({"also_matches": "chat, " + "x" * 61}, "also_matches", "must be 60 characters or fewer"),
            (
                {"also_matches": ", ".join(f"word{n}" for n in range(MAX_ALSO_MATCHES + 1))},
                "also_matches",
                "Enter 20 words or phrases or fewer",
            ),
        ],
    )
    def test_a_bad_entry_is_explained(self, fields, field, message):
        errors = errors_of(**fields)
        assert any(message in error for error in errors[field]), errors

    def test_the_database_refuses_the_same_phrase_in_other_capitals(self):
        synonym = SearchSynonym(phrase="Knitting", also_matches="wool")
        with pytest.raises(ValidationError) as raised:
            synonym.validate_constraints()
        assert "There is already an entry for this phrase" in str(raised.value)


class TestAdmin:
    def test_listed_and_searchable_under_the_directory_menu(self, admin_client):
        listing = admin_client.get(reverse("wagtailsnippets_activities_searchsynonym:list"), {"q": "shed"})
        assert listing.status_code == 200
        html = listing.content.decode()
        assert "men&#x27;s group" in html or "men's group" in html  # its list mentions men's shed
        assert "pottery" not in html
        assert "Search synonyms" in admin_client.get(reverse("wagtailadmin_home")).content.decode()

    def test_a_synonym_added_in_the_admin_is_used_by_the_next_search(
        self, admin_client, client, make_activity, django_capture_on_commit_callbacks
    ):
        make_activity("Cuppa and chat", summary="Tea, biscuits and good company.")
        assert found(client, "brew") == []
        with django_capture_on_commit_callbacks(execute=True):
            response = admin_client.post(reverse(ADD), {"phrase": "Brew", "also_matches": "cuppa, tea"})
        assert response.status_code == 302
        assert found(client, "brew") == ["Cuppa and chat"]

    def test_a_synonym_deleted_in_the_admin_is_no_longer_used(
        self, admin_client, client, make_activity, django_capture_on_commit_callbacks
    ):
        make_activity("Tai chi in the park", summary="Slow movements outdoors.")
        assert found(client, "yoga") == ["Tai chi in the park"]
        yoga = SearchSynonym.objects.get(phrase="yoga")
        with django_capture_on_commit_callbacks(execute=True):
            response = admin_client.post(reverse(DELETE, args=[yoga.pk]))
        assert response.status_code == 302
        assert found(client, "yoga") == []

    def test_a_phrase_already_there_is_explained_on_the_form_and_what_was_typed_is_kept(self, admin_client):
        typed = {"phrase": "KNITTING", "also_matches": "wool, yarn"}
        response = admin_client.post(reverse(ADD), typed)
        assert response.status_code == 200
        assert response.context["form"].errors["phrase"] == [
            "There is already an entry for this phrase. Change that one instead"
        ]
        html = response.content.decode()
        assert 'value="KNITTING"' in html and "wool, yarn" in html
        assert SearchSynonym.objects.filter(phrase__iexact="knitting").count() == 1
