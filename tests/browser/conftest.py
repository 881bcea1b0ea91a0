"""Browser tests: Playwright driving the system's chromium against a live server.

Playwright cannot download its own browser on the project's machines, so the tests use
Debian's chromium (installed by `make install-dev`) and skip, saying why, when it is absent.
Screenshots of every test go to test-artifacts/browser/; with SALW_DOC_SCREENSHOTS=1 the
ones the user guide shows are also written to docs/images/.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest
from playwright.sync_api import expect

from tests.web.conftest import PASSWORD

# Playwright's sync API runs an event loop in the test thread; Django refuses database
# access from a thread with a running loop unless told that this is intended.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM = shutil.which("chromium")
ROOT = Path(__file__).resolve().parents[2]
ARTIFACTS = ROOT / "test-artifacts" / "browser"
DOC_IMAGES = ROOT / "docs" / "images"
DESKTOP = {"width": 1366, "height": 768}


def pytest_collection_modifyitems(items):
    if CHROMIUM:
        return
    skip = pytest.mark.skip(reason="chromium is not installed (make install-dev installs it)")
    for item in items:
        if "browser" in item.keywords:
            item.add_marker(skip)


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    args = list(browser_type_launch_args.get("args", []))
    if hasattr(os, "geteuid") and os.geteuid() == 0:
        args.append("--no-sandbox")  # chromium refuses to start as root with its sandbox
    return {**browser_type_launch_args, "executable_path": CHROMIUM, "args": args}


@pytest.fixture(scope="session")
def browser_context_args(browser_context_args):
    return {**browser_context_args, "viewport": DESKTOP, "locale": "en"}


@pytest.fixture(scope="session", autouse=True)
def connections_closed_before_the_event_loop_ends(playwright):
    """While Playwright's loop runs in the test thread, Django keeps that thread's database connections
    apart from the ones it keeps when no loop runs (asgiref takes the thread for an async one). Tests
    after the browser tests open connections there too; closed only once the loop is gone, they would
    stay open, and PostgreSQL would refuse to drop the test database at the end of the run."""
    yield
    from django.db import connections

    connections.close_all()


@pytest.fixture(autouse=True)
def quick_failures(page):
    # A page of this app answers in well under a second; waiting Playwright's default 30 s
    # only makes a failing run slow.
    page.set_default_timeout(10_000)
    expect.set_options(timeout=10_000)


@pytest.fixture
def policy_violations(page):
    """Console messages about the content security policy: any one is a page that breaks offline rules."""
    seen = []
    page.on("console", lambda message: seen.append(message.text)
            if "Content Security Policy" in message.text else None)
    return seen


@pytest.fixture
def sign_in(page, live_server):
    def sign_in_as(user):
        page.goto(f"{live_server.url}/login/")
        page.get_by_label("User name").fill(user.username)
        page.get_by_label("Password").fill(PASSWORD)
        page.get_by_role("button", name="Log in").click()
        page.wait_for_url(f"{live_server.url}/")
        return page
    return sign_in_as


@pytest.fixture
def screenshot(page, request):
    def take(name: str, *, for_docs: bool = False, full_page: bool = True):
        ARTIFACTS.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(ARTIFACTS / f"{request.node.name}-{name}.png"), full_page=full_page)
        if for_docs and os.environ.get("SALW_DOC_SCREENSHOTS") == "1":
            DOC_IMAGES.mkdir(parents=True, exist_ok=True)
            page.screenshot(path=str(DOC_IMAGES / f"{name}.png"), full_page=full_page)
    return take
