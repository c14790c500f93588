"""/funded-projects/360giving.json and .csv: the funded projects as 360Giving data.

The JSON validates against the standard's own package schema (shipped in data/threesixtygiving/,
jsonschema Draft 2020-12 with format checks on); the CSV has the standard's column titles; both
carry exactly the ledger's amounts and dates, only approved awards, and nothing about people."""

import csv
import io
import json
from decimal import Decimal
from types import SimpleNamespace

import pytest
from django.core import checks
from django.urls import reverse
from django.utils import timezone

from partners import grants_data
from partners.checks import DEFAULT_360GIVING_PREFIX, threesixtygiving_prefix_is_registered
from partners.factories import MembershipFactory, PartnerContactFactory, PartnerPageFactory
from partners.models import Decision, LedgerEntry, Vote
from tests.partners.grants import (
    STANDARD,
    award,
    every_kind,
    grant_schema,
    package_validator,
    round_in,
    schema_errors,
)
from tests.query_counting import assert_same_count, queries_for

PREFIX = "360G-creativeminds-example"


@pytest.fixture
def grants(db):
    return every_kind()


def get_json(client):
    response = client.get(reverse("grants_360giving_json"))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    return response, json.loads(response.content)


def get_csv(client):
    response = client.get(reverse("grants_360giving_csv"))
    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8"))))
    return response, rows[0], [dict(zip(rows[0], row, strict=True)) for row in rows[1:]]


def by_id(grants_list):
    return {grant["id"]: grant for grant in grants_list}


def test_format_checks_are_really_on():
    """The schema's dates are "date-time format or YYYY-MM-DD" (oneOf): without format checks a
    plain date matches both and fails, so the checks below depend on these being on."""
    assert {"date-time", "uri"} <= set(package_validator().format_checker.checkers)


def test_package_validates_against_the_360giving_schema(client, grants):
    _, package = get_json(client)
    assert schema_errors(package) == []
    assert package["version"] == "1.4"
    assert package["license"] == "https://creativecommons.org/licenses/by/4.0/"
    assert package["publisher"] == {
        "identifier": f"{PREFIX}-creative-minds",
        "name": "Creative Minds",
        "website": "http://testserver/",
    }
    assert package["downloadURL"] == "http://testserver/funded-projects/360giving.json"
    assert len(package["grants"]) == 4


def test_every_kind_of_grant_is_described_as_the_standard_asks(client, grants):
    _, package = get_json(client)
    published = by_id(package["grants"])
    charity = published[f"{PREFIX}-{grants.approved.charity.public_id}"]
    assert charity["recipientOrganization"] == [
        {
            "id": "GB-CHC-1100123",
            "name": "Holmfirth Arts Collective",
            "charityNumber": "1100123",
            "url": grants.approved.charity.partner.website,
        }
    ]
    assert charity["fundingOrganization"] == [{"id": f"{PREFIX}-creative-minds", "name": "Creative Minds"}]
    assert charity["currency"] == "GBP"
    assert charity["amountAppliedFor"] == 2000
    assert charity["plannedDates"] == [{"startDate": "2027-01-11", "endDate": "2027-06-28"}]
    assert charity["beneficiaryLocation"] == [
        {"name": "Kirklees", "countryCode": "GB", "geoCode": "E08000034", "geoCodeType": "MD"}
    ]
    funding_round = grants.approved.charity.round
    assert charity["grantProgramme"] == [
        {
            "code": f"kirklees-round-{funding_round.pk}",
            "title": "Kirklees Creative Minds Collective: Winter 2026 (2026-27)",
        }
    ]
    assert charity["dataSource"] == "http://testserver/funded-projects/"

    company = published[f"{PREFIX}-{grants.approved.company.public_id}"]
    assert company["recipientOrganization"][0]["id"] == "GB-COH-01234567"
    assert company["recipientOrganization"][0]["companyNumber"] == "01234567"
    assert "charityNumber" not in company["recipientOrganization"][0]
    assert "plannedDates" not in company
    assert company["amountAwarded"] == 750.5
    assert company["grantProgramme"][0]["title"].endswith("Spring 2027 (2026-27)")

    scottish = published[f"{PREFIX}-{grants.approved.scottish.public_id}"]
    assert scottish["recipientOrganization"][0]["id"] == "GB-SC-SC012345"
    assert scottish["beneficiaryLocation"][0]["geoCode"] == "E08000036"

    unregistered = published[f"{PREFIX}-{grants.approved.unregistered.public_id}"]
    partner = grants.approved.unregistered.partner
    assert unregistered["recipientOrganization"][0]["id"] == f"{PREFIX}-partner-{partner.translation_key}"
    assert unregistered["plannedDates"] == [{"startDate": "2027-02-01"}]


def test_no_field_is_ever_null(client, grants):
    _, package = get_json(client)

    def values(node):
        if isinstance(node, dict):
            for value in node.values():
                yield from values(value)
        elif isinstance(node, list):
            for value in node:
                yield from values(value)
        else:
            yield node

    assert None not in list(values(package))
    assert "" not in list(values(package))


def test_matched_funding_is_an_additional_field_and_said_in_the_description(client, grants):
    _, package = get_json(client)
    published = by_id(package["grants"])
    charity = published[f"{PREFIX}-{grants.approved.charity.public_id}"]
    assert charity["matchFunding"] == {"amount": 750.5, "cash": 400, "inKind": 350.5}
    assert charity["description"].endswith(
        "The partner is adding £750.50 of its own (£400 in cash and £350.50 in kind)."
    )
    unregistered = published[f"{PREFIX}-{grants.approved.unregistered.public_id}"]
    assert unregistered["matchFunding"] == {"amount": 0, "cash": 0, "inKind": 0}
    assert "of its own" not in unregistered["description"]


def test_amounts_and_dates_equal_the_ledger(client, grants):
    ledger = {
        f"{PREFIX}-{entry.application.public_id}": entry
        for entry in LedgerEntry.objects.select_related("application", "decision")
    }
    assert len(ledger) == 4
    _, package = get_json(client)
    _, _, rows = get_csv(client)
    published = by_id(package["grants"])
    assert set(published) == set(ledger) == {row["Identifier"] for row in rows}
    for row in rows:
        entry = ledger[row["Identifier"]]
        day = timezone.localtime(entry.created_at).date().isoformat()
        assert entry.decision.outcome == Decision.Outcome.APPROVED
        assert Decimal(row["Amount Awarded"]) == entry.amount
        assert Decimal(str(published[row["Identifier"]]["amountAwarded"])) == entry.amount
        assert row["Award Date"] == published[row["Identifier"]]["awardDate"] == day


def test_csv_has_the_standards_column_titles(client, grants):
    _, header, rows = get_csv(client)
    assert header == [
        "Identifier",
        "Title",
        "Description",
        "Currency",
        "Amount Applied For",
        "Amount Awarded",
        "Award Date",
        "Planned Dates:Start Date",
        "Planned Dates:End Date",
        "Recipient Org:Identifier",
        "Recipient Org:Name",
        "Recipient Org:Charity Number",
        "Recipient Org:Company Number",
        "Recipient Org:Web Address",
        "Beneficiary Location:Name",
        "Beneficiary Location:Country Code",
        "Beneficiary Location:Geographic Code",
        "Beneficiary Location:Geographic Code Type",
        "Funding Org:Identifier",
        "Funding Org:Name",
        "Grant Programme:Code",
        "Grant Programme:Title",
        "From An Open Call?",
        "Last Modified",
        "Data Source",
        "Match Funding:Amount",
        "Match Funding:Cash",
        "Match Funding:In Kind",
    ]
    assert len(rows) == 4


def test_csv_titles_are_the_schemas_titles_in_the_templates_order():
    """Each standard column's title is its field's title in the schema (joined by ":"), and the
    columns come in the order of the standard's spreadsheet template; only our match funding
    columns, at the end, are not in the standard."""
    schema = grant_schema()
    template = next(csv.reader((STANDARD / "grants-sheet-titles.csv").open(encoding="utf-8")))
    standard = [(title, path) for title, path in grants_data.CSV_COLUMNS if path[0] in schema["properties"]]
    additional = [title for title, path in grants_data.CSV_COLUMNS if path[0] not in schema["properties"]]
    assert additional == ["Match Funding:Amount", "Match Funding:Cash", "Match Funding:In Kind"]
    for title, path in standard:
        assert title == _schema_title(schema, path)
    positions = [template.index(title) for title, _ in standard]
    assert positions == sorted(positions)


def _schema_title(schema, path) -> str:
    field = _resolved(schema, schema["properties"][path[0]])
    titles = [field["title"]]
    for step in path[1:]:
        if isinstance(step, int):
            field = _resolved(schema, field["items"])
            continue
        field = _resolved(schema, field["properties"][step])
        titles.append(field["title"])
    return ":".join(titles)


def _resolved(schema, field) -> dict:
    """A field, or the definition its "$ref": "#/$defs/..." points to."""
    if "$ref" in field:
        return schema["$defs"][field["$ref"].rsplit("/", 1)[1]]
    return field


def test_csv_numbers_are_numbers_and_cells_match_the_json(client, grants):
    _, package = get_json(client)
    _, _, rows = get_csv(client)
    published = by_id(package["grants"])
    for row in rows:
        grant = published[row["Identifier"]]
        assert row["Title"] == grant["title"]
        assert row["Recipient Org:Identifier"] == grant["recipientOrganization"][0]["id"]
        assert row["Beneficiary Location:Geographic Code"] == grant["beneficiaryLocation"][0]["geoCode"]
        assert float(row["Amount Applied For"]) == grant["amountAppliedFor"]
        assert "£" not in row["Amount Awarded"] and "," not in row["Amount Awarded"]
    company = next(r for r in rows if r["Recipient Org:Company Number"])
    assert company["Amount Awarded"] == "750.5"
    assert company["Planned Dates:Start Date"] == ""


def test_declined_deferred_undecided_and_drafts_never_appear(client, grants):
    json_body = client.get(reverse("grants_360giving_json")).content.decode()
    csv_body = client.get(reverse("grants_360giving_csv")).content.decode()
    for application in vars(grants.unpublished).values():
        for body in (json_body, csv_body):
            assert str(application.public_id) not in body
            assert application.title not in body


def test_nothing_about_people(client, grants):
    """No name or email of anyone: who applied, decided, voted or declared; no vote, comment,
    conflict or reasons; no partner contact's details."""
    application = grants.approved.charity
    member = MembershipFactory(collective=application.round.collective)
    Vote.objects.create(
        application=grants.unpublished.undecided, membership=member, comment="Lovely idea, Sam"
    )
    contact = PartnerContactFactory(partner=application.partner)
    people = [application.created_by, member.user, contact.user]
    people += [decision.decided_by for decision in Decision.objects.select_related("decided_by")]
    words = {"Members liked the clear plan", "Agreed at the collective", "Too few members", "Sam"}
    for person in people:
        words |= {person.email, person.username, f"{person.first_name} {person.last_name}"}
    words |= {application.partner.contact_email, application.partner.contact_phone}
    for name in ("grants_360giving_json", "grants_360giving_csv"):
        body = client.get(reverse(name)).content.decode()
        found = [word for word in words if word and word in body]
        assert not found, f"{name} has {found}"


def test_headers_public_cacheable_cors_and_validators(client, grants):
    for name in ("grants_360giving_json", "grants_360giving_csv"):
        response = client.get(reverse(name))
        assert response["Access-Control-Allow-Origin"] == "*"
        assert "public" in response["Cache-Control"]
        assert response["ETag"]
        assert response["Last-Modified"]
        again = client.get(reverse(name), headers={"if-none-match": response["ETag"]})
        assert again.status_code == 304
        assert again["Access-Control-Allow-Origin"] == "*"
        unchanged = client.get(reverse(name), headers={"if-modified-since": response["Last-Modified"]})
        assert unchanged.status_code == 304
    csv_response = client.get(reverse("grants_360giving_csv"))
    assert csv_response["Content-Disposition"] == 'attachment; filename="creative-minds-grants-360giving.csv"'


def test_a_new_award_changes_the_validators(client, grants):
    before = client.get(reverse("grants_360giving_json"))
    award(grants.approved.charity.round, partner=PartnerPageFactory(), amount="500.00")
    after = client.get(reverse("grants_360giving_json"), headers={"if-none-match": before["ETag"]})
    assert after.status_code == 200
    assert after["ETag"] != before["ETag"]


def test_private_to_a_signed_in_person_like_every_page(client, grants, django_user_model):
    client.force_login(django_user_model.objects.create_user("reader", password="a-long-password-1"))
    response = client.get(reverse("grants_360giving_json"))
    assert "private" in response["Cache-Control"]


def test_only_get_and_head(client, grants):
    assert client.post(reverse("grants_360giving_json")).status_code == 405
    assert client.head(reverse("grants_360giving_csv")).status_code == 200


def test_query_count_does_not_grow_with_the_number_of_grants(client, db):
    rounds = [round_in("kirklees"), round_in("wakefield", name="Autumn 2026")]
    partners = [PartnerPageFactory(), PartnerPageFactory(charity_number="", company_number="7654321")]
    names = ("grants_360giving_json", "grants_360giving_csv")

    def grants_up_to(count):
        for n in range(LedgerEntry.objects.count(), count):
            award(rounds[n % 2], partner=partners[n % 2], amount="100.00", in_kind=[("Hall", "10")])

    grants_up_to(5)
    small = {name: queries_for(client, reverse(name)) for name in names}
    grants_up_to(50)
    for name in names:
        large = queries_for(client, reverse(name))
        assert assert_same_count(small[name], large) == 1  # the ledger, with everything joined
    assert len(json.loads(large_json(client))["grants"]) == 50


def large_json(client) -> bytes:
    return client.get(reverse("grants_360giving_json")).content


def test_no_grants_yet(client, db):
    """An empty list of grants (the standard's schema asks for at least one, and nothing is made
    up to fill it) and a CSV with only its header row."""
    _, package = get_json(client)
    assert package["grants"] == []
    assert "issued" not in package and "modified" not in package
    response, header, rows = get_csv(client)
    assert header[0] == "Identifier" and rows == []
    assert "Last-Modified" not in response


def test_funded_projects_page_links_to_both_files(client, grants):
    response = client.get(reverse("funded_projects"))
    assert f'href="{reverse("grants_360giving_csv")}"'.encode() in response.content
    assert f'href="{reverse("grants_360giving_json")}"'.encode() in response.content
    assert f'href="{reverse("open_data")}#grants"'.encode() in response.content


def test_the_prefix_comes_from_settings(client, grants, settings):
    settings.THREESIXTYGIVING_PREFIX = "360G-registered"
    _, package = get_json(client)
    assert all(grant["id"].startswith("360G-registered-") for grant in package["grants"])
    assert schema_errors(package) == []


@pytest.mark.parametrize(
    ("charity", "company", "org_id"),
    [
        ("1100123", "", "GB-CHC-1100123"),
        (" 1100 123 ", "01234567", "GB-CHC-1100123"),
        ("SC012345", "", "GB-SC-SC012345"),
        ("NIC100002", "", "GB-NIC-100002"),
        ("", "1234567", "GB-COH-01234567"),
        ("", "sc123456", "GB-COH-SC123456"),
    ],
)
def test_organisation_ids(charity, company, org_id):
    partner = SimpleNamespace(charity_number=charity, company_number=company, translation_key="unused")
    assert grants_data.organisation_id(partner) == org_id


def test_geo_code_types_are_in_the_standards_codelist():
    """Each ONS entity we map is one the codelist lists, with the code it gives."""
    with (STANDARD / "codelists" / "geoCodeType.csv").open(encoding="utf-8") as codelist:
        listed = {
            row["Documentation (URL)"].rsplit("/", 1)[1]: row["Code"] for row in csv.DictReader(codelist)
        }
    for entity, code in grants_data.GEO_CODE_TYPES.items():
        assert listed[entity] == code


def test_deploy_check_warns_while_the_prefix_is_the_development_one(settings):
    settings.THREESIXTYGIVING_PREFIX = settings.THREESIXTYGIVING_DEFAULT_PREFIX
    warnings = threesixtygiving_prefix_is_registered()
    assert [w.id for w in warnings] == [DEFAULT_360GIVING_PREFIX]
    assert isinstance(warnings[0], checks.Warning)
    settings.THREESIXTYGIVING_PREFIX = "360G-registered"
    assert threesixtygiving_prefix_is_registered() == []
