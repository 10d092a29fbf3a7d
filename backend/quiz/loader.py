"""The engine's knowledge base, built from the database once per process and rebuilt after edits.

A quiz step does no database query: the compiled knowledge base stays in memory. At most every
ENGINE_VERSION_CHECK_SECONDS, one read of the content version (from the shared cache, else the
database) tells whether an editor changed anything on any node; if so, it is rebuilt.
"""

from __future__ import annotations

import threading
import time

from django.conf import settings

from backend.knowledge.models import Condition, ContentVersion, Likelihood, QuestionGroup, Symptom, Topic, TriageRule

from . import engine

_lock = threading.Lock()
_state: dict = {"kb": None, "version": None, "checked_at": 0.0}


def build(version: int = 0) -> engine.KnowledgeBase:
    """Compile the published content into the engine's in-memory form.

    Plain value queries, not model instances: a worker rebuilds on every content edit, and building
    85 conditions' and 200 findings' objects with their topics took most of the rebuild."""
    topics = list(Topic.objects.published().values("pk", "slug", "title", "red_flag_question", "red_flag_why",
                                                   "default_level"))
    conditions = list(Condition.objects.published().values(
        "pk", "slug", "name", "icd10", "rarity", "urgency", "age_min", "age_max", "sex", "must_not_miss"))
    symptoms = list(Symptom.objects.values(
        "pk", "slug", "name", "question", "why_we_ask", "kind", "group__slug", "base_rate", "min_level", "sex",
        "order"))
    condition_topics = _members(Condition.topics.through, "condition_id")
    symptom_topics = _members(Symptom.topics.through, "symptom_id")
    published = {c["pk"] for c in conditions}
    topic_ids = {t["pk"] for t in topics}
    links = Likelihood.objects.filter(condition_id__in=published).values_list(
        "condition__slug", "symptom__slug", "probability", "constraint"
    )
    rule_findings: dict[int, list[str]] = {}
    for rule_id, slug in TriageRule.findings.through.objects.values_list("triagerule_id", "symptom__slug"):
        rule_findings.setdefault(rule_id, []).append(slug)
    return engine.KnowledgeBase.build(
        topics=[
            engine.TopicDef(
                id=t["slug"], title=t["title"], red_flag_question=t["red_flag_question"],
                red_flag_why=t["red_flag_why"], default_level=t["default_level"],
                condition_ids=tuple(c["slug"] for c in conditions if t["pk"] in condition_topics.get(c["pk"], ())),
                symptom_ids=tuple(s["slug"] for s in symptoms if t["pk"] in symptom_topics.get(s["pk"], ())),
            )
            for t in topics
        ],
        conditions=[
            engine.ConditionDef(
                id=c["slug"], name=c["name"], icd10=c["icd10"], rarity=c["rarity"], urgency=c["urgency"],
                age_min=c["age_min"], age_max=c["age_max"], sex=c["sex"], must_not_miss=c["must_not_miss"],
            )
            for c in conditions
            if condition_topics.get(c["pk"], set()) & topic_ids
        ],
        symptoms=[
            engine.SymptomDef(
                id=s["slug"], name=s["name"], question=s["question"], why=s["why_we_ask"], kind=s["kind"],
                group=s["group__slug"], base_rate=s["base_rate"], min_level=s["min_level"] or None,
                sex=s["sex"], order=s["order"],
            )
            for s in symptoms
        ],
        groups=[engine.GroupDef(id=g.slug, text=g.text, why=g.why_we_ask, type=g.type, ask_first=g.ask_first)
                for g in QuestionGroup.objects.all()],
        links=[engine.LinkDef(condition=c, symptom=s, probability=p, constraint=k) for c, s, p, k in links],
        rules=[
            engine.RuleDef(id=r.slug, name=r.name, level=r.level, findings=tuple(rule_findings.get(r.pk, ())),
                           age_min=r.age_min, age_max=r.age_max)
            for r in TriageRule.objects.all()
        ],
        version=version,
    )


def _members(through, owner: str) -> dict[int, set[int]]:
    """The topics of each condition or finding, from the many-to-many table itself."""
    members: dict[int, set[int]] = {}
    for owner_id, topic_id in through.objects.values_list(owner, "topic_id"):
        members.setdefault(owner_id, set()).add(topic_id)
    return members


def knowledge_base() -> engine.KnowledgeBase:
    """The current knowledge base for this process; checks the content version every few seconds."""
    now = time.monotonic()
    if _state["kb"] is not None and now - _state["checked_at"] < settings.ENGINE_VERSION_CHECK_SECONDS:
        return _state["kb"]
    with _lock:
        if _state["kb"] is not None and now - _state["checked_at"] < settings.ENGINE_VERSION_CHECK_SECONDS:
            return _state["kb"]
        version = ContentVersion.cached()
        if _state["kb"] is None or version != _state["version"]:
            _state["kb"] = build(version)
            _state["version"] = version
        _state["checked_at"] = now
        return _state["kb"]


def reset() -> None:
    """Drop this process's copy (tests use it to start from a known state)."""
    with _lock:
        _state.update(kb=None, version=None, checked_at=0.0)


class Derived:
    """Something built from the content, kept for as long as this process's knowledge base: rebuilt when it
    is (after any edit on any node), with no version check of its own."""

    def __init__(self, build) -> None:
        self._build = build
        self._lock = threading.Lock()
        self._kb = None
        self._value = None

    def __call__(self):
        kb = knowledge_base()
        if self._kb is not kb:
            with self._lock:
                if self._kb is not kb:
                    self._value = self._build(kb)
                    self._kb = kb
        return self._value

    def reset(self) -> None:
        """Drop this process's copy (tests use it to start from a known state)."""
        with self._lock:
            self._kb = self._value = None
