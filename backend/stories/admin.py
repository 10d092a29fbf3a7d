"""The moderation queue: pending stories first, flags in the list and on the story, the submitted text
read-only, a preview as the public page shows it, and approve / reject (with a reason) / withdraw,
one at a time from the story's page or in bulk. Only users with the moderate permission can act."""

from __future__ import annotations

from django import forms
from django.contrib import admin, messages
from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME
from django.core.exceptions import PermissionDenied
from django.db.models import Case, F, IntegerField, Value, When
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404, render
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.html import escape, format_html, format_html_join
from django.utils.safestring import SafeString, mark_safe

from . import flags
from .models import MODERATE, RejectionReason, Story, StoryEvent, TransitionError
from .text import NOTE_MAX


def highlight(text: str, flags) -> SafeString:
    """The text, escaped, with each flagged span in <mark> so a moderator sees it at once."""
    out, position = [], 0
    for flag in flags:
        if flag.start < position:  # overlapping flags: the first one wins
            continue
        out += [escape(text[position:flag.start]),
                format_html('<mark title="{}">{}</mark>', flag.label, text[flag.start:flag.end])]
        position = flag.end
    out.append(escape(text[position:]))
    return mark_safe("".join(out))


class ModerationForm(forms.Form):
    """One step on one story, or the reason for a bulk rejection / withdrawal."""

    reason = forms.ChoiceField(label="Reason", choices=[("", "Choose a reason"), *RejectionReason.choices],
                               required=False)
    note = forms.CharField(label="Note for other moderators (optional)", required=False, max_length=NOTE_MAX,
                           widget=forms.Textarea(attrs={"rows": 3, "cols": 60}))


class FlagFilter(admin.SimpleListFilter):
    title = "flags"
    parameter_name = "flag"

    def lookups(self, request, model_admin):
        return [("any", "Any flag"), *flags.LABELS.items(), ("none", "No flags")]

    def queryset(self, request, queryset):
        value = self.value()
        if value == "any":
            return queryset.exclude(flags="")
        if value == "none":
            return queryset.filter(flags="")
        if value:
            return queryset.filter(flags__contains=value)
        return queryset


class LanguageFilter(admin.SimpleListFilter):
    """Only the languages stories are actually written in, not every language on the form."""

    title = "language"
    parameter_name = "language"

    def lookups(self, request, model_admin):
        names = dict(Story._meta.get_field("language").choices)
        codes = Story.objects.order_by("language").values_list("language", flat=True).distinct()
        return [(code, names.get(code, code)) for code in codes]

    def queryset(self, request, queryset):
        return queryset.filter(language=self.value()) if self.value() else queryset


class StoryEventInline(admin.TabularInline):
    model = StoryEvent
    fields = ("at", "action", "from_status", "to_status", "by", "reason", "note")
    readonly_fields = fields
    extra = 0
    can_delete = False
    verbose_name_plural = "moderation log"

    def has_add_permission(self, request, obj=None) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False

    def has_view_permission(self, request, obj=None) -> bool:
        return request.user.has_perm("stories.view_story")


@admin.register(Story)
class StoryAdmin(admin.ModelAdmin):
    list_display = ("excerpt", "display_name", "topic", "language", "status_badge", "flag_badges", "submitted_at")
    list_display_links = ("excerpt",)
    list_filter = ("status", FlagFilter, "topic", LanguageFilter, "submitted_at", "via")
    search_fields = ("display_name", "text")
    date_hierarchy = "submitted_at"
    list_select_related = ("topic",)
    list_per_page = 50
    # Pending stories first, the longest-waiting on top; then the most recently decided.
    ordering = (
        Case(When(status=Story.Status.PENDING, then=Value(0)), default=Value(1), output_field=IntegerField()).asc(),
        Case(When(status=Story.Status.PENDING, then=F("submitted_at"))).asc(nulls_last=True),
        F("moderated_at").desc(nulls_last=True),
    )
    fieldsets = [
        ("Submitted", {"fields": ("topic", "condition", "display_name", "age_range", "sex", "language",
                                  "text", "via", "submitted_at", "consented_at")}),
        ("Moderation", {"fields": ("status", "flags", "moderated_by", "moderated_at", "published_at",
                                   "rejection_reason", "moderation_note")}),
    ]
    readonly_fields = [name for _, options in fieldsets for name in options["fields"]]
    inlines = [StoryEventInline]
    actions = ["approve_selected", "reject_selected", "withdraw_selected"]
    change_form_template = "admin/stories/story/change_form.html"

    class Media:
        css = {"all": ["css/moderation.css"]}

    # Permissions: stories come from the public and their text is never edited here.
    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_moderate_permission(self, request) -> bool:
        return request.user.has_perm(MODERATE)

    # List columns
    @admin.display(description="story")
    def excerpt(self, story: Story) -> str:
        text = " ".join(story.text.split())
        return text if len(text) <= 90 else text[:89] + "…"

    @admin.display(description="status", ordering="status")
    def status_badge(self, story: Story) -> str:
        return format_html('<span class="badge status-{}">{}</span>', story.status, story.get_status_display())

    @admin.display(description="flags", ordering="flags")
    def flag_badges(self, story: Story) -> str:
        return format_html_join(" ", '<span class="badge flag">{}</span>', ((label,) for label in story.flag_list))

    # Pages
    def get_urls(self):
        info = self.opts.app_label, self.opts.model_name
        return [
            path("<path:object_id>/moderate/", self.admin_site.admin_view(self.moderate_view),
                 name="{}_{}_moderate".format(*info)),
            path("<path:object_id>/preview/", self.admin_site.admin_view(self.preview_view),
                 name="{}_{}_preview".format(*info)),
        ] + super().get_urls()

    def change_view(self, request, object_id, form_url="", extra_context=None):
        story = self.get_object(request, object_id)
        if story is not None:
            name_flags, text_flags = story.name_flags(), story.text_flags()
            extra_context = {
                **(extra_context or {}),
                "story": story,
                "flags": name_flags + text_flags,
                "highlighted_name": highlight(story.display_name, name_flags),
                "highlighted_text": highlight(story.text, text_flags),
                "can_moderate": self.has_moderate_permission(request),
                "moderation_form": ModerationForm(),
            }
        return super().change_view(request, object_id, form_url, extra_context)

    def preview_view(self, request: HttpRequest, object_id: str) -> HttpResponse:
        """The story as the public page will show it, whatever its status."""
        if not self.has_view_permission(request):
            raise PermissionDenied
        story = get_object_or_404(Story.objects.select_related("topic", "condition"), pk=object_id)
        return render(request, "stories/preview.html", {"story": story, "topic": story.topic})

    def moderate_view(self, request: HttpRequest, object_id: str) -> HttpResponse:
        """Approve, reject or withdraw one story from its page, then go on to the next one waiting."""
        if request.method != "POST":
            return HttpResponseRedirect(reverse("admin:stories_story_change", args=[object_id]))
        if not self.has_moderate_permission(request):
            raise PermissionDenied
        story = get_object_or_404(Story, pk=object_id)
        form = ModerationForm(request.POST)
        step = request.POST.get("step")
        if not form.is_valid() or step not in ("approve", "reject", "withdraw"):
            self.message_user(request, "Choose approve, reject or withdraw.", messages.ERROR)
            return HttpResponseRedirect(reverse("admin:stories_story_change", args=[story.pk]))
        try:
            moderate(story, step, request.user, **form.cleaned_data)
        except TransitionError as error:
            self.message_user(request, str(error), messages.ERROR)
            return HttpResponseRedirect(reverse("admin:stories_story_change", args=[story.pk]))
        following = Story.objects.pending().order_by("submitted_at", "pk").first()
        if following is None:
            self.message_user(request, f"{story}: {story.get_status_display().lower()}. No more stories are waiting.",
                              messages.SUCCESS)
            return HttpResponseRedirect(reverse("admin:stories_story_changelist"))
        self.message_user(request, f"{story}: {story.get_status_display().lower()}. This is the next story waiting.",
                          messages.SUCCESS)
        return HttpResponseRedirect(reverse("admin:stories_story_change", args=[following.pk]))

    # Bulk actions
    @admin.action(description="Approve selected stories", permissions=["moderate"])
    def approve_selected(self, request, queryset) -> None:
        self._run(request, queryset, "approve", {})

    @admin.action(description="Reject selected stories (with a reason)…", permissions=["moderate"])
    def reject_selected(self, request, queryset):
        return self._with_reason(request, queryset, "reject", "Reject stories")

    @admin.action(description="Withdraw selected stories from the site…", permissions=["moderate"])
    def withdraw_selected(self, request, queryset):
        return self._with_reason(request, queryset, "withdraw", "Withdraw stories")

    def _with_reason(self, request, queryset, step: str, title: str):
        """An intermediate page asks for the reason (and a note) before the bulk step is taken."""
        form = ModerationForm(request.POST if "confirm" in request.POST else None)
        if form.is_bound and form.is_valid() and (step != "reject" or form.cleaned_data["reason"]):
            self._run(request, queryset, step, form.cleaned_data)
            return None
        if form.is_bound and step == "reject" and not form.cleaned_data.get("reason"):
            form.add_error("reason", "Choose a reason for the rejection.")
        return TemplateResponse(request, "admin/stories/story/moderate_selected.html", {
            **self.admin_site.each_context(request),
            "title": title, "step": step, "form": form, "stories": queryset, "opts": self.opts,
            "action": request.POST.get("action"), "selected": request.POST.getlist(ACTION_CHECKBOX_NAME),
            "action_checkbox_name": ACTION_CHECKBOX_NAME,
        })

    def _run(self, request, queryset, step: str, data: dict) -> None:
        done, refused = 0, []
        for story in queryset:
            try:
                moderate(story, step, request.user, **data)
                done += 1
            except TransitionError as error:
                refused.append(str(error))
        if done:
            verb = {"approve": "Approved", "reject": "Rejected", "withdraw": "Withdrew"}[step]
            self.message_user(request, f"{verb} {done} stor{'y' if done == 1 else 'ies'}.", messages.SUCCESS)
        for message in refused:
            self.message_user(request, message, messages.WARNING)


def moderate(story: Story, step: str, by, reason: str = "", note: str = "") -> None:
    if step == "approve":
        story.approve(by=by)
    elif step == "reject":
        story.reject(by=by, reason=reason, note=note)
    else:
        story.withdraw(by=by, note=note)


@admin.register(StoryEvent)
class StoryEventAdmin(admin.ModelAdmin):
    """The whole moderation log, searchable; read-only for everyone."""

    list_display = ("at", "story", "action", "by", "reason")
    list_filter = ("action", "reason", "at")
    search_fields = ("story__display_name", "note")
    list_select_related = ("story", "by")

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False
