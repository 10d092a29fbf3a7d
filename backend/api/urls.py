from django.urls import path
from drf_spectacular.views import SpectacularAPIView, SpectacularRedocView, SpectacularSwaggerView

from . import views

urlpatterns = [
    path("v1/assessments/next/", views.AssessmentNextApi.as_view(), name="assessment-next"),
    path("v1/assessments/explain/", views.AssessmentExplainApi.as_view(), name="assessment-explain"),
    path("v1/topics/", views.TopicListApi.as_view(), name="topic-list"),
    path("v1/topics/<slug:slug>/symptoms/", views.TopicSymptomsApi.as_view(), name="topic-symptoms"),
    path("v1/conditions/", views.ConditionListApi.as_view(), name="condition-list"),
    path("v1/conditions/<slug:slug>/", views.ConditionDetailApi.as_view(), name="condition-detail"),
    path("schema/", SpectacularAPIView.as_view(), name="schema"),
    path("docs/", SpectacularSwaggerView.as_view(url_name="schema"), name="docs"),
    path("redoc/", SpectacularRedocView.as_view(url_name="schema"), name="redoc"),
]
