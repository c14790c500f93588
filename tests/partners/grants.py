"""Awards of every kind for the 360Giving tests (and the browser test of /funded-projects/), made
through partners.services as the collectives make them, and the standard's schemas shipped in
data/threesixtygiving/ (see its README) loaded for jsonschema with no network."""

import datetime
import json
from decimal import Decimal
from functools import cache
from pathlib import Path
from types import SimpleNamespace

from jsonschema import Draft202012Validator
from referencing import Registry, Resource
from referencing.jsonschema import DRAFT202012

from partners import services
from partners.factories import (
    CollectiveFactory,
    FundingApplicationFactory,
    FundingRoundFactory,
    PartnerPageFactory,
    UserFactory,
)
from partners.models import FundingApplication, InKindItem, Locality

STANDARD = Path(__file__).parent / "data" / "threesixtygiving"
# The package schema's $ref names the grant schema at its 1.4.2 address; the grant schema's own
# $id is 1.4.3. Both are the file shipped here.
GRANT_SCHEMA_ADDRESSES = (
    "https://raw.githubusercontent.com/ThreeSixtyGiving/standard/1.4.2/schema/360-giving-schema.json",
    "https://raw.githubusercontent.com/ThreeSixtyGiving/standard/1.4.3/schema/360-giving-schema.json",
)

REASONS = "Members liked the clear plan and how many people it will reach."
EARLY = "Agreed at the collective's meeting, before voting closed."
OVERRIDE = "Too few members could vote this time; the chair and coordinator agreed."


def grant_schema() -> dict:
    return json.loads((STANDARD / "schema" / "360-giving-schema.json").read_text(encoding="utf-8"))


@cache
def package_validator() -> Draft202012Validator:
    """The 360Giving package schema, with format checking on, resolving the grant schema locally."""
    package = json.loads((STANDARD / "schema" / "360-giving-package-schema.json").read_text(encoding="utf-8"))
    grants = Resource.from_contents(grant_schema(), default_specification=DRAFT202012)
    registry = Registry().with_resources((address, grants) for address in GRANT_SCHEMA_ADDRESSES)
    return Draft202012Validator(
        package, registry=registry, format_checker=Draft202012Validator.FORMAT_CHECKER
    )


def schema_errors(document) -> list[str]:
    return [
        f"{'/'.join(map(str, error.absolute_path))}: {error.message}"
        for error in package_validator().iter_errors(document)
    ]


def round_in(locality_slug: str, name: str = "Winter 2026", **fields):
    collective = CollectiveFactory(locality=Locality.objects.get(slug=locality_slug))
    defaults = {"budget": Decimal("200000.00"), "maximum_award": Decimal("3000.00")}
    return FundingRoundFactory(collective=collective, name=name, **{**defaults, **fields})


def decide(application, outcome: str, amount=None):
    return services.record_decision(
        application=application,
        user=UserFactory(),
        outcome=outcome,
        amount=Decimal(amount) if amount is not None else None,
        reasons=REASONS,
        early_reason=EARLY,
        override_reason=OVERRIDE,
    )


def award(funding_round, *, amount="1000.00", in_kind=(), **fields) -> FundingApplication:
    """An application in `funding_round`, approved for `amount` (`fields` go to its factory)."""
    application = FundingApplicationFactory(round=funding_round, **fields)
    for description, value in in_kind:
        InKindItem.objects.create(application=application, description=description, value=Decimal(value))
    decide(application, "approved", amount)
    application.refresh_from_db()
    return application


def every_kind():
    """Approved grants of every kind, and applications that must never be published.

    Recipients with a charity number, a company number (7 digits, so zero-padded), a Scottish
    charity, and neither; with and without planned dates; in two rounds in Kirklees and one in
    Wakefield; one with pence and in-kind match. Then declined, deferred, sent (undecided) and
    draft applications."""
    kirklees_winter = round_in("kirklees")
    kirklees_spring = round_in("kirklees", name="Spring 2027", financial_year="2026-27")
    wakefield = round_in("wakefield", name="Autumn 2026")
    charity = PartnerPageFactory(title="Holmfirth Arts Collective", charity_number="1100123")
    company = PartnerPageFactory(
        title="Ossett Climbing Wall CIC", charity_number="", company_number="1234567"
    )
    scottish = PartnerPageFactory(title="Borders Singers", charity_number="SC 012345")
    unregistered = PartnerPageFactory(title="Batley Knit and Natter", charity_number="", company_number="")
    approved = SimpleNamespace(
        charity=award(
            kirklees_winter,
            partner=charity,
            amount="1500.00",
            requested_amount=Decimal("2000.00"),
            cash_contribution=Decimal("400.00"),
            in_kind=[("Use of our studio for 20 sessions", "350.50")],
        ),
        company=award(
            kirklees_spring,
            partner=company,
            amount="750.50",
            requested_amount=Decimal("750.50"),
            starts_on=None,
            ends_on=None,
        ),
        scottish=award(wakefield, partner=scottish, amount="2000.00", requested_amount=Decimal("2500.00")),
        unregistered=award(
            wakefield,
            partner=unregistered,
            amount="999.00",
            requested_amount=Decimal("999.00"),
            cash_contribution=Decimal("0"),
            starts_on=datetime.date(2027, 2, 1),
            ends_on=None,
        ),
    )
    declined = FundingApplicationFactory(round=kirklees_winter, title="Declined singing project")
    decide(declined, "declined")
    deferred = FundingApplicationFactory(round=kirklees_winter, title="Deferred gardening project")
    decide(deferred, "deferred")
    unpublished = SimpleNamespace(
        declined=declined,
        deferred=deferred,
        undecided=FundingApplicationFactory(round=wakefield, title="Undecided football project"),
        draft=FundingApplicationFactory(
            round=wakefield, title="Draft pottery project", status=FundingApplication.Status.DRAFT
        ),
    )
    return SimpleNamespace(approved=approved, unpublished=unpublished)
