"""A member of staff's sessions all end when they log out, their password changes or they are deactivated."""

from django.contrib.auth import get_user_model
from django.contrib.auth.signals import user_logged_out
from django.db.models.signals import pre_save

from .models import end_sessions


def connect() -> None:
    user_logged_out.connect(end_on_logout)
    pre_save.connect(end_on_credentials_change, sender=get_user_model())


def end_on_logout(sender, request, user, **kwargs) -> None:
    if user is not None:
        end_sessions(user.pk)


def end_on_credentials_change(sender, instance, raw: bool = False, update_fields=None, **kwargs) -> None:
    if raw or instance.pk is None or (update_fields is not None and not {"password", "is_active"} & set(update_fields)):
        return
    stored = sender._base_manager.filter(pk=instance.pk).values("password", "is_active").first()
    if stored and (stored["password"] != instance.password or (stored["is_active"] and not instance.is_active)):
        # The person changing their own password keeps this browser: Django moves the session to a new key.
        end_sessions(instance.pk)
