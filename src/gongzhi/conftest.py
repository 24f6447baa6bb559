import os
import re
from pathlib import Path

import pytest
from django.test import Client

from gongzhi.testing.personas import PASSWORD, build_world
from gongzhi.testing.require_postgres import pytest_configure, pytest_runtest_makereport  # noqa: F401 (hooks)
from gongzhi.testing.snapshot import world_from_snapshot

FAST_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def _fast_passwords(settings):
    settings.PASSWORD_HASHERS = FAST_HASHERS
    settings.STORAGES = {**settings.STORAGES,
                         "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}}
    # SMS and WeChat messages go to notifications.backends.MemoryBackend.outbox, never to var/outbox
    settings.GONGZHI_NOTIFY_BACKENDS = {"sms": "gongzhi.notifications.backends.MemoryBackend",
                                        "wechat": "gongzhi.notifications.backends.MemoryBackend"}
    from gongzhi.notifications.backends import MemoryBackend

    MemoryBackend.outbox.clear()


@pytest.fixture(autouse=True)
def _default_language():
    """Every test starts in the site's language (简体中文). A request with the English cookie leaves English active
    on the thread after it (LocaleMiddleware activates it and nothing resets it), so a later test on the same
    worker would read services' messages in English."""
    from django.conf import settings
    from django.utils import translation

    translation.activate(settings.LANGUAGE_CODE)
    yield
    translation.deactivate()


@pytest.fixture(autouse=True)
def _empty_cache(settings):
    """Every test starts with an empty cache: pages cached under region versions (chronicle/versions.py) would
    otherwise meet the same community id and version numbers again in the next test's fresh database. The shared
    cache (sessions, the bell's count: core/shared_cache.py) is off, so a page's queries are the same on the first
    request and the next (query-count tests); the tests of that cache turn it on with `shared_cache`."""
    from django.core.cache import caches

    settings.CACHES = {**settings.CACHES, "shared": {"BACKEND": "django.core.cache.backends.dummy.DummyCache"}}
    settings.GONGZHI_SHARED_CACHE = False
    settings.SESSION_ENGINE = "django.contrib.sessions.backends.db"
    for cache in caches.all():
        cache.clear()
    yield


@pytest.fixture
def shared_cache(settings):
    """The shared cache as production has it (sessions from it, per-user values forgotten by the services), in this
    process's memory, never var/cache: parallel test processes have databases of their own with the same user ids.
    Ask for it before the clients (`client_for`) that should use it."""
    from django.core.cache import caches

    settings.CACHES = {**settings.CACHES, "shared": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache",
                                                     "LOCATION": "shared"}}
    settings.GONGZHI_SHARED_CACHE = True
    settings.SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"
    settings.SESSION_CACHE_ALIAS = "shared"
    caches["shared"].clear()
    return caches["shared"]


@pytest.fixture
def world(db):
    """The personas (testing/personas.py), built through the services once per test process and restored from
    their rows for every later test (testing/snapshot.py)."""
    return world_from_snapshot(build_world)


@pytest.fixture(scope="module")
def demo_district(django_db_setup, django_db_blocker):
    """The demo district as `gongzhi demo` loads it, loaded once for a whole test module: in a transaction that
    is rolled back after the module's last test, each test running in a savepoint inside it (its own changes
    are undone). Loading takes a minute or more, so the tests that read it live in one module
    (demo/tests/test_demo_district.py) that xdist keeps on one worker (`--dist loadgroup`, testing/xdist_groups.py).
    Returns (the load's result, what the command printed)."""
    from io import StringIO

    from django.core.management import call_command
    from django.db import transaction
    from django.test import override_settings

    from gongzhi.demo.builder import load_demo

    with django_db_blocker.unblock():
        atomic = transaction.atomic()
        atomic.__enter__()
    try:
        with django_db_blocker.unblock(), override_settings(PASSWORD_HASHERS=FAST_HASHERS):
            out = StringIO()
            call_command("demo", stdout=out)
            result = load_demo()  # loaded already: the counts and accounts, without loading again
        assert not result.loaded
        yield result, out.getvalue()
    finally:
        with django_db_blocker.unblock():
            transaction.set_rollback(True)
            atomic.__exit__(None, None, None)


@pytest.fixture
def client_for():
    """client_for(user) -> a test client logged in as that user."""

    def make(user):
        client = Client()
        client.force_login(user)
        return client

    return make


@pytest.fixture
def password():
    return PASSWORD


# --- browser stories (Playwright driving Debian's Chromium; Playwright never downloads a browser here) ----

os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")  # Playwright's sync API runs an event loop
CHROMIUM = os.environ.get("GONGZHI_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--disable-background-networking",
                 "--disable-component-update", "--no-first-run", "--disable-sync", "--disable-dev-shm-usage"]


@pytest.fixture(scope="session")
def browser():
    from playwright.sync_api import sync_playwright

    if not os.path.exists(CHROMIUM):
        pytest.fail(f"Chromium not found at {CHROMIUM}: `make test` installs Debian's chromium package")
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def live_world(transactional_db):
    return build_world()


@pytest.fixture
def screenshot():
    """screenshot(page, name) keeps a full-page PNG under var/screenshots/ (CI artefacts)."""
    from django.conf import settings

    folder = Path(settings.VAR_DIR) / "screenshots"
    folder.mkdir(parents=True, exist_ok=True)

    def take(page, name: str) -> Path:
        from playwright.sync_api import Error

        path = folder / f"{name}.png"
        try:
            page.screenshot(path=str(path), full_page=True)
        except Error as e:
            # Chromium now and then refuses a capture while the page it just opened is still settling ("Unable
            # to capture screenshot", seen once on a busy CI machine): wait for the page, then once more
            if "Unable to capture screenshot" not in str(e):
                raise
            page.wait_for_load_state("load")
            page.wait_for_timeout(500)
            page.screenshot(path=str(path), full_page=True)
        return path

    return take


@pytest.fixture
def login_page(browser, live_server):
    """login_page(username, *, mobile=False) -> a Playwright page logged in through the real login form."""
    from playwright.sync_api import expect

    expect.set_options(timeout=10_000)  # expect(...) retries this long: pages wait on the live server's database
    contexts = []

    def open_as(username: str, *, mobile: bool = False, password: str = PASSWORD):
        options = {"locale": "zh-CN", "viewport": {"width": 390, "height": 844} if mobile else {"width": 1366, "height": 900}}
        if mobile:
            options.update(is_mobile=True, has_touch=True, device_scale_factor=2)
        context = browser.new_context(**options)
        contexts.append(context)
        context.set_default_timeout(10_000)
        context.set_default_navigation_timeout(30_000)  # a first page of the live server on a busy CI machine
        page = context.new_page()
        page.goto(f"{live_server.url}/accounts/login/")
        page.fill("#id_username", username)
        page.fill("#id_password", password)
        page.click("button[type=submit]")
        # wait for the page the login opens (the shell's own page), not for the network to fall silent
        expect(page).not_to_have_url(re.compile(r"/accounts/login/"))
        # ...and for its stylesheet: until app.css arrives nothing is laid out and Playwright calls every link
        # "not visible" (a busy CI machine once needed more than the 10 s a click waits)
        page.wait_for_load_state("load", timeout=30_000)
        expect(page.locator("body")).to_be_visible()
        return page

    yield open_as
    for context in contexts:
        context.close()
