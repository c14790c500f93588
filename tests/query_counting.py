"""Count the queries a page issues, through the test client, after one warm-up request."""

from django.db import connection
from django.test.utils import CaptureQueriesContext


def queries_for(client, url, params=None):
    """(number of queries, response) for a GET, measured on a second request.

    The first request fills what every later request finds cached (Wagtail's site root
    paths), so the count is that of a warm site, the same as in production.
    """
    client.get(url, params)
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url, params)
    assert response.status_code == 200
    return len(captured), [query["sql"] for query in captured.captured_queries], response


def assert_same_count(small, large):
    """Compare two queries_for() results, showing the SQL of both if they differ."""
    small_count, small_sql, _ = small
    large_count, large_sql, _ = large
    assert small_count == large_count, "\n\n".join(
        [
            f"{small_count} queries for the small case:",
            *small_sql,
            f"{large_count} queries for the large case:",
            *large_sql,
        ]
    )
    return small_count
