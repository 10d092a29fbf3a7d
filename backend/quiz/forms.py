"""Forms for each quiz step; a question's form is built from the engine's question."""

from django import forms

from . import engine

SEX_CHOICES = [("female", "Female"), ("male", "Male"), ("", "I'd rather not say")]


class WhoForm(forms.Form):
    who = forms.ChoiceField(
        choices=[("me", "Me"), ("other", "Someone else")], widget=forms.RadioSelect,
        error_messages={"required": "Choose who the answers are about."},
    )


class AboutForm(forms.Form):
    age = forms.IntegerField(
        min_value=0, max_value=120,
        widget=forms.NumberInput(attrs={"inputmode": "numeric", "autocomplete": "off"}),
        error_messages={
            "required": "Enter an age in whole years (0 for a baby under one).",
            "invalid": "Enter an age in whole years, for example 34.",
            "min_value": "Enter an age between 0 and 120.",
            "max_value": "Enter an age between 0 and 120.",
        },
    )
    sex = forms.ChoiceField(choices=SEX_CHOICES, required=False, widget=forms.RadioSelect)


class QuestionForm(forms.Form):
    """One engine question: yes / no / don't know, pick one, or pick all that apply.

    The form's `items` field carries the ids the question was shown with, so an answer to a question
    that has since changed (or a forged one) is recognised instead of being stored.
    """

    def __init__(self, question: engine.Question, *args, **kwargs):
        # The page writes its own labels: no label suffix, and so no translation look-up per step.
        kwargs.setdefault("label_suffix", "")
        super().__init__(*args, **kwargs)
        self.question = question
        self.item_ids = [item.id for item in question.items]
        if self.is_bound:
            # Fields are needed only to read an answer: showing a question writes its inputs directly
            # (see options()), so a page that only asks builds no field at all.
            self.fields["items"] = forms.CharField(widget=forms.HiddenInput)
            self.fields.update(self._answer_fields())

    def _labels(self) -> list[tuple[str, str]]:
        labels = [(item.id, item.name) for item in self.question.items]
        return labels + [("unknown", "I don't know")] if self.question.type == "group_single" else labels

    def _answer_fields(self) -> dict[str, forms.Field]:
        if self.question.type == "single":
            return {"answer": forms.ChoiceField(choices=[(c, c) for c in engine.CHOICES])}
        if self.question.type == "group_single":
            return {"answer": forms.ChoiceField(
                choices=self._labels(), widget=forms.RadioSelect,
                error_messages={"required": "Choose one answer, or \"I don't know\"."},
            )}
        return {
            "checked": forms.MultipleChoiceField(choices=self._labels(), required=False,
                                                 widget=forms.CheckboxSelectMultiple),
            "answer": forms.ChoiceField(choices=[("checked", "checked"), ("none", "none"), ("unknown", "unknown")],
                                        required=False),
        }

    def matches_question(self) -> bool:
        return self.data.get("items", "") == ",".join(self.item_ids)

    def choices(self) -> dict[str, str]:
        """The answer as engine evidence: every item of the question with its choice."""
        answer = self.cleaned_data.get("answer")
        ids = self.item_ids
        if self.question.type == "single":
            return {ids[0]: answer}
        if answer == "unknown":
            return dict.fromkeys(ids, "unknown")
        if self.question.type == "group_single":
            return {i: "present" if i == answer else "absent" for i in ids}
        checked = set(self.cleaned_data.get("checked") or [])
        if answer == "none":
            checked = set()
        return {i: "present" if i in checked else "absent" for i in ids}

    def options(self) -> list[tuple[str, str, bool]]:
        """(value, label, checked) for each radio or checkbox, from the posted or the earlier answer.

        The page writes its inputs directly from these: rendering each through a widget template
        costs more than the rest of a quiz step together."""
        if self.question.type == "single":
            return []
        name = "answer" if self.question.type == "group_single" else "checked"
        if self.is_bound:
            chosen = set(self.data.getlist(name)) if hasattr(self.data, "getlist") else {self.data.get(name)}
        else:
            value = self.initial.get(name)
            chosen = set(value) if isinstance(value, list) else {value}
        return [(value, label, value in chosen) for value, label in self._labels()]

    def initial_from(self, choices: dict[str, str] | None) -> None:
        """Preselect a previous answer when someone comes back to a question."""
        if not choices:
            return
        if self.question.type == "group_single":
            picked = [i for i, c in choices.items() if c == "present"]
            self.initial["answer"] = picked[0] if picked else "unknown"
        elif self.question.type == "group_multiple":
            self.initial["checked"] = [i for i, c in choices.items() if c == "present"]


class RedFlagForm(forms.Form):
    """The red-flag screen. A ticked sign always counts: "I have none of these" pressed with boxes ticked
    is read as the ticks, since dropping a sign someone ticked could hide an emergency."""

    flags = forms.MultipleChoiceField(required=False, widget=forms.CheckboxSelectMultiple)

    def __init__(self, question: engine.Question, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.item_ids = [item.id for item in question.items]
        self.fields["flags"].choices = [(item.id, item.name) for item in question.items]

    def choices(self) -> dict[str, str]:
        checked = set(self.cleaned_data["flags"])
        return {i: "present" if i in checked else "absent" for i in self.item_ids}


class DescribeForm(forms.Form):
    """"Describe it in your own words": read once, never kept (only the findings the person confirms are)."""

    text = forms.CharField(
        required=False, max_length=2000, strip=True,
        widget=forms.Textarea(attrs={"rows": 4, "maxlength": 2000, "autocomplete": "off", "spellcheck": "true"}),
        error_messages={"max_length": "Please keep it under 2,000 characters (you wrote %(show_value)s)."},
    )


class ConfirmForm(forms.Form):
    """"Here's what we understood": each finding read from the words, to keep, change or leave out."""

    CHOICES = [("present", "Yes"), ("absent", "No"), ("", "Leave it out")]

    def __init__(self, mentions, *args, **kwargs):
        kwargs.setdefault("label_suffix", "")
        super().__init__(*args, **kwargs)
        self.mentions = list(mentions)
        self.fields["items"] = forms.CharField(widget=forms.HiddenInput, initial=",".join(m.id for m in self.mentions))
        for mention in self.mentions:
            self.fields[f"f-{mention.id}"] = forms.ChoiceField(
                label=mention.name, choices=self.CHOICES, required=False, widget=forms.RadioSelect,
                initial=mention.choice,
            )

    def rows(self):
        """Each mention with its radio buttons, for the template."""
        return [(mention, self[f"f-{mention.id}"]) for mention in self.mentions]

    def confirmed(self) -> dict[str, str]:
        return {m.id: self.cleaned_data[f"f-{m.id}"] for m in self.mentions if self.cleaned_data.get(f"f-{m.id}")}
