"""Browser tests: Debian's Chromium, driven by Playwright's sync API, against pytest-django's live_server.

Nothing here touches the internet: Chromium is the system one (no browser download), axe-core
is the copy shipped inside axe-playwright-python, and the browser may reach only the live
server (every other request is aborted).

Playwright's event loop. While Playwright's sync API is running, the test thread counts as
"inside a running asyncio loop". Django then refuses ORM calls unless DJANGO_ALLOW_ASYNC_UNSAFE
is set (safe here: the loop only drives the browser), asgiref's async_to_sync refuses to run,
and django.db.connections hands out a second set of connection objects (asgiref keeps
thread-critical locals per context while a loop runs). So Chromium is started once for the
browser tests (package scope, not session scope) and stopped as soon as they are over, and
DJANGO_ALLOW_ASYNC_UNSAFE is set only for that time: the tests that run afterwards see a
normal, loop-free thread.

The database. live_server needs transactional tests, and after each one pytest-django
flushes every table: the data migrations' rows (page tree, localities, categories) and the
postcode tables that tests/conftest.py loads once per run. So the browser tests are marked
`django_db(transaction=True, serialized_rollback=True)`, which restores the migrations' rows
before each test; the `postcodes` fixture reloads the postcode tables; and the package-scoped
`_migrated_database` fixture resets the database on the way in and again on the way out, so
the tests that run after the browser tests find it as a fresh run would.
"""

import os
import re
from pathlib import Path

import pytest
from django.db import connection, connections
from playwright.sync_api import sync_playwright

from creative_minds.geo.loader import load_postcodes
from tests.database import reset_to_migrated_state

CHROMIUM = Path("/usr/bin/chromium")
LAUNCH_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking"]
DESKTOP = {"width": 1280, "height": 900}
SCREENSHOTS = Path(os.environ.get("BROWSER_SCREENSHOTS", "/tmp/shots"))
ASYNC_UNSAFE = "DJANGO_ALLOW_ASYNC_UNSAFE"


def _require_chromium() -> None:
    """Skip the test when Chromium is not installed; fail it instead when REQUIRE_BROWSER=1 (CI)."""
    if CHROMIUM.is_file() and os.access(CHROMIUM, os.X_OK):
        return
    reason = f"browser tests need Debian's Chromium at {CHROMIUM} (apt-get install chromium)"
    if os.environ.get("REQUIRE_BROWSER") == "1":
        pytest.fail(f"REQUIRE_BROWSER=1 but {reason}", pytrace=False)
    pytest.skip(reason)


def pytest_runtest_setup(item):
    """Skip (or fail) before any fixture runs, so a missing Chromium costs no test database."""
    _require_chromium()


@pytest.fixture(scope="package")
def browser():
    """One headless Chromium for all the browser tests, stopped when they are over."""
    _require_chromium()
    previous = os.environ.get(ASYNC_UNSAFE)
    os.environ[ASYNC_UNSAFE] = "true"  # before Playwright starts its loop; see the module docstring
    try:
        with sync_playwright() as playwright:
            chromium = playwright.chromium.launch(
                executable_path=str(CHROMIUM), headless=True, args=LAUNCH_ARGS
            )
            yield chromium
            # Connections opened while Playwright ran are not the ones the rest of the run uses
            # (see the module docstring): close them, or PostgreSQL cannot drop the test database.
            connections.close_all()
            chromium.close()
    finally:
        if previous is None:
            os.environ.pop(ASYNC_UNSAFE, None)
        else:
            os.environ[ASYNC_UNSAFE] = previous


@pytest.fixture(scope="package", autouse=True)
def _migrated_database(request, django_db_setup, django_db_blocker):
    """Start the browser tests from, and leave behind, the database a fresh run begins with.

    On the way in, an earlier transactional test may have flushed the database (and the
    post_migrate signal then re-created content types under new ids, which would clash with
    the serialized ones); on the way out, the last browser test's flush emptied it.
    """
    # The migrated state that setup_databases() serialized, read before Playwright starts:
    # afterwards `connection` is another object (see the module docstring).
    serialized = getattr(connection, "_test_serialized_contents", None)
    if serialized is None:
        pytest.fail(
            "the test database was not serialized: mark the browser tests "
            "django_db(transaction=True, serialized_rollback=True)",
            pytrace=False,
        )
    request.getfixturevalue("browser")
    # pytest-django's serialized rollback and the resets below use the connection in use now.
    connection._test_serialized_contents = serialized
    with django_db_blocker.unblock():
        reset_to_migrated_state()
    yield
    with django_db_blocker.unblock():
        reset_to_migrated_state()


@pytest.fixture
def postcodes(transactional_db):
    """The postcode tables, reloaded if the previous transactional test's flush emptied them."""
    load_postcodes()


@pytest.fixture
def open_page(browser, live_server):
    """open_page(viewport) -> a tab in a fresh browser profile that can reach only the live server.

    Relative URLs (page.goto("/activities/")) go to the live server. The test fails if a page
    script throws an error.
    """
    contexts = []
    errors: list[str] = []

    def open_(viewport=DESKTOP, **options):
        context = browser.new_context(base_url=live_server.url, viewport=viewport, locale="en-GB", **options)
        contexts.append(context)
        _allow_only(context, live_server.url)
        page = context.new_page()
        page.set_default_timeout(10_000)
        page.on("pageerror", lambda error: errors.append(str(error)))
        return page

    yield open_
    for context in contexts:
        context.close()
    assert not errors, f"JavaScript errors on the page: {errors}"


def _allow_only(context, base_url: str) -> None:
    local = re.compile(rf"^{re.escape(base_url)}(/|$)")

    def route(route):
        if local.match(route.request.url) or route.request.url.startswith(("data:", "blob:")):
            route.continue_()
        else:
            route.abort("blockedbyclient")

    context.route("**/*", route)


@pytest.fixture
def page(open_page):
    """A desktop-sized tab (1280x900)."""
    return open_page()


@pytest.fixture
def screenshot(request):
    """screenshot(page, "name") saves /tmp/shots/<test>-<name>.png (outside the repository) to look at."""
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    test_name = re.sub(r"[^A-Za-z0-9_-]+", "_", request.node.name)

    def take(page, name: str, *, full_page: bool = True) -> Path:
        path = SCREENSHOTS / f"{test_name}-{name}.png"
        page.screenshot(path=str(path), full_page=full_page)
        return path

    return take
