"""Admin for medical content: editors write and publish, reviewers sign off; publication and sign-off
are actions that need their own permission. Every change is kept in a history that can be reverted."""

import logging

from django.contrib import admin, messages
from django.contrib.admin.utils import unquote
from django.contrib.auth import get_permission_codename
from django.core.exceptions import PermissionDenied
from django.db.models import Count
from django.utils.html import format_html
from simple_history.admin import SimpleHistoryAdmin

from .models import (
    FAQ,
    Condition,
    Likelihood,
    PageKind,
    QuestionGroup,
    Source,
    Symptom,
    Synonym,
    Topic,
    TransitionError,
    TriageRule,
    UnansweredCount,
)
from .review import fingerprints

log = logging.getLogger(__name__)

WORKFLOW_READONLY = ("status", "published_at", "reviewed_by", "reviewed_at", "last_edited_by", "updated_at")


class ReviewStatusFilter(admin.SimpleListFilter):
    title = "clinical review"
    parameter_name = "review"

    def lookups(self, request, model_admin):
        return [("awaiting", "Awaiting review"), ("signed", "Signed off"), ("due", "Due for review (12 months)")]

    def queryset(self, request, queryset):
        if self.value() == "awaiting":
            return queryset.filter(reviewed_by__isnull=True)
        if self.value() == "signed":
            return queryset.filter(reviewed_by__isnull=False)
        if self.value() == "due":
            return queryset.due_for_review()
        return queryset


def has_own_permission(model_admin: admin.ModelAdmin, request, action: str) -> bool:
    opts = model_admin.opts
    return request.user.has_perm(f"{opts.app_label}.{get_permission_codename(action, opts)}")


class HistoryAdmin(SimpleHistoryAdmin):
    """Every change is kept and can be reverted by those who may change the content. Viewing the history
    is read-only for those who may only view; bringing back a deleted row needs the add permission,
    and the row comes back as an unreviewed draft (the model sees to that) with a log entry."""

    def history_form_view(self, request, object_id, version_id, extra_context=None):
        if request.method != "POST":
            return super().history_form_view(request, object_id, version_id, extra_context)
        if self.revert_disabled(request):
            raise PermissionDenied
        deleted = self.get_object(request, unquote(object_id)) is None
        if deleted and not self.has_add_permission(request):
            raise PermissionDenied
        response = super().history_form_view(request, object_id, version_id, extra_context)
        if deleted and (restored := self.get_object(request, unquote(object_id))) is not None:
            self.log_addition(request, restored, "Restored from its history as an unreviewed draft.")
            log.warning("%s restored deleted %s %s from its history", request.user, self.opts.verbose_name,
                        restored.pk)
        return response


class ReviewedContentAdmin(HistoryAdmin):
    """Shared list columns and actions for topics and conditions."""

    readonly_fields = WORKFLOW_READONLY
    actions = ["publish", "unpublish", "sign_off"]

    def has_publish_permission(self, request) -> bool:
        return has_own_permission(self, request, "publish")

    def has_sign_off_permission(self, request) -> bool:
        return has_own_permission(self, request, "sign_off")

    def get_changelist_instance(self, request):
        # One set of queries for the whole page of the list, not a handful per row.
        changelist = super().get_changelist_instance(request)
        rows = list(changelist.result_list)
        current = fingerprints(self.model, [obj.pk for obj in rows])
        for obj in rows:
            obj._fingerprint = current[obj.pk]
        return changelist

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

    @admin.action(description="Publish selected", permissions=["publish"])
    def publish(self, request, queryset) -> None:
        self._run(request, queryset, "Published", lambda obj: obj.publish(by=request.user))

    @admin.action(description="Unpublish selected", permissions=["publish"])
    def unpublish(self, request, queryset) -> None:
        self._run(request, queryset, "Unpublished", lambda obj: obj.unpublish(by=request.user))

    @admin.action(description="Sign off selected (clinical review)", permissions=["sign_off"])
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


class SynonymInline(admin.TabularInline):
    """The lay words people use for it; free text (describe, ask, the API's /parse/) is read with them."""

    model = Synonym
    extra = 1
    fields = ("phrase", "language")
    verbose_name = "lay synonym"


@admin.register(Condition)
class ConditionAdmin(ReviewedContentAdmin):
    list_display = ("name", "icd10", "rarity", "urgency", "links", "status", "review")
    list_filter = ("status", ReviewStatusFilter, "urgency", "rarity", "topics")
    search_fields = ("name", "slug", "icd10", "summary")
    prepopulated_fields = {"slug": ("name",)}
    filter_horizontal = ("topics", "sources")
    inlines = [LikelihoodInline, SynonymInline]

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


@admin.register(FAQ)
class FAQAdmin(HistoryAdmin):
    list_display = ("question", "topic", "order")
    list_filter = ("topic",)
    search_fields = ("question", "answer")


@admin.register(Symptom)
class SymptomAdmin(HistoryAdmin):
    list_display = ("name", "slug", "kind", "min_level", "group", "base_rate")
    list_filter = ("kind", "min_level", "topics", "group")
    search_fields = ("name", "slug", "question")
    prepopulated_fields = {"slug": ("name",)}
    filter_horizontal = ("topics",)
    readonly_fields = ("updated_at",)
    inlines = [SynonymInline]


@admin.register(Synonym)
class SynonymAdmin(HistoryAdmin):
    list_display = ("phrase", "symptom", "condition", "language")
    list_filter = ("language",)
    search_fields = ("phrase", "symptom__name", "condition__name")
    autocomplete_fields = ("symptom", "condition")


@admin.register(QuestionGroup)
class QuestionGroupAdmin(HistoryAdmin):
    list_display = ("text", "slug", "type")
    list_filter = ("type",)
    search_fields = ("text", "slug")


@admin.register(Likelihood)
class LikelihoodAdmin(HistoryAdmin):
    list_display = ("condition", "symptom", "probability", "constraint", "is_top")
    list_filter = ("constraint", "is_top", "condition__topics")
    search_fields = ("condition__name", "symptom__name", "note")
    autocomplete_fields = ("condition", "symptom")
    list_select_related = ("condition", "symptom")


@admin.register(TriageRule)
class TriageRuleAdmin(HistoryAdmin):
    list_display = ("name", "level", "age_min", "age_max")
    list_filter = ("level",)
    search_fields = ("name", "slug", "note")
    prepopulated_fields = {"slug": ("name",)}
    filter_horizontal = ("findings",)


@admin.register(Source)
class SourceAdmin(admin.ModelAdmin):
    list_display = ("title", "publisher", "year")
    search_fields = ("title", "publisher", "slug")


@admin.register(UnansweredCount)
class UnansweredCountAdmin(admin.ModelAdmin):
    """Read-only: the site counts questions it had no answer for, per page; nobody edits the numbers."""

    list_display = ("page", "page_kind", "count", "last_day")
    list_filter = ("page_kind",)
    search_fields = ("page_slug",)

    @admin.display(description="page", ordering="page_slug")
    def page(self, obj: UnansweredCount):
        if obj.page_kind == PageKind.SEARCH:
            return "Search"
        url = (Topic if obj.page_kind == PageKind.TOPIC else Condition)(slug=obj.page_slug).get_absolute_url()
        return format_html('<a href="{}">{}</a>', url, obj.page_slug)

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False


admin.site.site_header = "Backcheck content and moderation"
admin.site.site_title = "Backcheck admin"
