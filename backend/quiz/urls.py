from django.urls import include, path

from . import views

app_name = "quiz"
# The question step first: it is most of the traffic, and the first pattern tried is the cheapest to find.
urlpatterns = [
    path("quiz/<slug:topic>/", include([
        path("q/<int:n>/", views.question, name="question"),
        path("", views.start, name="start"),
        path("check/", views.check, name="check"),
        path("emergency/", views.emergency, name="emergency"),
        path("who/", views.who, name="who"),
        path("about/", views.about, name="about"),
        path("describe/", views.describe, name="describe"),
        path("describe/confirm/", views.confirm, name="confirm"),
        path("result/", views.result, name="result"),
    ])),
]
