"""Free text to findings: what a person says they have, and don't have, in their own words.

`parse(topic, text)` finds the topic's findings by their lay synonyms (knowledge.Synonym) and reads
each mention's context with medspaCy's ConText: "no fever" is fever absent; what someone else has
("my mum had melanoma"), what the person fears or asks about ("could it be cancer?") and what is past
and gone are not mentions at all, unless the topic has a finding for exactly that (a family history
of melanoma, a history of cancer). The text is read and forgotten: nothing here keeps or logs it.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass

from medspacy.ner import TargetMatcher, TargetRule

from backend.knowledge.models import Synonym
from backend.quiz import engine
from backend.quiz.loader import knowledge_base

from .pipeline import FINDINGS, LANGUAGE, NUMBER, Pipeline, Vocabulary, pipeline

EMERGENCY_LEVELS = ("emergency_ambulance", "emergency")
# "Between my shoulder blades" and "between the shoulder blades" are the same words to us.
DETERMINERS = ["my", "the", "a", "an", "your", "his", "her", "their", "our", "its", "this", "that", "these",
               "those", "some", "me", "i", "it"]
MAX_TEXT = 2000
# People put a word into a phrase ("can't feel anything when I wipe", "a painful red lump"): one may come
# between any two of its words, as long as it doesn't turn the meaning ("not", "no") or end the clause.
FILLER = {"IS_PUNCT": False, "NORM": {"NOT_IN": ["not", "no", "never", "and", "but", "or"]}, "LIKE_NUM": False,
          "OP": "?"}


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
class Parsed:
    mentions: tuple[Mention, ...]

    @property
    def emergency(self) -> bool:
        return any(m.is_emergency for m in self.mentions)

    def evidence(self) -> dict[str, str]:
        return {m.id: m.choice for m in self.mentions}


def is_family_finding(finding: engine.SymptomDef) -> bool:
    """A finding about the family itself (a family history): "my mum had melanoma" is it, present."""
    return finding.kind == "risk_factor" and "family" in f"{finding.id} {finding.name}".lower()


def is_history_finding(finding: engine.SymptomDef) -> bool:
    """A risk factor can lie in the past ("I had cancer five years ago" is a history of cancer)."""
    return finding.kind == "risk_factor"


class Reader:
    """The topics' finding matchers for one version of the content."""

    def __init__(self, kb: engine.KnowledgeBase, phrases: dict[str, list[str]], nlp: Pipeline) -> None:
        self.kb = kb
        self.nlp = nlp
        self.findings: dict[str, engine.SymptomDef] = {}
        self.matchers: dict[str, TargetMatcher] = {}
        words: set[str] = set()
        for topic in (t.id for t in kb.topics):
            # Spans in a group, not entities: "a painful red lump" is both a tender lump and a red one.
            matcher = TargetMatcher(nlp.nlp, name=f"findings-{topic}", result_type="group",
                                    span_group_name=FINDINGS, prune=False)
            rules = []
            for finding in kb.symptoms_of(topic):
                self.findings[finding.id] = finding
                for phrase in phrases.get(finding.id, ()):
                    pattern = self.pattern(phrase)
                    if pattern:
                        rules.append(TargetRule(phrase, finding.id, pattern=pattern))
                        words.update(step["_"]["canon"] for step in pattern if "_" in step and
                                     isinstance(step["_"]["canon"], str))
            matcher.add(rules)
            self.matchers[topic] = matcher
        self.vocabulary = Vocabulary(words)

    def pattern(self, phrase: str) -> list[dict]:
        """A spaCy Matcher pattern for a phrase, on the tokens' canon forms; '#' is any number."""
        pattern = []
        for token in self.nlp.make_doc(phrase):
            word = self.nlp.word(token)
            if pattern and "OP" not in pattern[-1]:
                pattern.append(FILLER)
            if token.text == NUMBER or word == NUMBER:
                pattern.append({"_": {"canon": NUMBER}})
            elif word in DETERMINERS:
                pattern.append({"_": {"canon": {"IN": DETERMINERS}}, "OP": "?"})
            elif token.is_punct:
                pattern.append({"IS_PUNCT": True, "OP": "?"})
            else:
                pattern.append({"_": {"canon": word}})
        return pattern

    def parse(self, topic: str, text: str, *, age: int | None = None, sex: str | None = None,
              for_someone_else: bool = False) -> Parsed:
        doc = self.nlp.read(self.nlp.make_doc(text, self.vocabulary), self.matchers[topic])
        found: dict[str, Mention] = {}
        for span in doc.spans[FINDINGS]:
            finding = self.findings[span.label_]
            if finding.sex not in ("any", None) and sex is not None and finding.sex != sex:
                continue
            choice = self.choice(span, finding, for_someone_else)
            if choice is None:
                continue
            earlier = found.get(finding.id)
            # Said twice: the first stands, unless a later one says it is present (never miss a red flag).
            if earlier is None or (earlier.choice == "absent" and choice == "present"):
                start = self.said_with(span) if choice == "absent" else span.start_char
                found[finding.id] = Mention(
                    id=finding.id, name=finding.name, kind=finding.kind, choice=choice,
                    orth=doc.text[start:span.end_char], start=start, end=span.end_char, min_level=finding.min_level,
                )
        return Parsed(tuple(sorted(found.values(), key=lambda m: m.start)))

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
        if span._.is_hypothetical:
            return None
        if span._.is_family and not (for_someone_else or is_family_finding(finding)):
            return None
        if span._.is_historical and not is_history_finding(finding):
            return None
        return "absent" if span._.is_negated else "present"


_lock = threading.Lock()
_state: dict = {"reader": None, "kb": None}


def phrases_by_finding(language: str = LANGUAGE) -> dict[str, list[str]]:
    phrases: dict[str, list[str]] = {}
    rows = Synonym.objects.filter(language=language, symptom__isnull=False).values_list("symptom__slug", "phrase")
    for slug, phrase in rows:
        phrases.setdefault(slug, []).append(phrase)
    return phrases


def reader() -> Reader:
    """The reader for the current content, rebuilt with the engine's knowledge base (after any edit)."""
    kb = knowledge_base()
    if _state["kb"] is not kb:
        with _lock:
            if _state["kb"] is not kb:
                _state["reader"] = Reader(kb, phrases_by_finding(), pipeline())
                _state["kb"] = kb
    return _state["reader"]


def reset() -> None:
    with _lock:
        _state.update(reader=None, kb=None)


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
    """An emergency the text describes in any topic's terms (for a question asked anywhere on the site)."""
    current = reader()
    flags: dict[str, str] = {}
    for topic in current.matchers:
        for mention in current.parse(topic, text).mentions:
            if mention.is_emergency:
                flags[mention.id] = mention.min_level
    if not flags:
        return None
    level = min(flags.values(), key=EMERGENCY_LEVELS.index)
    return Emergency(level=level, flags=tuple(flags))
