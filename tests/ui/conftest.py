"""The web UI's end-to-end harness: live registries seeded with the sample e-commerce flow (tests/ui/seed.py),
and pages in real headless Chromium (Debian's `chromium`, driven by Playwright for Python).

- `ui_registry`: authentication off (every write is recorded in the audit log as `anonymous`).
- `secure_ui_registry`: HTTP Basic on; `ada` is admin everywhere, `rex` may read `orders-*` only, `nia` has no
  grant, `wil` may write `orders-*`.
- `page`: a browser page on `ui_registry` (`open_page(registry, user)` for another registry or a user). Any
  console error or uncaught page error fails the test (but those `@pytest.mark.console_errors(pattern)`
  expects); each test leaves a screenshot of each page it opened in build/ui-screenshots/<test>[-n].png
  (`screenshot(page, name)` keeps more).

Without /usr/bin/chromium the browser tests skip, except in CI (CI=true), where they fail: .ci/run installs it.
"""

from __future__ import annotations

import json
import os
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import httpx
import pytest
from playwright.sync_api import Browser, Page, sync_playwright

from schemata.registry.security.passwords import add_user
from tests.conftest import LiveServer
from tests.ui.seed import seed

CHROMIUM = Path("/usr/bin/chromium")
SCREENSHOTS = Path(__file__).resolve().parents[2] / "build" / "ui-screenshots"
VIEWPORT = {"width": 1280, "height": 800}
PASSWORDS = {"ada": "ada-pw", "rex": "rex-pw", "nia": "nia-pw", "wil": "wil-pw"}
ACCESS = {
    "grants": [
        {"principal": "ada", "role": "admin", "subjects": ["*"], "global": True},
        {"principal": "rex", "role": "read", "subjects": ["orders-*"]},
        {"principal": "wil", "role": "write", "subjects": ["orders-*"]},
    ]
}


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line(
        "markers", "console_errors(pattern): console errors matching the pattern are expected (an error page's status)"
    )


@dataclass
class SeededRegistry:
    url: str
    server: LiveServer
    #: The Basic credentials that may write everything (None: authentication is off).
    admin: tuple[str, str] | None = None

    def client(self) -> httpx.Client:
        return httpx.Client(base_url=self.url, auth=self.admin, timeout=30.0)


@pytest.fixture(scope="session")
def ui_registry(tmp_path_factory: pytest.TempPathFactory) -> Iterator[SeededRegistry]:
    tmp = tmp_path_factory.mktemp("ui-registry")
    server = LiveServer(f"sqlite:///{tmp / 'registry.db'}", tmp / "server.log")
    try:
        registry = SeededRegistry(server.url, server)
        with registry.client() as client:
            seed(client)
        yield registry
    finally:
        server.stop()


@pytest.fixture(scope="session")
def secure_ui_registry(tmp_path_factory: pytest.TempPathFactory) -> Iterator[SeededRegistry]:
    tmp = tmp_path_factory.mktemp("secure-ui-registry")
    users, access = tmp / "users", tmp / "access.json"
    for name, password in PASSWORDS.items():
        add_user(users, name, password)
    access.write_text(json.dumps(ACCESS))
    env = {"SCHEMATA_AUTH_USERS_FILE": str(users), "SCHEMATA_AUTH_ACCESS_FILE": str(access)}
    server = LiveServer(f"sqlite:///{tmp / 'registry.db'}", tmp / "server.log", extra_env=env)
    try:
        registry = SeededRegistry(server.url, server, admin=("ada", PASSWORDS["ada"]))
        with registry.client() as client:
            seed(client)
        yield registry
    finally:
        server.stop()


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    """Chromium for one test module: Playwright's sync API holds an event loop in the thread while it runs,
    which would make asyncio.run() fail in the test files that run after this one in the same worker."""
    if not CHROMIUM.exists():
        message = f"{CHROMIUM} is missing (Debian's chromium package; .ci/run installs it)"
        if os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message)
    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=str(CHROMIUM), headless=True)
        yield launched
        launched.close()


def screenshot(page: Page, name: str) -> Path:
    """Save what `page` shows as build/ui-screenshots/<name>.png."""
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    path = SCREENSHOTS / f"{re.sub(r'[^A-Za-z0-9_.-]+', '_', name)}.png"
    page.screenshot(path=str(path), full_page=False)
    return path


OpenPage = Callable[..., Page]


@pytest.fixture
def open_page(browser: Browser, request: pytest.FixtureRequest) -> Iterator[OpenPage]:
    """`open_page(registry, user=None)`: a new page (its own cookies and credentials) on `registry`, as
    `user` (HTTP Basic). Console errors and page errors of every page opened fail the test."""
    problems: list[str] = []
    pages: list[Page] = []

    def opened(registry: SeededRegistry, user: str | None = None, *, color_scheme: str = "light") -> Page:
        credentials = {"username": user, "password": PASSWORDS[user]} if user else None
        context = browser.new_context(
            base_url=registry.url, viewport=VIEWPORT, http_credentials=credentials,  # type: ignore[arg-type]
            color_scheme=color_scheme,  # type: ignore[arg-type]
        )
        page = context.new_page()
        page.on("console", lambda message: problems.append(f"console {message.type}: {message.text}")
                if message.type == "error" else None)
        page.on("pageerror", lambda error: problems.append(f"page error: {error}"))
        pages.append(page)
        return page

    yield opened
    for index, page in enumerate(pages):
        if not page.is_closed() and page.url != "about:blank":
            screenshot(page, request.node.name + (f"-{index}" if index else ""))
        page.context.close()
    marker = request.node.get_closest_marker("console_errors")
    allowed = re.compile(marker.args[0]) if marker else None
    unexpected = [problem for problem in problems if allowed is None or not allowed.search(problem)]
    assert not unexpected, "the browser reported errors:\n" + "\n".join(unexpected)


@pytest.fixture
def page(open_page: OpenPage, ui_registry: SeededRegistry) -> Page:
    """A page on the seeded registry without authentication."""
    return open_page(ui_registry)
