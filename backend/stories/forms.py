"""The story form: the same rules as the API (see text.py), a honeypot, and a consent that must be given."""

from __future__ import annotations

from django import forms

from backend.abuse.honeypot import HoneypotMixin
from backend.knowledge.models import Topic

from .models import AgeRange, Story, StorySex
from .text import LANGUAGE_CHOICES, clean_display_name, clean_plain_text, validate_display_name

# The fields that check themselves as soon as they change (htmx); the choices can't be wrong.
CHECKED_LIVE = ("display_name", "text", "consent")


class StoryForm(HoneypotMixin, forms.ModelForm):
    language = forms.ChoiceField(label="Language of your story", choices=LANGUAGE_CHOICES, initial="en")
    consent = forms.BooleanField(
        label="I agree that Backcheck may publish my story. It has no names, contact details or other "
              "personal information about me or anyone else.",
        error_messages={"required": "Please tick the box to agree before you send your story."},
    )

    class Meta:
        model = Story
        fields = ["display_name", "age_range", "sex", "condition", "language", "text"]
        labels = {
            "display_name": "Your first name or initials",
            "age_range": "Your age (optional)",
            "sex": "Your sex (optional)",
            "condition": "What did it turn out to be? (optional)",
            "text": "Your story",
        }
        help_texts = {
            "display_name": "Shown with your story, for example “Sam” or “K. P.”. Please don't give your full name.",
            "text": "What happened, what you did and how it went, in any language. 50 to 5,000 characters.",
        }
        widgets = {"text": forms.Textarea(attrs={"rows": 8})}
        error_messages = {"display_name": {"required": "Please give a first name or initials.",
                                           "max_length": "Please keep the name to %(limit_value)d characters or "
                                                         "fewer: a first name or initials."},
                          "text": {"required": "Please write your story."}}

    def __init__(self, *args, topic: Topic, check_url: str = "", **kwargs):
        kwargs.setdefault("auto_id", "story-%s")
        super().__init__(*args, **kwargs)
        self.topic = topic
        self.fields["age_range"].choices = [("", "Prefer not to say"), *AgeRange.choices]
        self.fields["sex"].choices = [("", "Prefer not to say"), *StorySex.choices]
        condition = self.fields["condition"]
        condition.queryset = topic.conditions.published().order_by("name")
        condition.empty_label = "I don't know, or it wasn't diagnosed"
        self.fields["display_name"].widget.attrs.update(autocomplete="given-name", spellcheck="false")
        self.fields["text"].widget.attrs["dir"] = "auto"
        self.fields["display_name"].widget.attrs["dir"] = "auto"
        if check_url:
            for name in CHECKED_LIVE:
                self.fields[name].widget.attrs.update({
                    "hx-post": check_url, "hx-target": f"#story-{name}-field", "hx-swap": "outerHTML",
                })

    def clean_display_name(self) -> str:
        name = clean_display_name(self.cleaned_data["display_name"])
        validate_display_name(name)
        return name

    def clean_text(self) -> str:
        return clean_plain_text(self.cleaned_data["text"])

    def submit(self) -> Story:
        data = self.cleaned_data
        return Story.objects.submit(
            topic=self.topic, condition=data["condition"], display_name=data["display_name"], text=data["text"],
            language=data["language"], age_range=data["age_range"], sex=data["sex"], via=Story.Via.WEB,
        )
