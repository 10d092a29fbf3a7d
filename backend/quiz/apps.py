from django.apps import AppConfig


class QuizConfig(AppConfig):
    name = "backend.quiz"
    verbose_name = "Quiz"
