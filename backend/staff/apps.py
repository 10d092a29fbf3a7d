from django.apps import AppConfig


class StaffConfig(AppConfig):
    name = "backend.staff"
    verbose_name = "Staff"

    def ready(self) -> None:
        from . import signals

        signals.connect()
