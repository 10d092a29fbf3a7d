from django.contrib import admin
from django.urls import include, path

urlpatterns = [
    path("admin/", admin.site.urls),
    path("api/", include("backend.api.urls")),
    path("", include("backend.pwa.urls")),
    path("", include("backend.quiz.urls")),
    path("", include("backend.stories.urls")),
    path("", include("backend.feedback.urls")),
    path("", include("backend.knowledge.urls")),
]

handler404 = "backend.knowledge.views.not_found"
