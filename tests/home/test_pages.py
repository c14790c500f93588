"""The home page, the content pages and what every page's footer carries."""

import re
from html import unescape

import pytest
from wagtail.models import Site
from wagtail.test.utils import WagtailPageTestCase

from activities.factories import ActivityPageFactory
from activities.models import ActivityIndexPage
from home.models import HomePage, SiteSettings, StandardPage
from partners.models import Locality, PartnerIndexPage

pytestmark = pytest.mark.django_db

ATTRIBUTION = "Contains OS data © Crown copyright"


class TestHomePage:
    def test_search_form_goes_to_the_activity_search(self, client):
        response = client.get("/")
        assert response.status_code == 200
        html = response.content.decode()
        form = re.search(r'<form action="/activities/" method="get"[^>]*>(.*?)</form>', html, re.S)
        assert form, "no search form posting to /activities/"
        assert re.search(r'<input[^>]*name="q"', form.group(1))
        assert re.search(r'<input[^>]*name="near"[^>]*autocomplete="postal-code"', form.group(1))
        assert "Find something to do near you" in html

    def test_the_search_form_works(self, client):
        ActivityPageFactory(title="Zumba in the park")
        response = client.get("/activities/", {"q": "zumba", "near": "HD1"})
        assert response.status_code == 200
        assert response.context["form"].is_valid()

    def test_lists_the_four_localities_with_live_activity_counts(self, client):
        kirklees = Locality.objects.get(slug="kirklees")
        ActivityPageFactory(partner__home=kirklees)
        ActivityPageFactory(partner__home=kirklees)
        ActivityPageFactory(partner__home=kirklees, live=False)
        html = unescape(client.get("/").content.decode())
        links = re.findall(
            r'<a class="nhsuk-card__link" href="/activities/\?locality=([a-z]+)">([A-Za-z]+)</a>', html
        )
        assert links == [
            ("barnsley", "Barnsley"),
            ("calderdale", "Calderdale"),
            ("kirklees", "Kirklees"),
            ("wakefield", "Wakefield"),
        ]
        assert f"{kirklees.summary} 2 activities." in html
        assert "0 activities." in html

    def test_lists_the_categories(self, client):
        html = client.get("/").content.decode()
        assert '<a href="/activities/?category=singing">Singing</a>' in html
        assert '<a href="/activities/?category=walking">Walking</a>' in html

    def test_query_count_is_small(self, client, django_assert_max_num_queries):
        client.get("/")
        with django_assert_max_num_queries(8):
            client.get("/")

    def test_counts_are_worked_out_once_per_version_of_the_search_index(
        self, client, django_assert_num_queries, django_capture_on_commit_callbacks
    ):
        """The localities are read with the counts, once per index version: a warm visit reads
        none (two queries: the page's routing; its view restrictions are held per process), and a
        new activity shows."""
        kirklees = Locality.objects.get(slug="kirklees")
        ActivityPageFactory(partner__home=kirklees)
        client.get("/")
        with django_assert_num_queries(2):
            assert f"{kirklees.summary} 1 activity." in unescape(client.get("/").content.decode())
        with django_capture_on_commit_callbacks(execute=True):  # the index changes on commit
            ActivityPageFactory(partner__home=kirklees)
        assert f"{kirklees.summary} 2 activities." in unescape(client.get("/").content.decode())


class TestEveryPage:
    @pytest.mark.parametrize(
        "path", ["/", "/activities/", "/partners/", "/about/", "/accessibility-statement/", "/privacy/"]
    )
    def test_footer_carries_the_postcode_data_attribution_and_crisis_message(self, client, path):
        response = client.get(path)
        assert response.status_code == 200
        html = unescape(response.content.decode())
        assert ATTRIBUTION in html
        assert "Open Government Licence v3.0" in html
        assert "Creative Minds is not an emergency service. If you need help now, call" in html

    def test_footer_shows_the_contact_details_from_site_settings(self, client):
        settings = SiteSettings.for_site(Site.objects.get(is_default_site=True))
        settings.contact_phone = "01924 316000"
        settings.contact_email = "creative.minds@example.nhs.uk"
        settings.save()
        html = client.get("/about/").content.decode()
        assert 'href="tel:01924316000"' in html
        assert 'href="mailto:creative.minds@example.nhs.uk"' in html

    @pytest.mark.parametrize(
        ("path", "heading"),
        [
            ("/about/", "About Creative Minds"),
            ("/accessibility-statement/", "Accessibility statement"),
            ("/privacy/", "Privacy notice"),
        ],
    )
    def test_content_pages(self, client, path, heading):
        html = client.get(path).content.decode()
        assert heading in html

    def test_not_found(self, client):
        response = client.get("/no-such-page/")
        assert response.status_code == 404

    def test_health_check(self, client):
        response = client.get("/healthz/")
        assert response.status_code == 200
        assert response.content == b"ok"


class HomeWagtailTests(WagtailPageTestCase):
    def test_the_page_tree_from_the_data_migrations(self):
        home = HomePage.objects.get()
        assert Site.objects.get(is_default_site=True).root_page.specific == home
        self.assertEqual(ActivityIndexPage.objects.get().url, "/activities/")
        self.assertEqual(PartnerIndexPage.objects.get().url, "/partners/")
        self.assertEqual(
            sorted(StandardPage.objects.child_of(home).values_list("slug", flat=True)),
            ["about", "accessibility-statement", "privacy"],
        )
        self.assertEqual(Locality.objects.count(), 4)

    def test_renderable(self):
        home = HomePage.objects.get()
        self.assertPageIsRoutable(home)
        self.assertPageIsRenderable(home)
        for page in StandardPage.objects.all():
            self.assertPageIsRenderable(page)

    def test_what_can_be_created_where(self):
        self.assertCanCreateAt(HomePage, StandardPage)
        home = HomePage.objects.get()
        assert StandardPage.can_create_at(home)
        # One home page, one search page and one partner directory (max_count = 1).
        assert not HomePage.can_create_at(home)
        assert not ActivityIndexPage.can_create_at(home)
        assert not PartnerIndexPage.can_create_at(home)
