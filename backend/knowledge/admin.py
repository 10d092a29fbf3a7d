"""Admin for medical content: editors write, reviewers sign off; publication and sign-off are actions."""

from django.contrib import admin, messages
from django.db.models import Count
from django.utils.html import format_html

from .models import FAQ, Condition, Likelihood, QuestionGroup, Source, Symptom, Topic, TransitionError

WORKFLOW_READONLY = ("status", "published_at", "reviewed_by", "reviewed_at", "updated_at")


class ReviewStatusFilter(admin.SimpleListFilter):
    title = "clinical review"
    parameter_name = "review"

    def lookups(self, request, model_admin):
        return [("awaiting", "Awaiting review"), ("signed", "Signed off")]

    def queryset(self, request, queryset):
        if self.value() == "awaiting":
            return queryset.filter(reviewed_by__isnull=True)
        if self.value() == "signed":
            return queryset.filter(reviewed_by__isnull=False)
        return queryset


class ReviewedContentAdmin(admin.ModelAdmin):
    """Shared list columns and actions for topics and conditions."""

    readonly_fields = WORKFLOW_READONLY
    actions = ["publish", "unpublish", "sign_off"]

    @admin.display(description="clinical review", ordering="reviewed_at")
    def review(self, obj) -> str:
        if not obj.is_signed_off:
            return "Awaiting review"
        text = f"{obj.reviewed_by} on {obj.reviewed_at:%d %b %Y}"
        if obj.review_is_stale():
            return format_html('<strong>{}</strong> — due for review', text)
        return text

    def _run(self, request, queryset, verb: str, transition) -> None:
        done = 0
        for obj in queryset:
            try:
                transition(obj)
                done += 1
            except TransitionError as error:
                self.message_user(request, str(error), messages.WARNING)
        if done:
            self.message_user(request, f"{verb} {done} item(s).", messages.SUCCESS)

    @admin.action(description="Publish selected")
    def publish(self, request, queryset) -> None:
        self._run(request, queryset, "Published", lambda obj: obj.publish())

    @admin.action(description="Unpublish selected")
    def unpublish(self, request, queryset) -> None:
        self._run(request, queryset, "Unpublished", lambda obj: obj.unpublish())

    @admin.action(description="Sign off selected (clinical review)")
    def sign_off(self, request, queryset) -> None:
        self._run(request, queryset, "Signed off", lambda obj: obj.sign_off(by=request.user))


class FAQInline(admin.StackedInline):
    model = FAQ
    extra = 0


@admin.register(Topic)
class TopicAdmin(ReviewedContentAdmin):
    list_display = ("title", "slug", "status", "review", "updated_at")
    list_filter = ("status", ReviewStatusFilter)
    search_fields = ("title", "slug", "overview")
    prepopulated_fields = {"slug": ("title",)}
    filter_horizontal = ("sources",)
    inlines = [FAQInline]


class LikelihoodInline(admin.TabularInline):
    model = Likelihood
    extra = 0
    autocomplete_fields = ("symptom",)
    fields = ("symptom", "probability", "constraint", "is_top", "note")


@admin.register(Condition)
class ConditionAdmin(ReviewedContentAdmin):
    list_display = ("name", "icd10", "rarity", "urgency", "links", "status", "review")
    list_filter = ("status", ReviewStatusFilter, "urgency", "rarity", "topics")
    search_fields = ("name", "slug", "icd10", "summary")
    prepopulated_fields = {"slug": ("name",)}
    filter_horizontal = ("topics", "sources")
    inlines = [LikelihoodInline]

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("reviewed_by").annotate(link_count=Count("likelihoods"))

    @admin.display(description="linked findings", ordering="link_count")
    def links(self, obj) -> int:
        return obj.link_count

    def save_model(self, request, obj, form, change) -> None:
        from django.core.exceptions import ValidationError

        super().save_model(request, obj, form, change)
        try:
            from .icd import check_code

            check_code(obj.icd10)
        except ValidationError as error:
            self.message_user(request, f"Check the ICD-10-CM code: {error.messages[0]}", messages.WARNING)


@admin.register(Symptom)
class SymptomAdmin(admin.ModelAdmin):
    list_display = ("name", "slug", "kind", "min_level", "group", "base_rate")
    list_filter = ("kind", "min_level", "topics", "group")
    search_fields = ("name", "slug", "question")
    prepopulated_fields = {"slug": ("name",)}
    filter_horizontal = ("topics",)
    readonly_fields = ("updated_at",)


@admin.register(QuestionGroup)
class QuestionGroupAdmin(admin.ModelAdmin):
    list_display = ("text", "slug", "type")
    list_filter = ("type",)
    search_fields = ("text", "slug")


@admin.register(Likelihood)
class LikelihoodAdmin(admin.ModelAdmin):
    list_display = ("condition", "symptom", "probability", "constraint", "is_top")
    list_filter = ("constraint", "is_top", "condition__topics")
    search_fields = ("condition__name", "symptom__name", "note")
    autocomplete_fields = ("condition", "symptom")
    list_select_related = ("condition", "symptom")


@admin.register(Source)
class SourceAdmin(admin.ModelAdmin):
    list_display = ("title", "publisher", "year")
    search_fields = ("title", "publisher", "slug")


admin.site.site_header = "Backcheck content and moderation"
admin.site.site_title = "Backcheck admin"
