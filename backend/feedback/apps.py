from django.apps import AppConfig


class FeedbackConfig(AppConfig):
    name = "backend.feedback"
    verbose_name = "Was this helpful?"
