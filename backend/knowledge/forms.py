"""The search box, as a form: Django's CharField already refuses what no page can hold."""

from django import forms


class SearchForm(forms.Form):
    # A CharField refuses a NUL character, which PostgreSQL can't compare a text column with.
    q = forms.CharField(
        label="Condition or symptom", required=False, max_length=100,
        error_messages={
            "null_characters_not_allowed": "The search has a character in it that isn't text. Please type it again.",
            "max_length": "Search for %(limit_value)d characters or fewer.",
        },
    )
