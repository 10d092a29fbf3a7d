"""A honeypot field: hidden from people (and screen readers), filled in by form-filling bots."""

from django import forms

HONEYPOT_FIELD = "homepage"


class HoneypotMixin(forms.Form):
    """A form with a field people never see; `caught_a_bot` is true when something filled it in."""

    homepage = forms.CharField(
        required=False, label="Leave this field empty",
        widget=forms.TextInput(attrs={"autocomplete": "off", "tabindex": "-1"}),
    )

    @property
    def caught_a_bot(self) -> bool:
        return bool(self.data.get(HONEYPOT_FIELD))
