from django.urls import path

from . import views

app_name = "quiz"
urlpatterns = [
    path("quiz/<slug:topic>/", views.start, name="start"),
]
