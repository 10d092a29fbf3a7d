"""Members of staff in the admin roles."""

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group


def user_in(*roles: str, username: str | None = None):
    """A staff user who belongs to the given groups (created by the roles data migration)."""
    from backend.staff.roles import ensure_roles

    if not Group.objects.filter(name__in=roles).count() == len(roles):
        ensure_roles()  # a transactional test flushed the groups the migration made
    name = username or "-".join(role.split()[0].lower() for role in roles) or "staff"
    user = get_user_model().objects.create_user(name, f"{name}@example.org", "a-long-test-password", is_staff=True)
    user.groups.set(Group.objects.filter(name__in=roles))
    return user
