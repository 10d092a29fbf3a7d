"""Shared test set-up: static files built once, and the real content loaded once per test database."""

import os
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = sorted(str(path) for path in (ROOT / "fixtures").glob("*.json"))


def pytest_configure() -> None:
    # WhiteNoise's manifest storage needs collected files: collect them when missing or older than a source.
    manifest = Path(settings.STATIC_ROOT) / "staticfiles.json"
    sources = (ROOT / "frontend" / "static").rglob("*")
    if not manifest.exists() or any(path.stat().st_mtime > manifest.stat().st_mtime for path in sources):
        call_command("collectstatic", "--no-input", verbosity=0)


class ContentSnapshot:
    """The content tables' rows, kept after the first load so that a transactional test, whose
    database is flushed afterwards, gets them back in milliseconds instead of a second of loaddata."""

    def __init__(self):
        self.tables: dict[str, tuple[list[str], list[tuple]]] = {}

    @staticmethod
    def content_models():
        from django.apps import apps
        from simple_history.models import HistoricalChanges

        # Not the history tables: no transactional test reads them, and with 1,600 likelihoods they
        # doubled the rows to put back after every browser and live-API test.
        models = [m for m in apps.get_app_config("knowledge").get_models() if not issubclass(m, HistoricalChanges)]
        return models + [f.remote_field.through for m in models for f in m._meta.local_many_to_many]

    def take(self) -> None:
        from django.db import connection

        with connection.cursor() as cursor:
            for model in self.content_models():
                table = model._meta.db_table
                cursor.execute(f"SELECT * FROM {connection.ops.quote_name(table)}")
                self.tables[table] = ([c[0] for c in cursor.description], cursor.fetchall())

    def restore(self) -> None:
        from django.core.management.color import no_style
        from django.db import connection, transaction

        quote = connection.ops.quote_name
        with transaction.atomic(), connection.cursor() as cursor:
            for table, (columns, rows) in self.tables.items():
                if rows:
                    cursor.executemany(
                        f"INSERT INTO {quote(table)} ({', '.join(map(quote, columns))}) "
                        f"VALUES ({', '.join(['%s'] * len(columns))})", rows)
            for sql in connection.ops.sequence_reset_sql(no_style(), self.content_models()):
                cursor.execute(sql)


SNAPSHOT = ContentSnapshot()


@pytest.fixture(scope="session", autouse=True)
def fast_passwords():
    """A fast password hasher, as Django's testing docs advise: every user made and every sign-in would
    otherwise spend most of a second hashing. Production servers the tests start keep the real one."""
    from django.test import override_settings

    with override_settings(PASSWORD_HASHERS=["django.contrib.auth.hashers.MD5PasswordHasher"]):
        yield


class BuiltOnce:
    """The engine's knowledge base, the free-text reader and the answers index, built once from the shipped
    content and handed out again whenever a test's database still holds exactly that content.

    Each test starts with all three dropped (see _fresh_engine_and_content), so that it sees its own
    database; rebuilding them took a few seconds for every test that touched the quiz or the ask box.
    The content version tells whether the database still holds the shipped content: every edit bumps it
    (backend.knowledge.signals), a rolled-back test puts it back, and so does SNAPSHOT.restore(). Only a
    test that edits content while skipping the signals (QuerySet.update()) would get the shipped copy, so
    such a test must edit as the admin does. The check reads the database, not the cached number, as the
    loader's cache may still hold the version from before an edit made earlier in the same test."""

    def __init__(self):
        self.version = None
        self.kb = None
        self.derived: dict = {}

    def pristine(self) -> bool:
        from backend.knowledge.models import ContentVersion

        return self.version is not None and ContentVersion.current() == self.version

    def install(self, monkeypatch) -> None:
        from backend.knowledge.models import ContentVersion
        from backend.language import answers, parser
        from backend.quiz import loader

        self.version = ContentVersion.current()
        self.kb = loader.build(self.version)
        build_kb = loader.build
        monkeypatch.setattr(loader, "build", lambda version=0: (
            self.kb if version == self.version and self.pristine() else build_kb(version)))
        for derived in (answers.index, parser.reader):
            self.derived[derived] = derived._build(self.kb)
            monkeypatch.setattr(derived, "_build", self._reuse(derived, derived._build))

    def _reuse(self, derived, build):
        def reuse(kb):
            return self.derived[derived] if kb is self.kb and self.pristine() else build(kb)

        return reuse


BUILT_ONCE = BuiltOnce()


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    """Every test database starts with the shipped medical content, as `make run` serves it."""
    if not FIXTURES:
        yield
        return
    with pytest.MonkeyPatch.context() as monkeypatch:
        with django_db_blocker.unblock():
            call_command("loaddata", *FIXTURES, verbosity=0)
            SNAPSHOT.take()
            BUILT_ONCE.install(monkeypatch)
        yield


@pytest.fixture
def admin_client(client, django_user_model):
    user = django_user_model.objects.create_superuser("admin", "admin@example.org", "a-long-test-password")
    client.force_login(user)
    client.user = user
    return client


@pytest.fixture
def send_session(client, settings):
    """Give the client a session cookie holding these values, signed with the site's own key (the
    session lives in the cookie): what a browser would send back, or whoever holds the key."""
    from django.contrib.sessions.backends.signed_cookies import SessionStore

    def send(**values) -> None:
        session = SessionStore()
        session.update(values)
        session.save()
        client.cookies[settings.SESSION_COOKIE_NAME] = session.session_key

    return send


def database_vendor() -> str:
    return "postgresql" if os.environ.get("DATABASE_URL") else "sqlite"


@pytest.fixture(autouse=True)
def _fresh_engine_and_content(request):
    """Each test starts with the engine built from its own database (BuiltOnce hands out the copy built from
    the shipped content while the database holds it) and, if a previous transactional test flushed the
    database, with the shipped content loaded again."""
    from django.core.cache import cache

    from backend.language import answers, parser
    from backend.quiz import loader

    cache.clear()
    loader.reset()
    answers.reset()
    parser.reset()
    marker = request.node.get_closest_marker("django_db")
    transactional = ((marker and marker.kwargs.get("transaction"))
                     or {"transactional_db", "live_server"} & set(request.fixturenames))
    # A transactional test empties the database when it ends. pytest-django runs those after every other test
    # that uses the database, so only a transactional test can find it empty: it gets the shipped content back.
    if transactional and FIXTURES:
        request.getfixturevalue("transactional_db")
        from backend.knowledge.models import Topic

        if not Topic.objects.exists():
            SNAPSHOT.restore()
    yield
    loader.reset()
    answers.reset()
    parser.reset()


@pytest.fixture(scope="session")
def live_server(request):
    """pytest-django's live server, but static files go through WhiteNoise as in production (hashed,
    compressed names from the manifest) instead of Django's development finders."""
    from pytest_django.live_server_helper import LiveServer

    class ProductionStaticLiveServer(LiveServer):
        def __init__(self, addr: str):
            super().__init__(addr, start=False)
            self.thread.static_handler = lambda app: app
            self.start()

    server = ProductionStaticLiveServer(os.environ.get("DJANGO_LIVE_TEST_SERVER_ADDRESS") or "localhost")
    yield server
    server.stop()
