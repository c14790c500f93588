"""Our openapi.json: the standard's, as shipped in spec/, made whole and made ours.

The standard's file points at its schemas on openreferraluk.org. Ours carries them in
`components.schemas`, every reference made local, so no tool reading it fetches anything from
elsewhere; `servers` is this site; each list says which filters we support and their limits; and
every operation documents its 400 and 404 answers, with the error shape (RFC 9457 problem
details: the standard names none).
"""

from __future__ import annotations

import copy
import json
from functools import cache
from pathlib import Path

from django.conf import settings

from activities.oruk.params import DEFAULT_PER_PAGE, MAX_PER_PAGE, MAX_PROXIMITY_METRES

SPEC = Path(__file__).resolve().parent / "spec"
SCHEMA_BASE = "https://openreferraluk.org/specifications/3.0/schema/"
PROFILE = "https://openreferraluk.org/specifications/3.0/"
PROBLEM_TYPE = "application/problem+json"

PROBLEM = {
    "type": "object",
    "description": (
        "Problem details (RFC 9457), the shape of every error this feed answers. `detail` says, in "
        "plain English, what was wrong and what the parameter takes."
    ),
    "properties": {
        "type": {
            "type": "string",
            "description": "Always about:blank: the status says what kind of problem.",
        },
        "title": {"type": "string", "description": "The HTTP status in words, e.g. Not Found."},
        "status": {"type": "integer", "description": "The HTTP status code."},
        "detail": {"type": "string", "description": "What was wrong, in plain English."},
    },
    "required": ["type", "title", "status", "detail"],
}
ERRORS = {
    "400": (
        "A parameter's value cannot be used (not a number, not an id, out of range, a place we cannot find)."
    ),
    "404": "No published record has this id, or there is no such address in the feed.",
}
# What we say about the standard's parameters, and the ones we add.
PARAMETER_NOTES = {
    "search": "Words to find, matched as the site's own search matches them (every word, or a synonym).",
    "page": "The page to show, from 1. A page after the last is empty.",
    "per_page": f"How many on a page, from 1 to {MAX_PER_PAGE} (default {DEFAULT_PER_PAGE}).",
    "format": "Only json is published.",
    "taxonomy_term_id": "Only records carrying this term. An id the feed does not have gives an empty list.",
    "taxonomy_id": "Only records carrying any term of this taxonomy.",
    "organization_id": "Only services of this organization.",
    "modified_after": (
        "Only records published on or after this ISO 8601 date or date and time (UK time if no zone)."
    ),
    "minimal": "true: each service as its id, name, status and last_modified only.",
    "full": "true: each record fully nested, as its {id} address gives it.",
    "full_service": "true: the organization's services fully nested.",
}
EXTRA_PARAMETERS = {
    "postcode": {
        "name": "postcode",
        "in": "query",
        "required": False,
        "description": (
            "A postcode, postcode sector or district, or a town or village name, found as the site's "
            "search finds one. Results come nearest first."
        ),
        "schema": {"type": "string"},
    },
    "proximity": {
        "name": "proximity",
        "in": "query",
        "required": False,
        "description": (
            "With postcode: only results within this many metres (more than 0, at most "
            f"{MAX_PROXIMITY_METRES:,}), measured as the crow flies, as the site's distance search "
            "measures them."
        ),
        "schema": {"type": "string"},
    },
}
SERVICE_FILTER_PATHS = ("/services", "/service_at_locations")


@cache
def standard() -> dict:
    return json.loads((SPEC / "openapi.json").read_text())


@cache
def schema_documents() -> dict[str, dict]:
    """Every schema file shipped, by the address the standard gives it."""
    return {
        SCHEMA_BASE + path.name: json.loads(path.read_text())
        for path in sorted((SPEC / "schema").glob("*.json"))
    }


def bundled(server_url: str) -> dict:
    """The standard's openapi.json with every schema inside it and this site as its server."""
    spec = copy.deepcopy(standard())
    documents = schema_documents()
    schemas = spec["components"].setdefault("schemas", {})
    wanted = _remote_refs(spec)
    while wanted:
        address = wanted.pop()
        name = _component_name(address)
        if name in schemas:
            continue
        schemas[name] = copy.deepcopy(documents[address])
        wanted |= _remote_refs(schemas[name])
    spec = _localised(spec)
    spec["components"]["schemas"]["Problem"] = PROBLEM
    spec["servers"] = [{"url": server_url, "description": "Creative Minds: the published directory"}]
    spec["info"].update(
        {
            "title": "Creative Minds activities: Open Referral UK feed",
            "summary": "Creative, sport and leisure activities for people using NHS mental health services.",
            "description": (
                "The Creative Minds directory as HSDS-UK 3.0: activities as services, partners as "
                "organizations, venues as locations, sessions as schedules. Only published, public "
                "information; ids are stable UUIDs. Amounts are in pounds sterling (GBP)."
            ),
            "contact": {"name": "Creative Minds", "url": server_url.rsplit("/api/", 1)[0] + "/open-data/"},
        }
    )
    # One licence for all our open data: the 360Giving files and /open-data/ name the same one.
    spec["info"]["license"] = {"name": settings.OPEN_DATA_LICENCE_NAME, "url": settings.OPEN_DATA_LICENCE_URL}
    _document_parameters(spec)
    _document_errors(spec)
    return spec


def _remote_refs(node) -> set[str]:
    found = set()
    if isinstance(node, dict):
        ref = node.get("$ref")
        if isinstance(ref, str) and ref.startswith(SCHEMA_BASE):
            found.add(ref)
        for value in node.values():
            found |= _remote_refs(value)
    elif isinstance(node, list):
        for value in node:
            found |= _remote_refs(value)
    return found


def _component_name(address: str) -> str:
    return address.removeprefix(SCHEMA_BASE).removesuffix(".json")


def _localised(node):
    if isinstance(node, dict):
        result = {key: _localised(value) for key, value in node.items()}
        ref = result.get("$ref")
        if isinstance(ref, str) and ref.startswith(SCHEMA_BASE):
            result["$ref"] = f"#/components/schemas/{_component_name(ref)}"
        return result
    if isinstance(node, list):
        return [_localised(value) for value in node]
    return node


def _document_parameters(spec: dict) -> None:
    parameters = spec["components"]["parameters"]
    for name, parameter in EXTRA_PARAMETERS.items():
        parameters.setdefault(name, copy.deepcopy(parameter))["description"] = parameter["description"]
    for name, note in PARAMETER_NOTES.items():
        if name in parameters:
            parameters[name]["description"] = note
    parameters["per_page"]["schema"] = {"type": "integer", "minimum": 1, "maximum": MAX_PER_PAGE}
    parameters["page"]["schema"] = {"type": "integer", "minimum": 1}
    services = spec["paths"]["/services"]["get"]["parameters"]
    if not any(p.get("$ref", "").endswith("/postcode") for p in services):
        services += [
            {"$ref": "#/components/parameters/postcode"},
            {"$ref": "#/components/parameters/proximity"},
        ]


def _document_errors(spec: dict) -> None:
    for operations in spec["paths"].values():
        for method, operation in operations.items():
            if method != "get":
                continue
            for status, description in ERRORS.items():
                operation["responses"][status] = {
                    "description": description,
                    "content": {PROBLEM_TYPE: {"schema": {"$ref": "#/components/schemas/Problem"}}},
                }
