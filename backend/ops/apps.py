from django.apps import AppConfig


class OpsConfig(AppConfig):
    name = "backend.ops"
    verbose_name = "Operations"
