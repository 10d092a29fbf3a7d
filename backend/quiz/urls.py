from django.urls import path

from . import views

app_name = "quiz"
urlpatterns = [
    path("quiz/<slug:topic>/", views.start, name="start"),
    path("quiz/<slug:topic>/check/", views.check, name="check"),
    path("quiz/<slug:topic>/emergency/", views.emergency, name="emergency"),
    path("quiz/<slug:topic>/who/", views.who, name="who"),
    path("quiz/<slug:topic>/about/", views.about, name="about"),
    path("quiz/<slug:topic>/q/<int:n>/", views.question, name="question"),
    path("quiz/<slug:topic>/result/", views.result, name="result"),
]
