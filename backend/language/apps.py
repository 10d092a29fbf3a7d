from django.apps import AppConfig


class LanguageConfig(AppConfig):
    name = "backend.language"
    verbose_name = "Free text"
