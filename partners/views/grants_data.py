"""/funded-projects/360giving.json and .csv: the funded projects as 360Giving data (partners.grants_data).

Public and cacheable like any anonymous page (creative_minds.middleware gives them
`Cache-Control: public` and the page cache keeps them); readable from any other site's scripts
(`Access-Control-Allow-Origin: *`); with an ETag and Last-Modified, so a tool that fetches them
every day is told "not modified" instead of being sent the same file again. They read no query
parameters.
"""

import csv
import hashlib
import io
import json

from django.http import HttpResponse
from django.urls import reverse
from django.utils.cache import get_conditional_response, quote_etag
from django.utils.http import http_date
from django.views.decorators.http import require_safe

from partners import grants_data
from partners.selectors import awarded_grants

CSV_FILENAME = "creative-minds-grants-360giving.csv"


@require_safe
def grants_360giving_json(request):
    published = _publication(request)
    body = json.dumps(published.package, ensure_ascii=False, indent=1)
    return _shared(request, HttpResponse(body, content_type="application/json"), published)


@require_safe
def grants_360giving_csv(request):
    published = _publication(request)
    text = io.StringIO()
    # The csv module's default line ending (\r\n) is the one RFC 4180 and spreadsheets expect.
    writer = csv.writer(text)
    writer.writerow(grants_data.csv_header())
    writer.writerows(grants_data.csv_row(grant) for grant in published.package["grants"])
    response = HttpResponse(text.getvalue(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{CSV_FILENAME}"'
    return _shared(request, response, published)


def _publication(request) -> grants_data.Publication:
    links = grants_data.Links(
        data_source=request.build_absolute_uri(reverse("funded_projects")),
        website=request.build_absolute_uri("/"),
        download=request.build_absolute_uri(reverse("grants_360giving_json")),
    )
    return grants_data.publication(awarded_grants(), links=links)


def _shared(request, response, published: grants_data.Publication):
    """The headers both files share, and "not modified" when the caller's copy is current."""
    etag = quote_etag(hashlib.sha256(response.content).hexdigest()[:32])
    # Whole seconds: HTTP dates have no fractions, and a fraction would never compare as "not modified".
    last_modified = int(published.modified.timestamp()) if published.modified else None
    response["ETag"] = etag
    if last_modified is not None:
        response["Last-Modified"] = http_date(last_modified)
    response = get_conditional_response(request, etag=etag, last_modified=last_modified, response=response)
    response["Access-Control-Allow-Origin"] = "*"
    return response
