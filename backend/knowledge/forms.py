"""The search box and the ask box, as forms: Django's CharField already refuses what no page can hold."""

from django import forms

from .models import PageKind


class SearchForm(forms.Form):
    # A CharField refuses a NUL character, which PostgreSQL can't compare a text column with.
    q = forms.CharField(
        label="Condition or symptom", required=False, max_length=100,
        error_messages={
            "null_characters_not_allowed": "The search has a character in it that isn't text. Please type it again.",
            "max_length": "Search for %(limit_value)d characters or fewer.",
        },
    )


class AskForm(forms.Form):
    """A question about the page it is asked on. The question is only read, never kept."""

    MAX_LENGTH = 500

    question = forms.CharField(
        label="Ask a question about this page", max_length=MAX_LENGTH,
        error_messages={
            "required": "Type your question, for example “Can a lipoma turn into cancer?”",
            "max_length": "Make your question %(limit_value)d characters or fewer (it has %(show_value)d).",
            "null_characters_not_allowed": "The question has a character in it that isn't text. Please type it again.",
        },
    )
    kind = forms.ChoiceField(choices=PageKind.choices)
    slug = forms.SlugField(required=False, max_length=80)

    def page_is_valid(self) -> bool:
        """Whether the hidden fields name a page (the question may still need fixing)."""
        self.is_valid()
        return "kind" not in self.errors and "slug" not in self.errors
