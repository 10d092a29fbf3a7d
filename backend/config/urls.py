from django.conf import settings
from django.contrib import admin
from django.urls import include, path

from backend.ops import views as ops

urlpatterns = [
    # The quiz first: its steps are most of the traffic, and each pattern tried before costs a little.
    path("", include("backend.quiz.urls")),
    path(settings.ADMIN_URL, admin.site.urls),
    path("api/", include("backend.api.urls")),
    path("healthz", ops.healthz, name="healthz"),
    path("", include("backend.pwa.urls")),
    path("", include("backend.stories.urls")),
    path("", include("backend.feedback.urls")),
    path("", include("backend.knowledge.urls")),
]
if settings.BENCHMARK_ENDPOINTS:
    urlpatterns.insert(0, path("bench/floor/", ops.floor, name="bench-floor"))

handler400 = "backend.knowledge.views.bad_request"
handler404 = "backend.knowledge.views.not_found"
