"""Staff sessions, kept in the database so that they can be ended (see backend.staff.sessions)."""

from django.conf import settings
from django.contrib.sessions.base_session import AbstractBaseSession
from django.db import models


class StaffSession(AbstractBaseSession):
    """A signed-in member of staff's session; the user is kept so all their sessions can end at once."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")

    class Meta(AbstractBaseSession.Meta):
        db_table = "staff_session"

    @classmethod
    def get_session_store_class(cls):
        from .sessions import SessionStore

        return SessionStore


def end_sessions(user_id) -> int:
    """Sign a user out everywhere: every browser holding one of their session cookies."""
    return StaffSession.objects.filter(user_id=user_id).delete()[0]
