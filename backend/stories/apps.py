from django.apps import AppConfig


class StoriesConfig(AppConfig):
    name = "backend.stories"
    verbose_name = "Patient stories"
