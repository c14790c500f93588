"""Validating the feed's answers against the Open Referral UK 3.0 schemas shipped in
activities/oruk/spec/ (JSON Schema 2020-12, formats checked), with no network: the registry holds
only the shipped files and refuses any other address."""

import json
from functools import cache

from jsonschema import Draft202012Validator, FormatChecker
from referencing import Registry, Resource
from referencing.exceptions import NoSuchResource
from referencing.jsonschema import DRAFT202012

from activities.oruk.openapi import SCHEMA_BASE, SPEC

# Which schema each kind of answer must meet.
LIST_SCHEMAS = {
    "services": "service_list.json",
    "service_at_locations": "service_at_location_list.json",
    "organizations": "organization_list.json",
    "taxonomies": "taxonomy_list.json",
    "taxonomy_terms": "taxonomy_term_list.json",
}
ITEM_SCHEMAS = {
    "service": "service.json",
    "service_at_location": "service_at_location.json",
    "organization": "organization.json",
    "taxonomy": "taxonomy.json",
    "taxonomy_term": "taxonomy_term.json",
}


def _refuse(uri: str):
    raise NoSuchResource(ref=uri)


@cache
def registry() -> Registry:
    resources = [
        (SCHEMA_BASE + path.name, Resource.from_contents(json.loads(path.read_text()), DRAFT202012))
        for path in sorted((SPEC / "schema").glob("*.json"))
    ]
    return Registry(retrieve=_refuse).with_resources(resources)


def validator(schema_file: str) -> Draft202012Validator:
    return Draft202012Validator(
        {"$ref": SCHEMA_BASE + schema_file}, registry=registry(), format_checker=FormatChecker()
    )


def assert_valid(data, schema_file: str) -> None:
    errors = sorted(validator(schema_file).iter_errors(data), key=lambda error: list(error.absolute_path))
    assert not errors, "\n".join(f"{list(e.absolute_path)}: {e.message}" for e in errors[:10])
    assert_no_null(data)


def assert_no_null(data, where="") -> None:
    """No value anywhere is null (the standard: leave the field out)."""
    assert data is not None, f"null at {where or 'the top'}"
    if isinstance(data, dict):
        for key, value in data.items():
            assert_no_null(value, f"{where}.{key}")
    elif isinstance(data, list):
        for position, value in enumerate(data):
            assert_no_null(value, f"{where}[{position}]")


def assert_problem(response, status: int) -> dict:
    """An error in the feed's shape: RFC 9457 problem details, readable from any web page."""
    assert response.status_code == status, response.content[:300]
    assert response["Content-Type"] == "application/problem+json"
    assert response["Access-Control-Allow-Origin"] == "*"
    body = response.json()
    assert set(body) == {"type", "title", "status", "detail"}
    assert body["status"] == status
    assert body["detail"]
    return body
