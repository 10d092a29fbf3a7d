from django.urls import path

from . import views

app_name = "stories"
urlpatterns = [
    path("topics/<slug:slug>/stories/", views.story_list, name="list"),
    path("topics/<slug:slug>/stories/share/", views.share, name="share"),
    path("topics/<slug:slug>/stories/share/check/", views.check, name="check"),
    path("topics/<slug:slug>/stories/thanks/", views.thanks, name="thanks"),
]
