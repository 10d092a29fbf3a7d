"""Sessions: signed cookies for everyone, except signed-in staff, whose sessions live in the database.

The quiz needs no account and keeps its answers in a signed cookie, so nothing about a person taking
it is stored on the server. A signed cookie can't be taken back, though: a copied admin cookie would
keep working after logout for as long as it is valid. So once a session holds a signed-in user it
moves to the database (StaffSession), and logging out, a password change or deactivating the user
deletes the rows (backend.staff.signals), which ends every copy of the cookie at once.
"""

from __future__ import annotations

from django.contrib.auth import SESSION_KEY, get_user_model
from django.contrib.sessions.backends import db
from django.core import signing

# The salt of Django's own signed-cookie sessions, so cookies set before this store keep working.
COOKIE_SALT = "django.contrib.sessions.backends.signed_cookies"


def in_database(session_key: str | None) -> bool:
    """A database key is 32 letters and digits; a signed cookie always holds ':' separators."""
    return bool(session_key) and ":" not in session_key


class SessionStore(db.SessionStore):
    @classmethod
    def get_model_class(cls):
        from .models import StaffSession

        return StaffSession

    def _signed_in(self) -> bool:
        return getattr(self, "_session_cache", {}).get(SESSION_KEY) is not None

    def load(self) -> dict:
        if in_database(self.session_key):
            return super().load()
        try:
            return signing.loads(self.session_key, serializer=self.serializer, salt=COOKIE_SALT,
                                 max_age=self.get_session_cookie_age())
        except Exception:  # a bad signature, or a cookie that is not ours: start afresh, as Django does
            self._session_key = None
            self.modified = True
            return {}

    def exists(self, session_key: str | None) -> bool:
        return in_database(session_key) and super().exists(session_key)

    def create(self) -> None:
        if self._signed_in():
            super().create()
        else:  # the cookie is written when the response goes out
            self._session_key = None
            self.modified = True

    def save(self, must_create: bool = False) -> None:
        self._session  # noqa: B018 -- loads the data, so we know whether someone is signed in
        if self._signed_in():
            if not in_database(self.session_key):
                self._session_key = None  # signing in: a new database key, never the cookie's
            return super().save(must_create)
        if in_database(self.session_key):
            super().delete(self.session_key)
        self._session_key = signing.dumps(self._session, compress=True, salt=COOKIE_SALT, serializer=self.serializer)
        self.modified = True

    def delete(self, session_key: str | None = None) -> None:
        key = session_key or self.session_key
        if in_database(key):
            super().delete(key)
        if session_key is None:
            self._session_key = ""
            self._session_cache = {}
            self.modified = True

    def create_model_instance(self, data: dict):
        session = super().create_model_instance(data)
        session.user_id = get_user_model()._meta.pk.to_python(data[SESSION_KEY])
        return session
