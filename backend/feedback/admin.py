"""Feedback for staff: every answer read-only, and a summary per page (helpful or not, changed plans)."""

from django.contrib import admin
from django.db.models import F

from .models import Feedback


class PageKindFilter(admin.SimpleListFilter):
    title = "kind of page"
    parameter_name = "kind"

    def lookups(self, request, model_admin):
        return [("topic", "Articles"), ("condition", "Condition pages"), ("quiz-result", "Quiz results")]

    def queryset(self, request, queryset):
        return queryset.filter(page__startswith=f"{self.value()}:") if self.value() else queryset


class ChangedPlanFilter(admin.SimpleListFilter):
    title = "plan changed"
    parameter_name = "changed"

    def lookups(self, request, model_admin):
        return [("yes", "Changed their plan"), ("no", "Kept their plan")]

    def queryset(self, request, queryset):
        answered = queryset.exclude(plan_before="").exclude(plan_after="")
        if self.value() == "yes":
            return answered.exclude(plan_before=F("plan_after"))
        if self.value() == "no":
            return answered.filter(plan_before=F("plan_after"))
        return queryset


@admin.register(Feedback)
class FeedbackAdmin(admin.ModelAdmin):
    list_display = ("page", "helpful", "advice", "plan_before", "plan_after", "short_comment", "created_at")
    list_filter = (PageKindFilter, "helpful", ChangedPlanFilter, "advice", "plan_after", "created_at")
    search_fields = ("page", "comment")
    date_hierarchy = "created_at"
    readonly_fields = ("page", "helpful", "comment", "advice", "plan_before", "plan_after", "created_at", "updated_at")
    change_list_template = "admin/feedback/feedback/change_list.html"

    # Every member of staff may read the answers; nobody edits what the public said.
    def has_module_permission(self, request) -> bool:
        return request.user.is_active and request.user.is_staff

    def has_view_permission(self, request, obj=None) -> bool:
        return request.user.is_active and request.user.is_staff

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return request.user.is_superuser

    @admin.display(description="comment")
    def short_comment(self, feedback: Feedback) -> str:
        return feedback.comment if len(feedback.comment) <= 80 else feedback.comment[:79] + "…"

    def changelist_view(self, request, extra_context=None):
        response = super().changelist_view(request, extra_context)
        if hasattr(response, "context_data") and "cl" in response.context_data:
            # The summary follows the filters and search the list shows.
            response.context_data["summary"] = response.context_data["cl"].queryset.order_by().summary()
        return response
