from django.urls import path, re_path
from django.views.generic import TemplateView
from drf_spectacular.views import SpectacularAPIView

from . import free_text, views

urlpatterns = [
    path("v1/assessments/next/", views.AssessmentNextApi.as_view(), name="assessment-next"),
    path("v1/assessments/explain/", views.AssessmentExplainApi.as_view(), name="assessment-explain"),
    path("v1/parse/", free_text.ParseApi.as_view(), name="parse"),
    path("v1/topics/", views.TopicListApi.as_view(), name="topic-list"),
    path("v1/topics/<str:slug>/symptoms/", views.TopicSymptomsApi.as_view(), name="topic-symptoms"),
    path("v1/conditions/", views.ConditionListApi.as_view(), name="condition-list"),
    path("v1/conditions/<str:slug>/", views.ConditionDetailApi.as_view(), name="condition-detail"),
    path("v1/answers/", views.AnswersApi.as_view(), name="answers"),
    path("v1/stories/", views.StoryListApi.as_view(), name="story-list"),
    path("schema/", SpectacularAPIView.as_view(), name="schema"),
    path("docs/", TemplateView.as_view(template_name="api/docs.html"), name="docs"),
    re_path(r"^.*$", views.not_found, name="not-found"),
]
