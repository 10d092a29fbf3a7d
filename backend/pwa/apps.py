from django.apps import AppConfig


class PwaConfig(AppConfig):
    name = "backend.pwa"
    verbose_name = "Installable app"
