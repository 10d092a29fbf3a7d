from django.apps import AppConfig


class KnowledgeConfig(AppConfig):
    name = "backend.knowledge"
    verbose_name = "Medical content"

    def ready(self) -> None:
        from . import signals

        signals.connect()
