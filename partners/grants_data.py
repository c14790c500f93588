"""The funded projects as 360Giving data (the 360Giving Data Standard, schema 1.4).

One grant per approved award, built from its ledger entry (partners.selectors.awarded_grants), so
the amounts and dates are the ledger's. The CSV is the JSON package flattened by CSV_COLUMNS, so
the two files always say the same. Nothing about people: no contact, no member, no vote, no
conflict, no reasons; only the project, the organisation that received the money, where and when.

Matched funding. The standard has no field for a recipient's own contribution, and names a second
funding organisation only for money given by someone else, so the partner's match is not a funder.
The standard lets a publisher add its own fields (its "Additional fields" guidance: simple names,
letters, digits, colons and spaces), so each grant carries `matchFunding` (amount, cash and in kind,
in pounds), CSV columns "Match Funding:Amount", "Match Funding:Cash" and "Match Funding:In Kind",
and one plain sentence at the end of its description for readers of tools that show only that.
"""

import datetime
from dataclasses import dataclass
from decimal import Decimal

from django.conf import settings
from django.utils import timezone

from creative_minds.money import pounds

STANDARD_VERSION = "1.4"
CURRENCY = "GBP"

# The kind of area a local authority's GSS code names, by its first three characters, as the
# standard's geoCodeType codelist gives them (its "Documentation (URL)" column names the ONS entity).
# Our four localities are metropolitan districts (E08); the others are here so that an area added
# in the admin gets the right type too. A code not listed here is published without a type.
GEO_CODE_TYPES = {
    "E06": "UA",
    "E07": "NMD",
    "E08": "MD",
    "E09": "LONB",
    "E10": "CTY",
    "W06": "UA",
    "S12": "CA",
}


@dataclass(frozen=True)
class Links:
    """The absolute addresses a package names: the funded projects page (each grant's data source),
    the site's home, and the JSON file itself."""

    data_source: str
    website: str
    download: str


@dataclass(frozen=True)
class Publication:
    """A 360Giving package, and when its data last changed (None while there are no grants)."""

    package: dict
    modified: datetime.datetime | None


def publication(entries, *, links: Links) -> Publication:
    """The 360Giving package of `entries` (awarded_grants()): the grants and the package's metadata.

    `issued` is the day of the first award and `modified` the latest change to any grant, so both
    come from the data and a file made twice from the same data is the same file. With no award
    yet the package has an empty list of grants, which the standard's schema does not accept
    (it asks for at least one): nothing is made up to fill it."""
    grants, changed, award_days = [], [], []
    for entry in entries:
        grants.append(grant(entry, data_source=links.data_source))
        changed.append(date_modified(entry))
        award_days.append(award_date(entry))
    package = {
        "title": f"{settings.THREESIXTYGIVING_FUNDER_NAME}: match funding from the locality collectives",
        "description": (
            "Every grant our four locality collectives (Barnsley, Calderdale, Kirklees and Wakefield) "
            "have approved for a community partner's project, with the partner's own matching "
            "contribution."
        ),
        "identifier": f"{settings.THREESIXTYGIVING_PREFIX}-grants",
        "version": STANDARD_VERSION,
        "license": settings.OPEN_DATA_LICENCE_URL,
        "publisher": {
            "identifier": settings.THREESIXTYGIVING_FUNDER_ID,
            "name": settings.THREESIXTYGIVING_FUNDER_NAME,
            "website": links.website,
        },
        "accessURL": links.data_source,
        "downloadURL": links.download,
    }
    modified = max(changed) if changed else None
    if award_days:
        package["issued"] = min(award_days).isoformat()
        package["modified"] = _timestamp(modified)
    package["grants"] = grants
    return Publication(package=package, modified=modified)


def grant(entry, *, data_source: str) -> dict:
    """One award (a LedgerEntry from awarded_grants()) as a 360Giving grant. Fields with no value
    are left out, never null."""
    application = entry.application
    partner = application.partner
    funding_round = entry.round
    locality = funding_round.collective.locality
    cash = application.cash_contribution or Decimal("0")
    in_kind = entry.in_kind_total or Decimal("0")
    record = {
        "id": grant_id(application),
        "title": application.title,
        "description": description(application, cash=cash, in_kind=in_kind),
        "currency": CURRENCY,
        "amountAwarded": number(entry.amount),
        "awardDate": award_date(entry).isoformat(),
    }
    if application.requested_amount is not None:
        record["amountAppliedFor"] = number(application.requested_amount)
    if dates := planned_dates(application):
        record["plannedDates"] = [dates]
    record["recipientOrganization"] = [recipient(partner)]
    record["fundingOrganization"] = [
        {"id": settings.THREESIXTYGIVING_FUNDER_ID, "name": settings.THREESIXTYGIVING_FUNDER_NAME}
    ]
    record["beneficiaryLocation"] = [beneficiary_location(locality)]
    record["grantProgramme"] = [grant_programme(funding_round)]
    # Every round is open to every partner in its locality.
    record["fromOpenCall"] = "Yes"
    record["dataSource"] = data_source
    record["dateModified"] = _timestamp(date_modified(entry))
    record["matchFunding"] = {
        "amount": number(cash + in_kind),
        "cash": number(cash),
        "inKind": number(in_kind),
    }
    return record


def grant_programme(funding_round) -> dict:
    """The round the award was made in: its collective, name and financial year."""
    collective = funding_round.collective
    return {
        "code": f"{collective.locality.slug}-round-{funding_round.pk}",
        "title": f"{collective.name}: {funding_round.name} ({funding_round.financial_year})",
    }


def grant_id(application) -> str:
    """Our registered prefix and the application's public id: stable for the life of the grant."""
    return f"{settings.THREESIXTYGIVING_PREFIX}-{application.public_id}"


def award_date(entry) -> datetime.date:
    """The day the money was committed: the ledger entry's, which the approval wrote at once."""
    return timezone.localtime(entry.created_at).date()


def date_modified(entry) -> datetime.datetime:
    """The last change to anything the grant shows: the application, the award, the partner's page."""
    times = [entry.created_at, entry.application.updated_at, entry.application.partner.last_published_at]
    return max(t for t in times if t is not None)


def description(application, *, cash: Decimal, in_kind: Decimal) -> str:
    """The application's summary (its title if it has none), then what the partner adds."""
    text = application.summary.strip() or application.title
    if not text.endswith((".", "!", "?")):
        text += "."
    match = cash + in_kind
    if match > 0:
        parts = [f"{pounds(cash)} in cash"] if cash else []
        parts += [f"{pounds(in_kind)} in kind"] if in_kind else []
        text += f" The partner is adding {pounds(match)} of its own ({' and '.join(parts)})."
    return text


def planned_dates(application) -> dict | None:
    """When the project means to run, from the application; nothing without a start date (the
    standard says every event has one)."""
    if application.starts_on is None:
        return None
    dates = {"startDate": application.starts_on.isoformat()}
    if application.ends_on is not None:
        dates["endDate"] = application.ends_on.isoformat()
    return dates


def recipient(partner) -> dict:
    """The partner as the recipient organisation: its org-id, name, numbers and website."""
    organisation = {"id": organisation_id(partner), "name": partner.title}
    if charity := _registration(partner.charity_number):
        organisation["charityNumber"] = charity
    if company := company_number(partner.company_number):
        organisation["companyNumber"] = company
    if partner.website:
        organisation["url"] = partner.website
    return organisation


def organisation_id(partner) -> str:
    """The partner's org-id (org-id.guide): from its charity number (GB-CHC for England and Wales,
    GB-SC for Scotland, GB-NIC for Northern Ireland), else its company number (GB-COH, 8
    characters), else an identifier under our own prefix from its page's stable key, as 360Giving
    advises for an organisation with neither."""
    if charity := _registration(partner.charity_number):
        if charity.startswith("SC"):
            return f"GB-SC-{charity}"
        if charity.startswith("NIC"):
            return f"GB-NIC-{charity.removeprefix('NIC')}"
        return f"GB-CHC-{charity}"
    if company := company_number(partner.company_number):
        return f"GB-COH-{company}"
    return f"{settings.THREESIXTYGIVING_PREFIX}-partner-{partner.translation_key}"


def company_number(number: str) -> str:
    """A Companies House number as the register writes it: 8 characters, zero-padded when all digits."""
    number = _registration(number)
    return number.zfill(8) if number.isdigit() else number


def _registration(number: str) -> str:
    return "".join((number or "").split()).upper()


def beneficiary_location(locality) -> dict:
    """The locality the collective funds, with its council's GSS code and that code's type."""
    location = {"name": locality.name, "countryCode": "GB"}
    if code := locality.local_authority_code.strip().upper():
        location["geoCode"] = code
        if code_type := GEO_CODE_TYPES.get(code[:3]):
            location["geoCodeType"] = code_type
    return location


def number(amount: Decimal) -> int | float:
    """An amount of money as a JSON number: whole pounds without decimals, pence as they are."""
    return int(amount) if amount == amount.to_integral_value() else float(amount)


def _timestamp(moment: datetime.datetime) -> str:
    return moment.astimezone(datetime.UTC).replace(microsecond=0).isoformat()


# The CSV: the standard's column titles (its schema's titles joined by ":", as in its spreadsheet
# template's "grants" sheet, in that order), each with where its value is in a grant above; then
# our additional match funding columns. A path that leads nowhere is an empty cell.
CSV_COLUMNS: tuple[tuple[str, tuple], ...] = (
    ("Identifier", ("id",)),
    ("Title", ("title",)),
    ("Description", ("description",)),
    ("Currency", ("currency",)),
    ("Amount Applied For", ("amountAppliedFor",)),
    ("Amount Awarded", ("amountAwarded",)),
    ("Award Date", ("awardDate",)),
    ("Planned Dates:Start Date", ("plannedDates", 0, "startDate")),
    ("Planned Dates:End Date", ("plannedDates", 0, "endDate")),
    ("Recipient Org:Identifier", ("recipientOrganization", 0, "id")),
    ("Recipient Org:Name", ("recipientOrganization", 0, "name")),
    ("Recipient Org:Charity Number", ("recipientOrganization", 0, "charityNumber")),
    ("Recipient Org:Company Number", ("recipientOrganization", 0, "companyNumber")),
    ("Recipient Org:Web Address", ("recipientOrganization", 0, "url")),
    ("Beneficiary Location:Name", ("beneficiaryLocation", 0, "name")),
    ("Beneficiary Location:Country Code", ("beneficiaryLocation", 0, "countryCode")),
    ("Beneficiary Location:Geographic Code", ("beneficiaryLocation", 0, "geoCode")),
    ("Beneficiary Location:Geographic Code Type", ("beneficiaryLocation", 0, "geoCodeType")),
    ("Funding Org:Identifier", ("fundingOrganization", 0, "id")),
    ("Funding Org:Name", ("fundingOrganization", 0, "name")),
    ("Grant Programme:Code", ("grantProgramme", 0, "code")),
    ("Grant Programme:Title", ("grantProgramme", 0, "title")),
    ("From An Open Call?", ("fromOpenCall",)),
    ("Last Modified", ("dateModified",)),
    ("Data Source", ("dataSource",)),
    ("Match Funding:Amount", ("matchFunding", "amount")),
    ("Match Funding:Cash", ("matchFunding", "cash")),
    ("Match Funding:In Kind", ("matchFunding", "inKind")),
)


def csv_header() -> list[str]:
    return [title for title, _ in CSV_COLUMNS]


def csv_row(record: dict) -> list:
    """One grant's cells, in CSV_COLUMNS order: numbers stay numbers, text that a spreadsheet would
    run as a formula ("=...", "+...", "@...") is kept as text."""
    return [_cell(_at(record, path)) for _, path in CSV_COLUMNS]


def _at(record, path):
    value = record
    for step in path:
        try:
            value = value[step]
        except (KeyError, IndexError):
            return ""
    return value


def _cell(value):
    if isinstance(value, str) and value[:1] in ("=", "+", "-", "@", "\t", "\r"):
        return f"'{value}"
    return value
