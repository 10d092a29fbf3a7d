"""The "Was this helpful?" form. The page it is about comes as a signed token made when the widget rendered."""

from __future__ import annotations

from dataclasses import dataclass

from django import forms
from django.core import signing
from django.utils.http import url_has_allowed_host_and_scheme

from backend.abuse.honeypot import HoneypotMixin
from backend.knowledge.models import Level

from .models import COMMENT_MAX, Plan

SALT = "backcheck.feedback.page"


@dataclass(frozen=True)
class Page:
    """What a widget asks about: the page key, the advice shown there, whether to ask the plan, its URL."""

    key: str
    advice: str = ""
    ask_plan: bool = False
    url: str = "/"

    def sign(self) -> str:
        return signing.dumps([self.key, self.advice, self.ask_plan, self.url], salt=SALT, compress=True)

    @classmethod
    def unsign(cls, token: str) -> Page:
        key, advice, ask_plan, url = signing.loads(token, salt=SALT)
        return cls(key, advice if advice in Level.values else "", bool(ask_plan), url)

    @property
    def anchor(self) -> str:
        return "feedback-" + "".join(ch if ch.isalnum() else "-" for ch in self.key.lower())

    def safe_url(self, request) -> str:
        ok = url_has_allowed_host_and_scheme(self.url, allowed_hosts={request.get_host()},
                                             require_https=request.is_secure())
        return self.url if ok else "/"


class FeedbackForm(HoneypotMixin, forms.Form):
    page = forms.CharField(widget=forms.HiddenInput)
    helpful = forms.TypedChoiceField(choices=[("yes", "Yes"), ("no", "No")], coerce=lambda value: value == "yes",
                                     required=False, empty_value=None)
    plan_after = forms.ChoiceField(label="What will you do now?", choices=Plan.choices, required=False,
                                   widget=forms.RadioSelect)
    plan_before = forms.ChoiceField(label="Before you used Backcheck, what were you going to do?",
                                    choices=[("", "Choose one (optional)"), *Plan.choices], required=False)
    comment = forms.CharField(label="Anything you'd like to tell us? (optional)", required=False,
                              max_length=COMMENT_MAX, widget=forms.Textarea(attrs={"rows": 3, "dir": "auto"}))

    def clean_page(self) -> Page:
        try:
            return Page.unsign(self.cleaned_data["page"])
        except (signing.BadSignature, ValueError, TypeError):
            raise forms.ValidationError("This form is out of date: please reload the page.") from None
