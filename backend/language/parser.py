"""Free text to findings: what a person says they have, and don't have, in their own words.

`parse(topic, text)` finds the topic's findings by their lay synonyms (knowledge.Synonym) and reads
each mention's context with medspaCy's ConText: "no fever" is fever absent; what someone else has
("my mum had melanoma"), what the person fears or asks about ("could it be cancer?") and what is past
and gone are not mentions at all, unless the topic has a finding for exactly that (a family history
of melanoma, a history of cancer). The text is read and forgotten: nothing here keeps or logs it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from medspacy.ner import TargetMatcher, TargetRule

from backend.knowledge.models import Synonym
from backend.quiz import engine
from backend.quiz.loader import Derived

from .pipeline import FINDINGS, LANGUAGE, NUMBER, Pipeline, Vocabulary, pipeline
from .rules import ASKED_CAUSE, FREQUENCY, about_someone_else

EMERGENCY_LEVELS = ("emergency_ambulance", "emergency")
# "Between my shoulder blades" and "between the shoulder blades" are the same words to us.
DETERMINERS = ["my", "the", "a", "an", "your", "his", "her", "their", "our", "its", "this", "these", "those",
               "some"]
MAX_TEXT = 2000
# In a synonym, "spreading redness + fever": each part must be said, anywhere in the text.
AND = "+"
# In a synonym, "#" is any number and "#2-14" a number from 2 to 14 ("#2-14 days"); either bound may be left
# out ("#38-" is 38 or more).
NUMBER_RANGE = re.compile(r"#(?P<low>\d+(?:\.\d+)?)?(?:-(?P<high>\d+(?:\.\d+)?)?)?")
# People put words into a phrase ("can't feel anything when I wipe", "both my legs have gone weak"): up to
# three may come between any two of its words, as long as they don't turn the meaning ("not", "no"), end the
# clause or join another finding ("I haven't had a fever or a fall" is not "had ... a fall" with the negation
# left behind).
FILLER = {"IS_PUNCT": False, "LIKE_NUM": False, "OP": "{0,3}", "NORM": {"NOT_IN": [
    "not", "no", "never", "and", "or", "but", "\n", "when", "if", "because", "after", "while", "since"]}}


@dataclass(frozen=True, slots=True)
class Mention:
    id: str
    name: str
    kind: str
    choice: str  # present | absent
    orth: str
    start: int
    end: int
    min_level: str | None

    @property
    def is_emergency(self) -> bool:
        return self.choice == "present" and self.min_level in EMERGENCY_LEVELS


@dataclass(frozen=True, slots=True)
class Confirmable:
    """A finding shown again on the confirm screen (from the posted ids: the words are gone by then)."""

    id: str
    name: str
    choice: str = ""
    orth: str = ""


@dataclass(frozen=True, slots=True)
class Parsed:
    mentions: tuple[Mention, ...]

    @property
    def emergency(self) -> bool:
        return any(m.is_emergency for m in self.mentions)

    def evidence(self) -> dict[str, str]:
        return {m.id: m.choice for m in self.mentions}


def is_family_finding(finding: engine.SymptomDef) -> bool:
    """A finding about someone else by definition, a family history or being near someone who has an illness:
    "my mum had melanoma" and "my wife tested positive for covid" are it, present."""
    return finding.kind == "risk_factor" and (
        "family" in f"{finding.id} {finding.name}".lower() or "contact with" in finding.name.lower())


def is_history_finding(finding: engine.SymptomDef) -> bool:
    """A history lies in the past by definition ("I had cancer five years ago" is a history of cancer); a recent
    event or a habit does not ("used to smoke" is not smoking), nor how long something lasted back then ("took
    steroids for 6 months last year" is not a complaint of 6 months)."""
    words = f"{finding.id} {finding.name}".lower()
    return finding.kind == "risk_factor" and any(w in words for w in ("history", "previous", "known", "before"))


class Reader:
    """The topics' finding matchers for one version of the content."""

    def __init__(self, kb: engine.KnowledgeBase, phrases: dict[str, list[str]], nlp: Pipeline) -> None:
        self.kb = kb
        self.nlp = nlp
        self.findings: dict[str, engine.SymptomDef] = {}
        self.matchers: dict[str, TargetMatcher] = {}
        self.compounds: dict[tuple[str, int], int] = {}
        words: set[str] = set()
        for topic in (t.id for t in kb.topics):
            # Spans in a group, not entities: "a painful red lump" is both a tender lump and a red one.
            matcher = TargetMatcher(nlp.nlp, name=f"findings-{topic}", result_type="group",
                                    span_group_name=FINDINGS, prune=False)
            rules = []
            for finding in kb.symptoms_of(topic):
                self.findings[finding.id] = finding
                # The finding's own name is in plain words too ("Fever", "Pins and needles").
                for number, phrase in enumerate((finding.name, *phrases.get(finding.id, ()))):
                    parts = [part.strip() for part in phrase.split(AND)]
                    for index, part in enumerate(parts):
                        pattern = self.pattern(part)
                        if not pattern:
                            continue
                        # One part of "spreading redness + fever" is labelled with its finding, phrase and part.
                        label = finding.id if len(parts) == 1 else f"{finding.id}{AND}{number}{AND}{index}"
                        rules.append(TargetRule(part, label, pattern=pattern))
                        words.update(self.nlp.word(token) for token in self.nlp.make_doc(part))
                    if len(parts) > 1:
                        self.compounds[(finding.id, number)] = len(parts)
            matcher.add(rules)
            self.matchers[topic] = matcher
        self.vocabulary = Vocabulary(words)

    def pattern(self, phrase: str) -> list[dict]:
        """A spaCy Matcher pattern for a phrase, on the tokens' canon forms; '#' is a number (NUMBER_RANGE)."""
        pattern = []
        for piece in phrase.split():
            number = NUMBER_RANGE.fullmatch(piece)
            for token in [None] if number else self.nlp.make_doc(piece):
                if pattern and "OP" not in pattern[-1]:
                    pattern.append(FILLER)
                pattern.append(self.number_element(number) if number else self.element(token))
        return pattern

    @staticmethod
    def number_element(number: re.Match) -> dict:
        low, high = number["low"], number["high"]
        if "-" not in number.group():
            high = low  # "#3" is exactly three
        bounds = {">=": float(low) if low else 0.0}
        if high:
            bounds["<="] = float(high)
        return {"_": {"number": bounds}}

    def element(self, token) -> dict:
        word = self.nlp.word(token)
        if word == NUMBER:
            return {"_": {"number": {">=": 0.0}}}
        if word in DETERMINERS:
            return {"_": {"canon": {"IN": [self.nlp.stem(d) for d in DETERMINERS]}}, "OP": "?"}
        if token.is_punct:
            return {"IS_PUNCT": True, "OP": "?"}
        return {"_": {"canon": self.nlp.stem(word)}}

    def parse(self, topic: str, text: str, *, age: int | None = None, sex: str | None = None,
              for_someone_else: bool = False) -> Parsed:
        doc = self.nlp.read(self.nlp.make_doc(text, self.vocabulary), self.matchers[topic])
        for_someone_else = for_someone_else or about_someone_else(doc)
        found: dict[str, Mention] = {}
        parts: dict[tuple[str, int], dict[int, tuple[int, int]]] = {}
        for span in self.most_specific(doc.spans[FINDINGS], self.findings):
            finding_id, *part = span.label_.split(AND)
            finding = self.findings[finding_id]
            if finding.sex not in ("any", None) and sex is not None and finding.sex != sex:
                continue
            choice = self.choice(span, finding, for_someone_else)
            if part:
                if choice == "present":
                    parts.setdefault((finding_id, int(part[0])), {})[int(part[1])] = (span.start_char, span.end_char)
            elif choice is not None:
                start = self.said_with(span) if choice == "absent" else span.start_char
                self.add(found, doc.text, finding, choice, start, span.end_char)
        # Every part of a phrase like "spreading redness + fever" said, each as the person's own: the finding.
        for (finding_id, number), spans in parts.items():
            if len(spans) == self.compounds[(finding_id, number)]:
                start, end = min(a for a, _ in spans.values()), max(b for _, b in spans.values())
                self.add(found, doc.text, self.findings[finding_id], "present", start, end)
        return Parsed(tuple(sorted(found.values(), key=lambda m: m.start)))

    @staticmethod
    def most_specific(spans, findings: dict[str, engine.SymptomDef]) -> list:
        """Each match, but not one that ends a longer match of another finding: "hay fever" is not a fever.
        One inside a longer match that ends elsewhere stands ("a painful red lump" is red, and painful), and
        so does a part of a "+" phrase (the "temp" of "high temp" still counts towards "temp + confused"), and
        a red flag: "sudden ripping pain" is a sudden pain and a tearing one. A part of a "+" phrase says only
        part of its finding, so it takes nothing away: "high fever" of "high fever + confused" is still a fever."""
        ends: dict[int, list] = {}
        for span in spans:
            ends.setdefault(span.end, []).append(span)
        return [span for span in spans if AND in span.label_ or findings[span.label_].min_level in EMERGENCY_LEVELS
                or not any(
            other.start < span.start and AND not in other.label_ and other.label_ != span.label_
            for other in ends[span.end])]

    @staticmethod
    def add(found: dict[str, Mention], text: str, finding: engine.SymptomDef, choice: str, start: int, end: int):
        earlier = found.get(finding.id)
        # Said twice: the first stands, unless a later one says it is present (never miss a red flag).
        if earlier is None or (earlier.choice == "absent" and choice == "present") or \
                (earlier.choice == choice and start < earlier.start):
            found[finding.id] = Mention(id=finding.id, name=finding.name, kind=finding.kind, choice=choice,
                                        orth=text[start:end], start=start, end=end, min_level=finding.min_level)

    @staticmethod
    def said_with(span) -> int:
        """Where a negated mention starts: with its negation when that comes right before ("no fever")."""
        for modifier in span._.modifiers:
            if modifier.category == "NEGATED_EXISTENCE" and modifier.modifier_span[1] == span.start:
                return span.doc[modifier.modifier_span[0]].idx
        return span.start_char

    @staticmethod
    def choice(span, finding: engine.SymptomDef, for_someone_else: bool) -> str | None:
        """present, absent, or None when the words are not about the person's own finding now."""
        categories = {modifier.category for modifier in span._.modifiers}
        if span._.is_hypothetical or ASKED_CAUSE in categories:
            return None
        # Someone else's finding is not the person's, except an emergency: "my dad has a fever and he's all
        # muddled" may well be typed by the one looking after him, and a red flag is never dropped.
        if span._.is_family and not (for_someone_else or is_family_finding(finding)
                                     or finding.min_level in EMERGENCY_LEVELS):
            return None
        if span._.is_historical and not is_history_finding(finding):
            return None
        if finding.kind == "duration" and FREQUENCY in categories:
            return None
        return "absent" if span._.is_negated else "present"


def phrases_by_finding(language: str = LANGUAGE) -> dict[str, list[str]]:
    phrases: dict[str, list[str]] = {}
    rows = Synonym.objects.filter(language=language, symptom__isnull=False).values_list("symptom__slug", "phrase")
    for slug, phrase in rows:
        phrases.setdefault(slug, []).append(phrase)
    return phrases


# The reader for the current content, rebuilt with the engine's knowledge base (after any edit).
reader = Derived(lambda kb: Reader(kb, phrases_by_finding(), pipeline()))
reset = reader.reset


def parse(topic: str, text: str, *, age: int | None = None, sex: str | None = None,
          for_someone_else: bool = False) -> Parsed:
    """The findings of `topic` mentioned in `text` (a KeyError for an unknown topic)."""
    current = reader()
    if topic not in current.matchers:
        raise KeyError(topic)
    return current.parse(topic, text, age=age, sex=sex, for_someone_else=for_someone_else)


@dataclass(frozen=True, slots=True)
class Emergency:
    level: str
    flags: tuple[str, ...]


def emergency(text: str) -> Emergency | None:
    """An emergency the text describes in any topic's terms (for a question asked anywhere on the site): a
    finding that is an emergency by itself, or findings that together make one by the topic's triage rules
    ("32 weeks pregnant" with "contractions every 10 minutes"), as the quiz would decide from the same answers."""
    current = reader()
    flags: dict[str, None] = {}
    levels: list[str] = []
    for topic in current.matchers:
        mentions = current.parse(topic, text).mentions
        case = engine.Case(topic=topic, evidence=tuple(engine.Evidence(m.id, m.choice) for m in mentions))
        reading = engine.Reading(current.kb, case)
        if found := reading.emergency_findings():
            flags.update(dict.fromkeys(found))
            levels.append(reading.forced_level())
    if not flags:
        return None
    return Emergency(level=min(levels, key=EMERGENCY_LEVELS.index), flags=tuple(flags))
