"""Personas and units shared by every test: one fictional province with two stations.

province (provincial) ─┬─ station (police station, lines: admin, patrol)
                       └─ other_station (police station)
elsewhere (another province, unrelated)
"""

import gc
import os
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core.cache import caches
from django.db import connections
from django.test import Client
from django.utils import translation

from openita.accounts import services as account_services
from openita.accounts.models import Role, User
from openita.accounts.second_factor import SESSION_KEY as SECOND_FACTOR_SESSION_KEY
from openita.units import services as unit_services
from openita.units.models import Line, Unit
from openita_testing.replayed_rows import RowReplay

PASSWORD = "correct-horse-battery-staple"


def pytest_configure(config: pytest.Config) -> None:
    """Tests use plain static files (no collectstatic manifest) and a fast password hasher."""
    from django.conf import settings

    # On SQLite the test database is made from the models, not by running the migrations (docs/adr/
    # 0020-cleanup-test-speed.md): the same schema (`make migrations-check` fails when models and
    # migrations differ), about 4.5 s less per test process. PostgreSQL runs, and `--migrations`, run them.
    if (
        settings.DATABASES["default"]["ENGINE"].endswith("sqlite3")
        and "--migrations" not in config.invocation_params.args
    ):
        config.option.nomigrations = True

    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    # Cheap Argon2id costs for complaint keys and receipts, as for passwords (the code is the same; the costs
    # are stored with every wrapped key): the demo alone derives about 40 keys, 0.1 s each at the real costs.
    for name in ("OPENITA_COMPLAINT_KDF", "OPENITA_COMPLAINT_RECEIPT_KDF"):  # complaints.crypto's
        setattr(settings, name, {"time_cost": 1, "memory_cost": 1024, "parallelism": 1})
    settings.WHITENOISE_AUTOREFRESH = True
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    settings.OPENITA_IMPORT_STAGING_DIR = tempfile.mkdtemp(prefix="openita-test-imports-")
    # Uploaded evidence never lands in the developer's data directory.
    settings.OPENITA_PRIVATE_FILES_ROOT = Path(tempfile.mkdtemp(prefix="openita-private-"))
    # Background tasks run at once, in the test's process (django-tasks' ImmediateBackend), with no pool of
    # processes; a test that needs the queue itself uses the database backend (openita/tasks/tests).
    from django.core.signals import setting_changed

    settings.OPENITA_TASKS_IMMEDIATE = True
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
    setting_changed.send(sender=None, setting="TASKS", value=settings.TASKS, enter=True)
    settings.OPENITA_DOCUMENT_BATCH_WORKERS = 1
    settings.OPENITA_LINE_BACKEND = "fake"  # no test reaches LINE (openita/notifications/fake.py)
    # The public site's page cache lives in the test process (never a folder shared between runs).
    settings.CACHES = {
        **settings.CACHES,
        "public": {
            "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
            "LOCATION": "public",
        },
    }
    # The test client and the browser tests speak plain HTTP: no redirect to HTTPS (the production defaults
    # themselves are checked in openita/core/tests/test_deploy_settings.py).
    settings.SECURE_SSL_REDIRECT = False
    # Tests travel in time with logged-in clients: the session timeouts are tried by
    # openita/accounts/tests/test_sessions.py, which turns them on.
    settings.OPENITA_SESSION_IDLE_MINUTES = 0
    settings.OPENITA_SESSION_MAX_HOURS = 0
    settings.SESSION_COOKIE_AGE = 14 * 24 * 3600
    _force_login_includes_the_second_factor()


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """The longest tests first: the browser tests, then those on the demo (each tens of times an ordinary
    test), the others in their order. Work stealing then ends both processes within about a second of each
    other; listed last, one of them ran on alone for up to 7 s (docs/adr/0020-cleanup-test-speed.md)."""

    def weight(item: pytest.Item) -> int:
        if item.get_closest_marker("browser"):
            return 0
        return 1 if "demo_db" in getattr(item, "fixturenames", ()) else 2

    items.sort(key=weight)


def pytest_collection_finish(session: pytest.Session) -> None:
    """The objects that live as long as the test process (Django's apps, URL patterns, templates, the
    collected tests) are moved out of the garbage collector's sight, and it runs less often: a test makes and
    drops many objects, and each collection of the oldest generation went over all of them again. About 8 %
    less time on the role matrix and the measures tests (docs/adr/0020-cleanup-test-speed.md); objects are
    still freed when their last reference goes, as ever."""
    gc.collect()
    gc.freeze()
    gc.set_threshold(20_000, 50, 1_000)


@pytest.fixture(autouse=True, scope="session")
def shifted_clock() -> Iterator[None]:
    """OPENITA_TEST_SHIFT_DAYS=400 runs the tests that many days from today (the clock still ticks): a test
    that reads today's date without freezing it then shows itself by failing."""
    days = int(os.environ.get("OPENITA_TEST_SHIFT_DAYS", "0") or 0)
    if not days:
        yield
        return
    with time_machine.travel(datetime.now(UTC) + timedelta(days=days), tick=True):
        yield


@pytest.fixture(autouse=True, scope="session")
def public_cache_folder(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """The public pages' cache of this test process, set once for the session: never the checkout's
    var/public-cache, which the other test process (pytest-xdist) and `make run` share."""
    from django.conf import settings
    from django.test.utils import override_settings

    folder = tmp_path_factory.mktemp("public-cache")
    configured: dict[str, Any] = settings.CACHES
    public = {**configured["public"], "LOCATION": str(folder)}
    with override_settings(CACHES={**configured, "public": public}):
        yield folder


@pytest.fixture(autouse=True, scope="session")
def yaml_parsed_once() -> Iterator[None]:
    """Each YAML text (the shipped framework libraries above all) parsed once per test process by the real
    parser, every reader getting its own copy (openita_testing/parsed_yaml.py)."""
    from openita.frameworks import yamlio
    from openita_testing.parsed_yaml import cached

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(yamlio, "parse_marked_yaml", cached(yamlio.parse_marked_yaml))
        yield


@pytest.fixture(autouse=True)
def empty_public_cache(public_cache_folder: Path) -> Iterator[None]:
    """Every test starts with an empty public-page cache, so that a page cached by one test (the demo's
    sitemap, say) is never served to another."""
    caches["public"].clear()
    yield
    caches["public"].clear()


@pytest.fixture(autouse=True)
def default_language() -> Iterator[None]:
    """Every test starts and ends in the default language (Thai): a request with the English cookie leaves
    English active in the test's thread (the locale middleware, like Django's, does not turn it back), and
    a later test in the same process that renders without a request would see it."""
    translation.deactivate()
    yield
    translation.deactivate()


@pytest.fixture(scope="session")
def demo_snapshots(
    django_db_setup: None, django_db_blocker: Any, tmp_path_factory: pytest.TempPathFactory
) -> Any:
    """The test database's content before the demo, and with the demo loaded today or at a moment, each made
    once per test run by the first test that asks for it (`demo_db`): under pytest-xdist the other processes
    read its snapshot from the run's temporary folder (pytest-xdist's documented way to share a session
    fixture), alone a process loads it itself."""
    from openita_testing import demo_database

    shared = None
    if os.environ.get("PYTEST_XDIST_WORKER"):
        shared = tmp_path_factory.getbasetemp().parent  # the run's folder, above each worker's own
    return demo_database.DemoSnapshots(django_db_blocker, shared)


@pytest.fixture
def demo_in_place(request: pytest.FixtureRequest, demo_snapshots: Any) -> Iterator[None]:
    """The demo in the test database for the test (as `loaddemo` leaves it today, or at the moment of the
    test's `demo_moment` mark, a frozen clock), the content before it put back afterwards (after the test's
    own rollback or flush: ask for it before the database fixture, as `demo_db` does)."""
    mark = request.node.get_closest_marker("demo_moment")
    demo_snapshots.put_in_place(mark.args[0] if mark else None)
    yield
    demo_snapshots.put_back()


@pytest.fixture
def demo_db(demo_in_place: None, db: None) -> None:
    """The demo as `loaddemo` leaves it today, in the test database (docs/adr/0032-speed-shared-demo.md):
    the same as calling `loaddemo` at the start of the test, without its 10 s of CPU. The test runs in a
    transaction rolled back afterwards (in a transactional one with `live_server` or
    `django_db(transaction=True)`), then the database is put back as it was before the demo.

    Ask for it instead of `db`, not beside a `django_db` mark without `transaction=True`: the demo is put in
    place outside the test's transaction. `@pytest.mark.demo_moment("2026-12-06 09:00 +0700")`: the demo
    as `loaddemo` leaves it with the clock stopped at that moment."""


# The day of the tests whose outcome depends on today's date (a Friday in the middle of fiscal year 2570).
FIXED_DAY = datetime(2026, 11, 20, 10, 0, tzinfo=ZoneInfo("Asia/Bangkok"))


@pytest.fixture
def on_a_fixed_day() -> Iterator[None]:
    """Today is FIXED_DAY, from 10:00 Bangkok time, for the test and its fixtures (the clock ticks, so
    durations still pass): `pytestmark = pytest.mark.usefixtures("on_a_fixed_day")` in a module whose
    tests read today's date, or `@time_machine.travel(...)` on one test."""
    with time_machine.travel(FIXED_DAY, tick=True):
        yield


def _force_login_includes_the_second_factor() -> None:
    """A test client's `force_login` stands for a complete log-in, password and second factor: the session is
    marked verified. Logging in through the form goes through every step, and the second factor is enforced
    (openita/accounts/tests/test_second_factor.py)."""
    if getattr(Client.force_login, "marks_second_factor", False):
        return
    password_only = Client.force_login

    def force_login(self: Client, user: Any, backend: str | None = None) -> None:
        password_only(self, user, backend)
        session = self.session
        session[SECOND_FACTOR_SESSION_KEY] = "test-client"
        session.save()

    force_login.marks_second_factor = True  # type: ignore[attr-defined]
    force_login.password_only = password_only  # type: ignore[attr-defined]
    Client.force_login = force_login  # type: ignore[method-assign,assignment]


@dataclass
class World:
    province: Unit
    station: Unit
    other_station: Unit
    elsewhere: Unit
    patrol: Line
    people: dict[str, User | None]

    def user(self, persona: str) -> User:
        person = self.people[persona]
        assert person is not None, f"{persona} is not logged in"
        return person


PERSONAS = (
    "anonymous",
    "outsider",
    "officer",
    "committee",
    "executive",
    "unit_admin",
    "parent_admin",
    "oversight",
    "assessor",
    "superuser",
)


def make_world() -> World:
    """The units and one person for each persona (in the database: call it where the database is open)."""
    province = unit_services.create_unit(
        code="tt-prov",
        name_th="ตำรวจภูธรจังหวัดทดสอบ",
        name_en="Test Provincial Police",
        unit_type="provincial",
    )
    station = unit_services.create_unit(
        parent=province,
        code="tt-st1",
        name_th="สถานีตำรวจภูธรทดสอบหนึ่ง",
        name_en="Test Station One",
        unit_type="police_station",
    )
    other_station = unit_services.create_unit(
        parent=province, code="tt-st2", name_th="สถานีตำรวจภูธรทดสอบสอง", unit_type="police_station"
    )
    elsewhere = unit_services.create_unit(code="xx-prov", name_th="หน่วยงานอื่น", unit_type="general")
    unit_services.create_line(station, code="admin", name_th="อำนวยการ")
    patrol = unit_services.create_line(station, code="patrol", name_th="ป้องกันปราบปราม")

    def person(username: str, unit: Unit | None = None, role: str | None = None) -> User:
        user = account_services.create_person(
            username=username,
            email=f"{username}@example.org",
            first_name=username.title(),
            password=PASSWORD,
        )
        if unit is not None and role is not None:
            account_services.grant_role(user, unit, role)
        return user

    outsider = person("outsider", elsewhere, Role.UNIT_ADMIN)
    superuser = person("superuser")
    superuser.is_superuser = superuser.is_staff = True
    superuser.save()
    people: dict[str, User | None] = {
        "anonymous": None,
        "outsider": outsider,
        "officer": person("officer", station, Role.OFFICER),
        "committee": person("committee", station, Role.WORKING_GROUP_MEMBER),
        "executive": person("executive", station, Role.EXECUTIVE),
        "unit_admin": person("unitadmin", station, Role.UNIT_ADMIN),
        "parent_admin": person("parentadmin", province, Role.UNIT_ADMIN),
        "oversight": person("oversight", province, Role.OVERSIGHT_VIEWER),
        "assessor": person("assessor", province, Role.ASSESSOR),
        "superuser": superuser,
    }
    return World(province, station, other_station, elsewhere, patrol, people)


_worlds = RowReplay()


@pytest.fixture
def world(db: None) -> World:
    """`make_world()`, made once per test process and day, its rows put back for each test after
    (openita_testing/replayed_rows.py)."""
    return _worlds.made(make_world)


def client_for(world: World, persona: str) -> Client:
    client = Client()
    user = world.people[persona]
    if user is not None:
        client.force_login(user)
    return client


CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
]
PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1280, "height": 900}


@pytest.fixture(scope="session")
def chromium() -> Iterator[Any]:
    """Debian's Chromium driven by Playwright. Skipped when absent, except under CI=true."""
    if not CHROMIUM.exists():
        message = (
            f"Chromium not found at {CHROMIUM} (apt-get install chromium): browser tests skipped"
        )
        if os.environ.get("CI") == "true":
            pytest.fail(message.replace("skipped", "cannot be skipped under CI=true"))
        pytest.skip(message)
    # Playwright's sync API runs an event loop in this thread; the Django test server runs in another.
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_FLAGS)
        yield browser
        browser.close()
        # While Playwright's event loop runs in this thread, asgiref (so Django) keeps the thread's database
        # connections apart from those opened before it started. The ones the tests used since are closed
        # here, while the loop still runs: left open, PostgreSQL refused to drop the test database at the end
        # of the run ("being accessed by other users"). Django's teardown closes the earlier ones.
        connections.close_all()


def _browser_page(chromium: Any, live_server: Any, viewport: dict[str, int]) -> Iterator[Any]:
    """A page of this size, Thai locale, pointed at the live test server; no request may leave it, and nothing
    on it may break the content security policy (every browser test checks it)."""
    context = chromium.new_context(viewport=viewport, locale="th-TH", base_url=live_server.url)
    context.set_default_timeout(10_000)
    page = context.new_page()
    outside: list[str] = []
    page.on(
        "request",
        lambda request: (
            outside.append(request.url) if not request.url.startswith(live_server.url) else None
        ),
    )
    violations: list[str] = []
    page.on(
        "console",
        lambda message: (
            violations.append(message.text) if "Content Security Policy" in message.text else None
        ),
    )
    yield page
    context.close()
    assert outside == [], f"requests left the machine: {outside}"
    assert violations == [], f"the content security policy refused: {violations}"


@pytest.fixture
def phone_page(chromium: Any, live_server: Any) -> Iterator[Any]:
    """A page in a phone-sized window."""
    yield from _browser_page(chromium, live_server, PHONE)


@pytest.fixture
def desktop_page(chromium: Any, live_server: Any) -> Iterator[Any]:
    """A page in a desktop-sized window."""
    yield from _browser_page(chromium, live_server, DESKTOP)


def click_and_follow(page: Any, target: Any) -> None:
    """Click a button or link (a selector or a locator) and wait until the page it leads to has loaded.

    `click()` followed by `wait_for_load_state()` can return while the old page is still showing: the
    navigation may not have started yet, so the next step races the server."""
    locator = page.locator(target) if isinstance(target, str) else target
    with page.expect_navigation():
        locator.click()


BROWSER_TOTP_KEY = "3132333435363738393031323334353637383930"  # RFC 6238's test secret, in hex


def totp_now(key_hex: str = BROWSER_TOTP_KEY) -> str:
    """The code an authenticator app with this secret shows now."""
    from binascii import unhexlify

    from django_otp.oath import totp

    return f"{totp(unhexlify(key_hex)):06d}"


def browser_login(page: Any, username: str, password: str = PASSWORD) -> None:
    """Log in through the forms; a person whose roles need a second factor gets a known authenticator."""
    from openita.accounts import second_factor

    person = User.objects.get(username=username)
    if second_factor.needs_second_factor(person):
        second_factor.give_known_device(person, BROWSER_TOTP_KEY)
    page.goto("/accounts/login/")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", password)
    page.click("form button.btn-primary")
    page.wait_for_url(lambda url: "/accounts/login/" not in url)
    if "/accounts/security/verify/" in page.url:
        page.fill("input[name=token]", totp_now())
        page.click("form button.btn-primary")
        page.wait_for_url(lambda url: "/accounts/security/verify/" not in url)


def browser_session_login(page: Any, live_server: Any, username: str) -> None:
    """Log the browser in as `username` without the log-in forms: any earlier session's cookies cleared, and
    the cookie of a session made the way the test client's `force_login` makes it (second factor included).

    For browser tests whose subject is not logging in, and for a walk-through's later people once its first
    person has logged in through the forms with `browser_login` (which takes about 0.6 s a person; this
    takes a few milliseconds). The forms themselves are walked by `openita/core/tests/test_browser_smoke.py`."""
    from django.conf import settings

    client = Client()
    client.force_login(User.objects.get(username=username))
    name = settings.SESSION_COOKIE_NAME
    page.context.clear_cookies()
    page.context.add_cookies(
        [{"name": name, "value": client.cookies[name].value, "url": live_server.url}]
    )
