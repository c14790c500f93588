"""A partner's page (the directory at /partners/ is tests/partners/test_directory.py)."""

import datetime
import re
from html import unescape

import pytest
from django.core.exceptions import ValidationError
from wagtail.test.utils import WagtailPageTestCase

from activities.factories import ActivityPageFactory
from home.models import HomePage
from partners.factories import PartnerPageFactory
from partners.models import Locality, PartnerIndexPage, PartnerPage

pytestmark = pytest.mark.django_db


def locality(slug):
    return Locality.objects.get(slug=slug)


@pytest.fixture
def directory():
    """Three live partners (one working in two areas), one draft partner, and their activities."""
    choir = PartnerPageFactory(title="Huddersfield Community Choir", home=locality("kirklees"))
    climbing = PartnerPageFactory(
        title="Calder Climbing Centre",
        home=locality("calderdale"),
        localities=[locality("calderdale"), locality("kirklees")],
    )
    allotment = PartnerPageFactory(title="Wakefield Allotment Society", home=locality("wakefield"))
    hidden = PartnerPageFactory(title="Draft Partner", home=locality("kirklees"), live=False)
    for _ in range(3):
        ActivityPageFactory(partner=choir)
    ActivityPageFactory(partner=choir, title="Choir draft", live=False)
    ActivityPageFactory(partner=climbing)
    return {"choir": choir, "climbing": climbing, "allotment": allotment, "hidden": hidden}


class TestPartnerPage:
    def test_lists_its_live_activities_only(self, client, directory):
        choir = directory["choir"]
        other = ActivityPageFactory(partner=directory["climbing"])
        response = client.get(choir.url)
        assert response.status_code == 200
        html = unescape(response.content.decode())
        live = list(choir.activities.live().order_by("title").values_list("title", flat=True))
        assert len(live) == 3
        assert [card.title for card in response.context["cards"]] == live
        for title in live:
            assert title in html
        assert "Choir draft" not in html
        assert other.title not in html

    def test_shows_who_they_are_and_how_to_reach_them(self, client, directory):
        choir = directory["choir"]
        choir.mental_health_friendly = True
        choir.save()
        html = unescape(client.get(choir.url).content.decode())
        assert f"<h1>{choir.title}</h1>" in html
        assert choir.summary in html
        assert choir.postcode in html
        assert f'href="mailto:{choir.contact_email}"' in html
        assert f"Registered charity number {choir.charity_number}" in html
        assert "Mental-health friendly organisation" in html
        crumbs = re.findall(r'<a class="nhsuk-breadcrumb__link" href="([^"]+)">([^<]+)</a>', html)
        assert crumbs == [("/", "Home"), ("/partners/", "Our partners")]
        assert '<h2 class="nhsuk-heading-m">Areas</h2>\n    <p>Kirklees</p>' in html

    def test_with_no_activities(self, client, directory):
        html = unescape(client.get(directory["allotment"].url).content.decode())
        assert "Wakefield Allotment Society has no activities listed at the moment." in html

    def test_a_draft_partner_is_not_found(self, client, directory):
        assert client.get(f"/partners/{directory['hidden'].slug}/").status_code == 404


class TestModel:
    def test_postcode_is_placed_on_save(self):
        partner = PartnerPageFactory(postcode="HX1 1UJ")
        assert (partner.latitude, partner.longitude) == pytest.approx((53.724356, -1.860701), abs=1e-6)

    def test_clean_writes_the_postcode_the_standard_way(self):
        partner = PartnerPageFactory(postcode="HX1 1UJ")
        partner.postcode = "hx11uj"
        partner.clean()
        assert partner.postcode == "HX1 1UJ"

    def test_clean_refuses_a_bad_postcode_and_backwards_dates(self):
        partner = PartnerPageFactory()
        for not_a_postcode in ("banana", "Halifax"):  # a town is a place to search near, not an address
            partner.postcode = not_a_postcode
            with pytest.raises(ValidationError) as caught:
                partner.clean()
            assert caught.value.message_dict == {
                "postcode": ["Enter a postcode like HD1 2TA, or the first part of one, like HD1"]
            }
        partner.postcode = ""
        partner.agreement_start, partner.agreement_end = datetime.date(2026, 4, 1), datetime.date(2026, 3, 1)
        with pytest.raises(ValidationError) as caught:
            partner.clean()
        assert caught.value.message_dict == {"agreement_end": ["The end date must be after the start date."]}

    def test_preferred_supplier_only_while_an_agreement_is_in_force(self):
        partner = PartnerPageFactory(
            agreement_status=PartnerPage.AgreementStatus.IN_FORCE,
            agreement_start=datetime.date(2026, 1, 1),
            agreement_end=datetime.date(2026, 12, 31),
        )
        assert partner.is_preferred_supplier_on(datetime.date(2026, 6, 1))
        assert not partner.is_preferred_supplier_on(datetime.date(2025, 12, 31))
        assert not partner.is_preferred_supplier_on(datetime.date(2027, 1, 1))
        partner.agreement_status = PartnerPage.AgreementStatus.ENDED
        assert not partner.is_preferred_supplier_on(datetime.date(2026, 6, 1))


class PartnerPageWagtailTests(WagtailPageTestCase):
    @classmethod
    def setUpTestData(cls):
        cls.partner = PartnerPageFactory()
        ActivityPageFactory(partner=cls.partner)

    def test_routable_and_renderable(self):
        self.assertPageIsRoutable(self.partner)
        self.assertPageIsRenderable(self.partner)
        # The directory is answered at /partners/ (tests/partners/test_directory.py); Wagtail's own
        # serving of the index page sends people there.
        self.assertPageIsRenderable(
            PartnerIndexPage.objects.get(), query_data={"locality": "kirklees"}, accept_redirect=True
        )

    def test_where_they_can_be_created(self):
        self.assertCanCreateAt(PartnerIndexPage, PartnerPage)
        self.assertCanNotCreateAt(HomePage, PartnerPage)
        self.assertAllowedParentPageTypes(PartnerPage, {PartnerIndexPage})
        self.assertAllowedSubpageTypes(PartnerPage, set())
