"""Browser journeys: Playwright for Python driving Debian's Chromium against a live server.

Install the browser with `apt-get install -y chromium` (a test tool's own browser
download does not work on our machines). Without it these tests are skipped, except in
CI (CHROMIUM_REQUIRED=1), where a missing browser is a failure.
"""

import os
from pathlib import Path

import pytest
from django.core.management import call_command

# Playwright's sync API runs an event loop in this thread; the ORM calls that the tests
# make between browser steps are still synchronous and safe.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM = Path(os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium"))
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-quic",
    "--no-first-run",
]
PHONE = {"width": 360, "height": 740}
DESKTOP = {"width": 1280, "height": 900}


def pytest_collection_modifyitems(items):
    here = Path(__file__).parent
    for item in items:
        if here in Path(item.fspath).parents:
            item.add_marker(pytest.mark.browser)


@pytest.fixture(scope="session")
def browser():
    if not CHROMIUM.exists():
        message = (
            f"Chromium not found at {CHROMIUM}: install it with `apt-get install -y chromium`."
        )
        if os.environ.get("CHROMIUM_REQUIRED"):
            pytest.fail(message)
        pytest.skip(message)
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS
        )
        yield browser
        browser.close()


@pytest.fixture
def page(browser, live_server):
    context = browser.new_context(
        base_url=live_server.url, locale="fr-FR", viewport=DESKTOP, accept_downloads=True
    )
    context.set_default_timeout(15_000)
    page = context.new_page()
    # Shown with a failing test's output: what the browser complained about.
    page.on("console", lambda message: message.type == "error" and print("browser:", message.text))
    page.on("pageerror", lambda error: print("browser error:", error))
    yield page
    # Leave the page before the test database is flushed: an open Wagtail editor releases
    # its editing session as it closes, and that request must not meet a flushed database.
    page.goto("about:blank")
    page.wait_for_timeout(200)
    context.close()


@pytest.fixture
def demo(transactional_db):
    call_command("load_demo")
