"""Admin sign-in limits: django-axes' lockout of an account on one address, and a ceiling per address.

Each failed sign-in costs about 0.6 s of password hashing, whether or not the username exists. The
per-account lockout stops guessing one account's password; the ceiling stops one address from guessing
across many usernames. Both answer with the same locked-out page, so neither tells which usernames exist.
"""

from __future__ import annotations

from axes.handlers.database import AxesDatabaseHandler
from django.http import HttpRequest

from backend.abuse.limits import RateLimit

# Failed sign-ins per client address (IPv6: per /64) across all usernames, in fixed windows of the
# lockout's length: settings.RATE_LIMIT_ADMIN_LOGINS.
ADMIN_LOGINS = RateLimit("admin-logins", "RATE_LIMIT_ADMIN_LOGINS")


class AdminLoginHandler(AxesDatabaseHandler):
    """django-axes' database handler (settings.AXES_HANDLER) plus the ceiling per address.

    axes compares every lockout parameter with one AXES_FAILURE_LIMIT (the most failures of any of
    them), so it can't allow 5 per account and address and 30 per address; its maintainers suggest a
    handler of one's own for that (jazzband/django-axes#661). The address is counted like the other
    rate limits, in the shared cache, so the ceiling holds across workers and nodes.
    """

    def is_locked(self, request: HttpRequest, credentials: dict | None = None) -> bool:
        # axes asks this before any password is checked, so a locked-out address costs no hashing.
        return super().is_locked(request, credentials) or ADMIN_LOGINS.used_up(request)

    def user_login_failed(self, sender, credentials: dict, request: HttpRequest | None = None, **kwargs) -> None:
        super().user_login_failed(sender, credentials, request, **kwargs)
        if request is None:
            return
        # Every failure counts, refused ones too, as axes counts them for the account.
        ADMIN_LOGINS.hit(request)
        if ADMIN_LOGINS.used_up(request):
            # The failure that reaches the ceiling gets the locked-out page, as axes does at its limit.
            request.axes_locked_out = True
            request.axes_credentials = credentials
