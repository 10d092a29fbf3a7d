from django.urls import path

from . import views

app_name = "knowledge"
urlpatterns = [
    path("", views.home, name="home"),
    path("search/", views.search, name="search"),
    path("ask/", views.ask, name="ask"),
    path("topics/<slug:slug>/", views.topic, name="topic"),
    path("conditions/", views.condition_list, name="conditions"),
    path("conditions/<slug:slug>/", views.condition, name="condition"),
]
