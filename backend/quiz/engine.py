"""The triage engine: naive Bayes with a leak, red-flag rules, and the next question by information gain.

Pure Python and numpy, no Django. `KnowledgeBase.build` compiles the content once into per-topic
arrays; `next_step` and `explain` only read them, so a request costs O(links of the topic), never
O(conditions x symptoms). Every hypothesis is scored in log space.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from types import MappingProxyType
from typing import NamedTuple

import numpy as np

# The care ladder, most urgent first. It mirrors knowledge.models.Level, which the engine may not import.
LEVELS = ("emergency_ambulance", "emergency", "consultation_24", "consultation", "self_care")
LEVEL_RANK = MappingProxyType({level: rank for rank, level in enumerate(LEVELS)})
EMERGENCY_LEVELS = frozenset(LEVELS[:2])
CHOICES = ("present", "absent", "unknown")
RARITIES = ("common", "uncommon", "rare", "very_rare")

LABELS = MappingProxyType({
    "emergency_ambulance": "Call an ambulance now",
    "emergency": "Go to the emergency department now",
    "consultation_24": "See a doctor within 24 hours",
    "consultation": "Book an appointment with a doctor",
    "self_care": "Look after it at home",
})

ADVICE = MappingProxyType({
    "emergency_ambulance": (
        "Call your local emergency number (999, 112 or 911) now. Don't drive yourself; "
        "stay where people can reach you and unlock the door if you are alone."
    ),
    "emergency": (
        "Go to the nearest emergency department now, with someone else driving. "
        "If you get worse on the way or can't get there safely, call an ambulance."
    ),
    "consultation_24": (
        "Contact a doctor or an urgent care service today or early tomorrow. "
        "Go to the emergency department straight away if you get much worse "
        "or notice any of the warning signs we asked about."
    ),
    "consultation": (
        "Book an appointment with your doctor in the next few days. "
        "Get help sooner if it gets worse quickly or any of the warning signs we asked about appear."
    ),
    "self_care": (
        "This can usually be looked after at home. "
        "Book a doctor's appointment if it isn't getting better within two weeks, "
        "and get urgent help if any of the warning signs we asked about appear."
    ),
})

SCREEN_WHY = "These signs can mean you need care straight away, so we check them before anything else."

# Figures from the content are estimates: a likelihood of exactly 0 or 1 would let one answer veto
# a condition for good, so every likelihood stays strictly inside (0, 1).
P_FLOOR, P_CEIL = 0.001, 0.999
ALWAYS_FLOOR, NEVER_CEIL = 0.95, 0.01
BASE_FLOOR, BASE_CEIL = 0.0001, 0.5

_SEX_CODE = MappingProxyType({"any": 0, "female": 1, "male": 2})
_NO_LEVEL = len(LEVELS)  # rank of "no minimum", below self_care
_SELF_CARE = LEVEL_RANK["self_care"]
_CONSULTATION = LEVEL_RANK["consultation"]
_CONSULTATION_24 = LEVEL_RANK["consultation_24"]
_EMERGENCY = LEVEL_RANK["emergency"]


# ---------------------------------------------------------------------------------------------
# Inputs


@dataclass(frozen=True, slots=True)
class SymptomDef:
    id: str
    name: str
    question: str
    why: str = ""
    kind: str = "symptom"  # symptom | risk_factor | duration | red_flag
    group: str | None = None
    base_rate: float = 0.02
    min_level: str | None = None
    sex: str = "any"
    order: int = 0


@dataclass(frozen=True, slots=True)
class GroupDef:
    id: str
    text: str
    why: str = ""
    type: str = "group_multiple"  # group_single | group_multiple
    ask_first: bool = False  # asked right after the red-flag screen, in content order


@dataclass(frozen=True, slots=True)
class ConditionDef:
    id: str
    name: str
    icd10: str
    rarity: str
    urgency: str
    age_min: int = 0
    age_max: int = 120
    sex: str = "any"
    must_not_miss: bool = False  # serious though not urgent (a cancer): confirmed or ruled out once plausible


@dataclass(frozen=True, slots=True)
class RuleDef:
    """Findings that together set a minimum care level (each answered present, the age in range)."""

    id: str
    name: str
    level: str
    findings: tuple[str, ...]
    age_min: int | None = None
    age_max: int | None = None


@dataclass(frozen=True, slots=True)
class LinkDef:
    condition: str
    symptom: str
    probability: float
    constraint: str = ""  # "" | always | never


@dataclass(frozen=True, slots=True)
class TopicDef:
    id: str
    title: str
    red_flag_question: str = "Since this started, have you had any of these, even if they have gone?"
    red_flag_why: str = SCREEN_WHY
    default_level: str = "consultation"
    condition_ids: tuple[str, ...] = ()
    symptom_ids: tuple[str, ...] = ()


class Evidence(NamedTuple):
    """One answer about one finding. A named tuple: a quiz step builds a few dozen of them."""

    id: str
    choice: str  # present | absent | unknown


@dataclass(frozen=True, slots=True)
class Case:
    topic: str
    age: int | None = None
    sex: str | None = None
    evidence: tuple[Evidence, ...] = ()
    continue_after_emergency: bool = False


def _mapping(**values: float) -> Mapping[str, float]:
    return MappingProxyType(values)


@dataclass(frozen=True, slots=True)
class Settings:
    """Every tunable number of the model and the interview, to be fitted on clinical vignettes."""

    rarity_weight: Mapping[str, float] = field(
        default_factory=lambda: _mapping(common=1.0, uncommon=0.3, rare=0.08, very_rare=0.02)
    )
    # "None of the listed conditions" is weighed like one more, roughly uncommon, condition.
    leak_weight: float = 0.3
    age_outside_factor: float = 0.1
    sex_mismatch_factor: float = 0.01
    # A condition this likely sets the level to its urgency; emergencies count at a lower posterior
    # because missing one costs far more than an unneeded visit.
    condition_threshold: Mapping[str, float] = field(
        default_factory=lambda: _mapping(
            emergency_ambulance=0.08, emergency=0.1, consultation_24=0.25, consultation=0.3,
        )
    )
    # Self-care conditions never raise the level, but home care is only advised when together they
    # hold this much of the posterior; otherwise we can't tell, and a doctor should look.
    self_care_mass: float = 0.5
    # ... and only on what the person has told us they have: "don't know" answers never add up to it.
    self_care_min_present: int = 2
    # Questions are chosen to tell apart the conditions weighted by what missing them would cost, so
    # the interview rules dangerous causes in or out before it splits hairs between harmless ones.
    question_urgency_weight: Mapping[str, float] = field(
        default_factory=lambda: _mapping(
            emergency_ambulance=6.0, emergency=6.0, consultation_24=2.5, consultation=1.2, self_care=1.0,
        )
    )
    # A serious condition this likely (and not yet settled) is the interview's suspect: the next
    # questions weigh it as much as everything else together, so they confirm it or rule it out.
    # A finding that would make the advice more urgent is asked before any other question the model
    # picks when it is at least this likely to be present.
    safety_question_min_p: float = 0.05
    suspect_threshold: float = 0.1
    suspect_settled: float = 0.85
    stop_leader: float = 0.75
    min_questions: int = 6
    min_gain: float = 0.06
    max_questions: int = 15
    max_conditions: int = 10
    serious_per_condition: int = 3
    min_reason_weight: float = 0.05
    # How a clinician reads a likelihood when giving reasons: a finding the condition causes in at least
    # a fifth of cases is typical of it, in at least half it usually comes with it, in a tenth or fewer
    # it rarely does.
    typical_finding: float = 0.2
    usual_finding: float = 0.5
    rare_finding: float = 0.1


DEFAULT_SETTINGS = Settings()


# ---------------------------------------------------------------------------------------------
# Outputs


@dataclass(frozen=True, slots=True)
class QuestionItem:
    id: str
    name: str
    kind: str
    choices: tuple[str, ...] = CHOICES


@dataclass(frozen=True, slots=True)
class Question:
    type: str  # single | group_single | group_multiple
    text: str
    explanation: str
    items: tuple[QuestionItem, ...]


@dataclass(frozen=True, slots=True)
class RankedCondition:
    id: str
    name: str
    icd10: str
    probability: float
    rarity: str
    urgency: str


@dataclass(frozen=True, slots=True)
class Serious:
    id: str
    name: str
    is_emergency: bool


@dataclass(frozen=True, slots=True)
class Triage:
    level: str
    label: str
    advice: str
    serious: list[Serious]


@dataclass(frozen=True, slots=True)
class Step:
    question: Question | None
    should_stop: bool
    conditions: list[RankedCondition]
    triage: Triage
    questions_asked: int
    unexplained: float
    progress: float


@dataclass(frozen=True, slots=True)
class Forced:
    """What the answers force by themselves: the most urgent level (None when none), and the findings and
    combination rules that make it an emergency (as emergency_findings)."""

    level: str | None
    emergency: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class Reason:
    id: str
    name: str
    choice: str
    weight: float


@dataclass(frozen=True, slots=True)
class Explanation:
    target: str
    supporting: list[Reason]
    conflicting: list[Reason]


# ---------------------------------------------------------------------------------------------
# The compiled form


@dataclass(frozen=True, slots=True)
class _QuestionSpec:
    type: str
    text: str
    why: str
    items: tuple[int, ...]  # symptom indices, in display order
    ask_first: bool = False


@dataclass(frozen=True, slots=True)
class _Rule:
    """A combination rule as the topic's finding indices."""

    id: str
    name: str
    rank: int
    findings: frozenset[int]
    age_min: int | None
    age_max: int | None

    def applies(self, present: set[int], age: int | None) -> bool:
        # An unknown age can't rule a rule out: the cautious reading applies it.
        in_range = age is None or ((self.age_min is None or age >= self.age_min)
                                   and (self.age_max is None or age <= self.age_max))
        return in_range and self.findings <= present


@dataclass(frozen=True, slots=True, eq=False)
class _Links:
    """Every link of a topic, as arrays in CSR order: by finding, then by condition within a finding.

    An unlinked condition answers a finding with its base rate, as the leak does, so a request only
    ever touches the links of the findings involved: O(links), never O(conditions x findings)."""

    indptr: np.ndarray  # the links of finding i are indptr[i]:indptr[i + 1]
    condition: np.ndarray
    symptom: np.ndarray
    p: np.ndarray  # P(finding | condition)
    dp: np.ndarray  # P - base: the part of a mixture that differs from "unlinked"
    # How an answer (a row each: unanswered, present, absent) moves the condition's log posterior
    # against the leak and the unlinked conditions, which share the base rate
    dlog: np.ndarray
    order: np.ndarray  # 0 .. links - 1, to pick one row of dlog per link
    dentropy: np.ndarray  # H(P) - H(base): a link's share of a finding's conditional entropy


@dataclass(frozen=True, slots=True, eq=False)
class _PickOne:
    """The pick-one questions as blocks of (item, column) pairs: a column per condition linked to any
    item of the question, plus one "everyone else" column, so their categorical gain is vectorised too."""

    questions: np.ndarray  # the question index of each block
    items: np.ndarray  # every block's items, block after block
    item_question: np.ndarray  # ... and the question each belongs to
    pair_item: np.ndarray
    pair_column: np.ndarray
    odds: np.ndarray  # per pair: the odds of the item under the column's condition
    column_condition: np.ndarray  # -1 for an "everyone else" column
    column_question: np.ndarray
    real_columns: np.ndarray  # the columns of a condition ...
    rest_columns: np.ndarray  # ... and the "everyone else" ones


@dataclass(frozen=True, slots=True, eq=False)
class _ForSex:
    """What depends only on the person's sex (unknown, female or male): worked out once per topic,
    not on every step."""

    askable: np.ndarray  # per symptom: may it be asked of this person
    item_askable: np.ndarray  # the same, per symptom that belongs to a question
    question_open: np.ndarray  # per question: has at least one askable item
    pick_one_q: np.ndarray  # per pick-one pair: P(this item | column), given exactly one item is true
    pick_one_column_entropy: np.ndarray  # per pick-one column: the entropy of its item distribution
    # Every question as this person is asked it (items not meant for them left out), and the red-flag
    # screen (None if no flag applies): built once, as the engine hands out the same ones again and again.
    shown: tuple[Question, ...] = ()
    screen: Question | None = None


@dataclass(frozen=True, slots=True, eq=False)
class _Topic:
    """One topic's content as arrays. Hypothesis index n_conditions is the leak."""

    topic: TopicDef
    conditions: tuple[ConditionDef, ...]
    symptoms: tuple[SymptomDef, ...]
    condition_index: Mapping[str, int]
    symptom_index: dict[str, int]  # a plain dict, read on every request; handed out read-only
    # per condition
    rarity_code: np.ndarray
    age_min: np.ndarray
    age_max: np.ndarray
    sex_code: np.ndarray
    urgency_rank: np.ndarray
    serious: np.ndarray  # an emergency, or must not be missed: worth confirming or ruling out
    # per symptom
    base: np.ndarray
    base_entropy: np.ndarray
    # Plain tuples, for the handful of answers a request reads one by one
    question_of: tuple[int, ...]  # question index, -1 for red flags (they belong to the screen)
    question_type_of: tuple[str, ...]  # the type of the question each finding is asked in
    min_rank_of: tuple[int, ...]  # the rank of each finding's minimum care level
    links: _Links
    rules: tuple[_Rule, ...]
    # questions other than the screen
    questions: tuple[_QuestionSpec, ...]
    asked_symptoms: np.ndarray  # symptoms that belong to a question
    asked_question: np.ndarray  # ... and that question
    pick_one: _PickOne
    by_sex: tuple[_ForSex, ...]  # indexed by sex code
    # Results that depend on the settings and the person's age and sex, kept as they are asked for
    memo: dict = field(default_factory=dict, compare=False, repr=False)

    @property
    def n_conditions(self) -> int:
        return len(self.conditions)

    def nbytes(self) -> int:
        parts = [self, self.links, self.pick_one, *self.by_sex]
        return sum(a.nbytes for part in parts for name in part.__slots__
                   if isinstance(a := getattr(part, name), np.ndarray))


def _entropy(p: np.ndarray) -> np.ndarray:
    p = np.clip(p, 1e-12, 1 - 1e-12)
    return -(p * np.log(p) + (1 - p) * np.log1p(-p))


def _x_log_x(x: np.ndarray) -> np.ndarray:
    """x log x for x >= 0, with 0 log 0 = 0."""
    return x * np.log(np.maximum(x, 1e-300))


def _link_probability(link: LinkDef) -> float:
    p = min(max(float(link.probability), P_FLOOR), P_CEIL)
    if link.constraint == "always":
        p = max(p, ALWAYS_FLOOR)
    elif link.constraint == "never":
        p = min(p, NEVER_CEIL)
    return p


def _rank(level: str | None) -> int:
    return LEVEL_RANK.get(level or "", _NO_LEVEL)


def _link_positions(indptr: np.ndarray, rows: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Positions of the links of `rows` in the CSR arrays, and which of `rows` each belongs to."""
    starts = indptr[rows]
    lengths = indptr[rows + 1] - starts
    total = int(lengths.sum())
    if total == 0:
        return np.empty(0, np.int64), np.empty(0, np.int64)
    ends = np.cumsum(lengths)
    positions = np.repeat(starts - (ends - lengths), lengths) + np.arange(total)
    return positions, np.repeat(np.arange(len(rows)), lengths)


def _build_links(symptom_list: tuple[SymptomDef, ...], condition_index: Mapping[str, int],
                 links_by_symptom: Mapping[str, list[LinkDef]], base: np.ndarray) -> _Links:
    """The topic's links in CSR order; a later duplicate of the same pair replaces the earlier one."""
    pairs: dict[tuple[int, int], float] = {}
    for s_index, symptom in enumerate(symptom_list):
        for link in links_by_symptom.get(symptom.id, ()):
            c_index = condition_index.get(link.condition)
            if c_index is not None:
                pairs[(s_index, c_index)] = _link_probability(link)
    keys = np.array(list(pairs), dtype=np.int64).reshape(-1, 2)
    p = np.array(list(pairs.values()), dtype=float)
    order = np.lexsort((keys[:, 1], keys[:, 0]))
    symptom, condition, p = keys[order, 0], keys[order, 1], p[order]
    indptr = np.zeros(len(symptom_list) + 1, dtype=np.int64)
    np.cumsum(np.bincount(symptom, minlength=len(symptom_list)), out=indptr[1:])
    link_base = base[symptom]
    return _Links(
        indptr=indptr,
        condition=condition,
        symptom=symptom,
        p=p,
        dp=p - link_base,
        dlog=np.stack([np.zeros(len(p)), np.log(p) - np.log(link_base), np.log1p(-p) - np.log1p(-link_base)]),
        order=np.arange(len(p)),
        dentropy=_entropy(p) - _entropy(link_base),
    )


def _build_questions(symptom_list: tuple[SymptomDef, ...], groups: Mapping[str, GroupDef],
                     ) -> tuple[tuple[_QuestionSpec, ...], np.ndarray]:
    """Each ungrouped finding asked alone, each group as one question (red flags only on the screen),
    in content order; and the question of each finding (-1 for a red flag)."""
    by_group: dict[str, list[int]] = {}
    specs: list[tuple[tuple, _QuestionSpec]] = []
    for s_index, s in enumerate(symptom_list):
        if s.kind == "red_flag":
            continue
        if s.group and s.group in groups:
            by_group.setdefault(s.group, []).append(s_index)
        else:
            specs.append(((s.order, s.id), _QuestionSpec("single", s.question, s.why, (s_index,))))
    for group_id, items in by_group.items():
        g = groups[group_id]
        first = symptom_list[items[0]]
        specs.append(((first.order, first.id), _QuestionSpec(g.type, g.text, g.why, tuple(items), g.ask_first)))
    questions = tuple(spec for _, spec in sorted(specs, key=lambda pair: pair[0]))
    question_of = np.full(len(symptom_list), -1, dtype=np.int64)
    for q_index, spec in enumerate(questions):
        question_of[list(spec.items)] = q_index
    return questions, question_of


def _build_pick_one(questions: tuple[_QuestionSpec, ...], links: _Links, base: np.ndarray) -> _PickOne:
    """A dense (items x columns) odds table per pick-one question, laid out as (item, column) pairs."""
    parts: dict[str, list[np.ndarray]] = {name: [] for name in (
        "questions", "items", "pair_item", "pair_column", "odds", "column_condition", "column_question")}
    n_columns = 0
    base_odds = base / (1 - base)
    for q_index, spec in enumerate(questions):
        if spec.type != "group_single":
            continue
        items = np.array(spec.items, dtype=np.int64)
        positions, row = _link_positions(links.indptr, items)
        linked = np.unique(links.condition[positions])
        block = np.repeat(base_odds[items][:, None], len(linked) + 1, axis=1)
        p = links.p[positions]
        block[row, np.searchsorted(linked, links.condition[positions])] = p / (1 - p)
        columns = n_columns + np.arange(len(linked) + 1)
        n_columns += len(linked) + 1
        parts["questions"].append(np.array([q_index]))
        parts["items"].append(items)
        parts["pair_item"].append(np.repeat(items, len(columns)))
        parts["pair_column"].append(np.tile(columns, len(items)))
        parts["odds"].append(block.ravel())
        parts["column_condition"].append(np.append(linked, -1))
        parts["column_question"].append(np.full(len(columns), q_index))
    joined = {name: np.concatenate(arrays) if arrays else np.empty(0, np.int64) for name, arrays in parts.items()}
    question_of_item = {int(i): int(q) for q, spec in enumerate(questions) for i in spec.items}
    return _PickOne(
        questions=joined["questions"],
        items=joined["items"],
        item_question=np.array([question_of_item[int(i)] for i in joined["items"]], dtype=np.int64),
        pair_item=joined["pair_item"],
        pair_column=joined["pair_column"],
        odds=joined["odds"].astype(float),
        column_condition=joined["column_condition"],
        column_question=joined["column_question"],
        real_columns=np.flatnonzero(joined["column_condition"] >= 0),
        rest_columns=np.flatnonzero(joined["column_condition"] < 0),
    )


def _build_rules(rules: Iterable[RuleDef], symptom_index: Mapping[str, int]) -> tuple[_Rule, ...]:
    """The combination rules whose findings all belong to the topic."""
    return tuple(
        _Rule(r.id, r.name, _rank(r.level), frozenset(symptom_index[f] for f in r.findings), r.age_min, r.age_max)
        for r in rules
        if r.findings and all(f in symptom_index for f in r.findings) and r.level in LEVEL_RANK
    )


def _build_for_sex(sex: int, symptom_list: tuple[SymptomDef, ...], questions: tuple[_QuestionSpec, ...],
                   question_of: np.ndarray, screen: _QuestionSpec, pick_one: _PickOne) -> _ForSex:
    """Which findings and questions a person of this sex code (0 unknown) is asked, as shown to them."""
    symptom_sex = np.array([_SEX_CODE.get(s.sex, 0) for s in symptom_list], dtype=np.int8)
    askable = np.ones(len(symptom_list), dtype=bool) if not sex else (symptom_sex == 0) | (symptom_sex == sex)
    asked_symptoms = np.flatnonzero(question_of >= 0)

    def shown(spec: _QuestionSpec) -> Question:
        items = tuple(QuestionItem(symptom_list[i].id, symptom_list[i].name, symptom_list[i].kind)
                      for i in spec.items if askable[i])
        return Question(spec.type, spec.text, spec.why, items)

    screen_question = shown(screen)
    item_askable = askable[asked_symptoms]
    # Given "exactly one item", P(item i | c) is proportional to the odds of i under c.
    odds = pick_one.odds * askable[pick_one.pair_item]
    n_columns = len(pick_one.column_condition)
    total = np.bincount(pick_one.pair_column, odds, minlength=n_columns)
    q = odds / np.where(total > 0, total, 1.0)[pick_one.pair_column]
    return _ForSex(
        askable=askable,
        item_askable=item_askable,
        question_open=np.bincount(question_of[asked_symptoms], item_askable, minlength=len(questions)) > 0,
        pick_one_q=q,
        pick_one_column_entropy=-np.bincount(pick_one.pair_column, _x_log_x(q), minlength=n_columns),
        shown=tuple(shown(spec) for spec in questions),
        screen=screen_question if screen_question.items else None,
    )


def _compile_topic(
    topic: TopicDef,
    conditions: Mapping[str, ConditionDef],
    symptoms: Mapping[str, SymptomDef],
    groups: Mapping[str, GroupDef],
    links_by_symptom: Mapping[str, list[LinkDef]],
    rules: Iterable[RuleDef] = (),
) -> _Topic:
    condition_list = tuple(conditions[c] for c in dict.fromkeys(topic.condition_ids) if c in conditions)
    symptom_list = tuple(
        sorted((symptoms[s] for s in dict.fromkeys(topic.symptom_ids) if s in symptoms), key=lambda s: (s.order, s.id))
    )
    condition_index = {c.id: i for i, c in enumerate(condition_list)}
    symptom_index = {s.id: i for i, s in enumerate(symptom_list)}
    base = np.clip(np.array([s.base_rate for s in symptom_list], dtype=float), BASE_FLOOR, BASE_CEIL)
    links = _build_links(symptom_list, condition_index, links_by_symptom, base)
    questions, question_of = _build_questions(symptom_list, groups)
    pick_one = _build_pick_one(questions, links, base)
    # The red-flag screen: every red flag, in screen order, as one pick-all question.
    screen = _QuestionSpec("group_multiple", topic.red_flag_question, topic.red_flag_why or SCREEN_WHY,
                           tuple(i for i, s in enumerate(symptom_list) if s.kind == "red_flag"))
    asked_symptoms = np.flatnonzero(question_of >= 0)
    return _Topic(
        topic=topic,
        conditions=condition_list,
        symptoms=symptom_list,
        condition_index=MappingProxyType(condition_index),
        symptom_index=symptom_index,
        rarity_code=np.array([RARITIES.index(c.rarity) for c in condition_list], dtype=np.int64),
        age_min=np.array([c.age_min for c in condition_list], dtype=float),
        age_max=np.array([c.age_max for c in condition_list], dtype=float),
        sex_code=np.array([_SEX_CODE.get(c.sex, 0) for c in condition_list], dtype=np.int8),
        urgency_rank=np.array([_rank(c.urgency) for c in condition_list], dtype=np.int64),
        serious=np.array([_rank(c.urgency) <= _EMERGENCY or c.must_not_miss for c in condition_list], dtype=bool),
        base=base,
        base_entropy=_entropy(base),
        question_of=tuple(question_of.tolist()),
        question_type_of=tuple(questions[q].type if q >= 0 else "group_multiple" for q in question_of.tolist()),
        min_rank_of=tuple(_rank(s.min_level) for s in symptom_list),
        links=links,
        rules=_build_rules(rules, symptom_index),
        questions=questions,
        asked_symptoms=asked_symptoms,
        asked_question=question_of[asked_symptoms],
        pick_one=pick_one,
        by_sex=tuple(_build_for_sex(sex, symptom_list, questions, question_of, screen, pick_one)
                     for sex in sorted(set(_SEX_CODE.values()))),
    )


class KnowledgeBase:
    """The content compiled for the engine, with the look-ups the API needs."""

    def __init__(self, topics, conditions, symptoms, groups, compiled, version):
        self.version = version
        self._topics: Mapping[str, TopicDef] = topics
        self._conditions: Mapping[str, ConditionDef] = conditions
        self._symptoms: Mapping[str, SymptomDef] = symptoms
        self._groups: Mapping[str, GroupDef] = groups
        self._compiled: Mapping[str, _Topic] = compiled

    @classmethod
    def build(
        cls,
        topics: Iterable[TopicDef],
        conditions: Iterable[ConditionDef],
        symptoms: Iterable[SymptomDef],
        groups: Iterable[GroupDef],
        links: Iterable[LinkDef],
        version: int = 0,
        rules: Iterable[RuleDef] = (),
    ) -> KnowledgeBase:
        """Compile the content once; every request afterwards only reads the result."""
        topic_map = MappingProxyType({t.id: t for t in topics})
        condition_map = MappingProxyType({c.id: c for c in conditions})
        symptom_map = MappingProxyType({s.id: s for s in symptoms})
        group_map = MappingProxyType({g.id: g for g in groups})
        links_by_symptom: dict[str, list[LinkDef]] = {}
        for link in links:
            links_by_symptom.setdefault(link.symptom, []).append(link)
        rule_list = tuple(rules)
        compiled = {
            t.id: _compile_topic(t, condition_map, symptom_map, group_map, links_by_symptom, rule_list)
            for t in topic_map.values()
        }
        return cls(topic_map, condition_map, symptom_map, group_map, MappingProxyType(compiled), version)

    @property
    def topics(self) -> tuple[TopicDef, ...]:
        """All topics, in the order they were given."""
        return tuple(self._topics.values())

    def topic(self, topic_id: str) -> TopicDef:
        """The topic with this id (KeyError if there is none)."""
        return self._topics[topic_id]

    def symptom(self, symptom_id: str) -> SymptomDef:
        """The finding with this id (KeyError if there is none)."""
        return self._symptoms[symptom_id]

    def condition(self, condition_id: str) -> ConditionDef:
        """The condition with this id (KeyError if there is none)."""
        return self._conditions[condition_id]

    def group(self, group_id: str) -> GroupDef:
        """The question group with this id (KeyError if there is none)."""
        return self._groups[group_id]

    def symptoms_of(self, topic_id: str) -> tuple[SymptomDef, ...]:
        """The findings of a topic, in screen and question order."""
        return self._compiled[topic_id].symptoms

    def conditions_of(self, topic_id: str) -> tuple[ConditionDef, ...]:
        """The conditions a topic can suggest."""
        return self._compiled[topic_id].conditions

    def symptom_ids(self, topic_id: str) -> Mapping[str, int]:
        """The ids of a topic's findings (empty for an unknown topic), for membership tests."""
        compiled = self._compiled.get(topic_id)
        return MappingProxyType(compiled.symptom_index if compiled is not None else {})

    def has_symptom(self, topic_id: str, symptom_id: str) -> bool:
        """Whether a finding belongs to a topic (False for an unknown topic too)."""
        return symptom_id in self.symptom_ids(topic_id)

    def has_topic(self, topic_id: str) -> bool:
        """Whether there is a topic with this id."""
        return topic_id in self._topics

    def has_condition(self, topic_id: str, condition_id: str) -> bool:
        """Whether a condition belongs to a topic (False for an unknown topic too)."""
        compiled = self._compiled.get(topic_id)
        return compiled is not None and condition_id in compiled.condition_index

    def nbytes(self) -> int:
        """The memory held by the compiled arrays of every topic."""
        return sum(t.nbytes() for t in self._compiled.values())

    def _arrays(self, topic_id: str) -> _Topic:
        return self._compiled[topic_id]


# ---------------------------------------------------------------------------------------------
# Per request


@dataclass(slots=True, eq=False)
class _State:
    """What a case amounts to: its answers as indices, and the posterior they give."""

    present: list[int]  # symptom indices, as plain lists: the quiz's next question needs no array of them
    absent: list[int]
    answered: tuple[int, ...]  # every in-topic answer, unknown included
    questions: frozenset[int]  # the questions answered, -1 for the red-flag screen
    forced_rank: int  # the most urgent minimum level among present findings and combination rules
    rules: tuple[_Rule, ...]  # the combination rules that apply
    log_posterior: np.ndarray
    posterior: np.ndarray  # the last entry is the leak


def _evaluate(t: _Topic, case: Case, settings: Settings) -> _State:
    """Read the case's answers (ignoring ids outside the topic) and compute the posterior."""
    choices: dict[int, str] = {}
    for item in case.evidence:
        index = t.symptom_index.get(item.id)
        if index is not None and item.choice in CHOICES:
            choices[index] = item.choice
    present = [i for i, c in choices.items() if c == "present"]
    absent = [i for i, c in choices.items() if c == "absent"]

    prior = _log_prior(t, case.age, _SEX_CODE.get(case.sex or "", 0), settings)
    # The leak and every unlinked condition share the base-rate term of an answer, so it cancels: only
    # the links of answered findings move the posterior. One pass over all links (0 unanswered,
    # 1 present, 2 absent) is simpler than finding the answered ones' links and costs no more.
    code = np.zeros(len(t.symptoms), dtype=np.intp)
    code[present] = 1
    code[absent] = 2
    links = t.links
    log_posterior = prior + np.bincount(links.condition, links.dlog[code[links.symptom], links.order],
                                        minlength=t.n_conditions + 1)
    posterior = np.exp(log_posterior - log_posterior.max())
    posterior /= posterior.sum()
    forced_rank = min((t.min_rank_of[i] for i in present), default=_NO_LEVEL)
    rules: tuple[_Rule, ...] = ()
    if t.rules:
        present_set = set(present)
        rules = tuple(rule for rule in t.rules if rule.applies(present_set, case.age))
        forced_rank = min([forced_rank, *(rule.rank for rule in rules)])
    # The questions the answers cover; -1 stands for the red-flag screen (red flags belong to no question).
    questions = frozenset(t.question_of[i] for i in choices)
    return _State(present, absent, tuple(choices), questions, forced_rank, rules, log_posterior, posterior)


def _memoised(t: _Topic, settings: Settings, key: tuple, compute):
    """A value that depends only on the topic, the settings and `key`, computed once.

    Settings hold dicts and can't be hashed, so the entry is found by identity and keeps its settings
    alive (an id is never reused while its object lives)."""
    entry = t.memo.get((id(settings), *key))
    if entry is not None and entry[0] is settings:
        return entry[1]
    if len(t.memo) >= 4096:  # a few hundred ages x sexes per settings: only tuning runs reach this
        t.memo.clear()
    value = compute()
    t.memo[(id(settings), *key)] = (settings, value)
    return value


def _log_prior(t: _Topic, age: int | None, sex: int, settings: Settings) -> np.ndarray:
    """Log prior weight of every hypothesis (the leak last) for a person of this age and sex."""

    def compute() -> np.ndarray:
        log_weight = np.log(np.array([settings.rarity_weight[r] for r in RARITIES]))[t.rarity_code]
        if age is not None:
            outside = (age < t.age_min) | (age > t.age_max)
            log_weight = log_weight + outside * math.log(settings.age_outside_factor)
        if sex:
            mismatch = (t.sex_code != 0) & (t.sex_code != sex)
            log_weight = log_weight + mismatch * math.log(settings.sex_mismatch_factor)
        prior = np.append(log_weight, math.log(settings.leak_weight))
        prior.flags.writeable = False  # shared by every request: a caller must copy it
        return prior

    return _memoised(t, settings, ("prior", age, sex), compute)


def _others_mixture(state: _State, target: int) -> np.ndarray:
    """The posterior of every hypothesis but `target`, renormalised, computed in log space to stay exact."""
    log_p = state.log_posterior.copy()
    log_p[target] = -np.inf
    weights = np.exp(log_p - log_p.max())
    return weights / weights.sum()


def _log_ratios(t: _Topic, state: _State, rows: np.ndarray, present: np.ndarray, target: int) -> np.ndarray:
    """log P(answer | target) - log P(answer | the others, posterior-weighted), per answered finding."""
    if rows.size == 0:
        return np.empty(0)
    others = _others_mixture(state, target)
    positions, row_of = _link_positions(t.links.indptr, rows)
    linked = t.links.condition[positions]
    mixture = t.base[rows] + np.bincount(row_of, others[linked] * t.links.dp[positions], minlength=len(rows))
    under_target = t.base[rows].copy()
    hit = linked == target
    under_target[row_of[hit]] = t.links.p[positions[hit]]
    mixture = np.clip(mixture, 1e-12, 1 - 1e-12)
    like_target = np.where(present, under_target, 1 - under_target)
    like_others = np.where(present, mixture, 1 - mixture)
    return np.log(like_target) - np.log(like_others)


def _for_person(t: _Topic, case: Case) -> _ForSex:
    """The topic as seen for this person's sex: which findings may be asked at all, and so on."""
    return t.by_sex[_SEX_CODE.get(case.sex or "", 0)]


def _questions_asked(state: _State) -> tuple[int, bool]:
    """The distinct questions the answers cover (the screen counts as one), and whether the red-flag
    screen is among them."""
    return len(state.questions), -1 in state.questions


def _binary_gains(t: _Topic, posterior: np.ndarray) -> np.ndarray:
    """Expected information gain of each finding asked alone: H(answer) - H(answer | hypothesis)."""
    # Unlinked hypotheses answer with the base rate, so sums over them are the base term
    # plus corrections on the links: O(links), not O(conditions x symptoms).
    links = t.links
    weight = posterior[links.condition]
    p_present = _p_present(t, posterior)
    conditional = t.base_entropy + np.bincount(links.symptom, weight * links.dentropy, minlength=len(t.symptoms))
    return np.maximum(_entropy(p_present) - conditional, 0.0)


def _group_single_gains(t: _Topic, posterior: np.ndarray, view: _ForSex) -> np.ndarray:
    """Expected information gain of each pick-one question, from its categorical outcome."""
    g, n_questions = t.pick_one, len(t.questions)
    # A condition's column weighs its posterior; "everyone else" the rest of the question's mass.
    weight = np.empty(len(g.column_condition))
    weight[g.real_columns] = posterior[g.column_condition[g.real_columns]]
    covered = np.bincount(g.column_question[g.real_columns], weight[g.real_columns], minlength=n_questions)
    weight[g.rest_columns] = np.maximum(1.0 - covered[g.column_question[g.rest_columns]], 0.0)
    conditional = np.bincount(g.column_question, weight * view.pick_one_column_entropy, minlength=n_questions)
    outcome = np.bincount(g.pair_item, weight[g.pair_column] * view.pick_one_q, minlength=len(t.symptoms))
    marginal = -np.bincount(g.item_question, _x_log_x(outcome[g.items]), minlength=n_questions)
    return np.maximum(marginal - conditional, 0.0)[g.questions]


def _question_gains(t: _Topic, posterior: np.ndarray, view: _ForSex) -> np.ndarray:
    """Expected information gain of every question under `posterior`.

    A pick-all-that-apply question is ranked by the sum of its items' gains, an upper bound on its
    joint gain since the items are independent given the hypothesis; a pick-one question by the gain
    of its categorical answer."""
    gains = np.bincount(
        t.asked_question, _binary_gains(t, posterior)[t.asked_symptoms] * view.item_askable,
        minlength=len(t.questions),
    )
    if t.pick_one.questions.size:
        gains[t.pick_one.questions] = _group_single_gains(t, posterior, view)
    return gains


def _risk_weighted(t: _Topic, posterior: np.ndarray, settings: Settings) -> np.ndarray:
    """The posterior with each condition scaled by the cost of missing it (the leak keeps weight 1)."""

    def compute() -> np.ndarray:
        weights = np.array([settings.question_urgency_weight.get(level, 1.0) for level in LEVELS])
        return np.append(weights[t.urgency_rank], 1.0)

    scaled = posterior * _memoised(t, settings, ("risk",), compute)
    return scaled / scaled.sum()


def _suspect(t: _Topic, posterior: np.ndarray, settings: Settings) -> int | None:
    """The most likely serious condition, if it is plausible but not yet settled."""
    p = np.where(t.serious, posterior[:-1], 0.0)
    if not p.size:
        return None
    best = int(p.argmax())
    return best if settings.suspect_threshold <= p[best] < settings.suspect_settled else None


def _best_question(t: _Topic, state: _State, view: _ForSex, settings: Settings) -> tuple[int | None, float]:
    """The unanswered, askable question with the largest expected information gain, and that gain."""
    if not t.questions:
        return None, 0.0
    posterior = _risk_weighted(t, state.posterior, settings)
    suspect = _suspect(t, state.posterior, settings)
    if suspect is not None:
        # Half the weight on the suspect: the gain is then mostly about "is it this one or not".
        others = 1.0 - posterior[suspect]
        if others > 0:
            posterior = posterior * (0.5 / others)
            posterior[suspect] = 0.5
    is_open = view.question_open.copy()
    is_open[[q for q in state.questions if q >= 0]] = False
    if not is_open.any():
        return None, 0.0
    gains = np.where(is_open, _question_gains(t, posterior, view), -np.inf)
    best = int(gains.argmax())  # ties go to the earlier question in content order
    return best, float(gains[best])


def _conditions_rank(t: _Topic, state: _State, settings: Settings) -> tuple[int, np.ndarray]:
    """The level the likely conditions call for, and which conditions are likely enough to count."""
    p = state.posterior[:-1]
    thresholds = np.array([settings.condition_threshold.get(level, np.inf) for level in LEVELS])
    reached = p >= thresholds[t.urgency_rank]
    if reached.any():
        return int(t.urgency_rank[reached].min()), reached
    self_care_mass = float(p[t.urgency_rank == _SELF_CARE].sum())
    told = sum(t.symptoms[i].kind != "red_flag" for i in state.present)
    home = self_care_mass >= settings.self_care_mass and told >= settings.self_care_min_present
    return (_SELF_CARE if home else _CONSULTATION), reached


def _triage(t: _Topic, state: _State, settings: Settings) -> Triage:
    """The care level: the most urgent of the forced minimums and the likely conditions' urgency."""
    if not state.answered:
        # The priors alone say nothing about this person yet: the topic's own default advice holds.
        level = t.topic.default_level if t.topic.default_level in LEVEL_RANK else "consultation"
        return Triage(level, LABELS[level], ADVICE[level], [])

    p = state.posterior[:-1]
    from_conditions, reached = _conditions_rank(t, state, settings)
    rank = min(state.forced_rank, from_conditions)
    level = LEVELS[rank]

    # The findings that raised the level: those carrying a minimum of their own, then those that
    # most favour the condition the level came from, when that level is urgent.
    serious: dict[str, Serious] = {}
    flagged = [i for i in state.present if t.min_rank_of[i] < _SELF_CARE]
    for i in sorted(flagged, key=lambda i: (t.min_rank_of[i], t.symptoms[i].order, t.symptoms[i].id)):
        serious[t.symptoms[i].id] = Serious(t.symptoms[i].id, t.symptoms[i].name, t.min_rank_of[i] <= _EMERGENCY)
    # A combination rule's findings raised the level together, so each of them is listed.
    for rule in sorted(state.rules, key=lambda rule: rule.rank):
        for i in sorted(rule.findings, key=lambda i: (t.symptoms[i].order, t.symptoms[i].id)):
            urgent = rule.rank <= _EMERGENCY or (t.symptoms[i].id in serious and serious[t.symptoms[i].id].is_emergency)
            serious[t.symptoms[i].id] = Serious(t.symptoms[i].id, t.symptoms[i].name, urgent)
    if from_conditions == rank and rank <= _CONSULTATION_24:
        candidates = np.flatnonzero(reached & (t.urgency_rank == rank))
        driver = int(candidates[np.argmax(p[candidates])])
        present = np.array(state.present, dtype=np.int64)
        ratios = _log_ratios(t, state, present, np.ones(present.size, dtype=bool), driver)
        top = [int(k) for k in np.argsort(-ratios, kind="stable")[: settings.serious_per_condition] if ratios[k] > 0]
        for k in top:
            s = t.symptoms[state.present[k]]
            urgent = rank <= _EMERGENCY or _rank(s.min_level) <= _EMERGENCY
            earlier = serious.get(s.id)
            serious[s.id] = Serious(s.id, s.name, urgent or (earlier is not None and earlier.is_emergency))
    return Triage(level, LABELS[level], ADVICE[level], list(serious.values()))


def _ranked(t: _Topic, posterior: np.ndarray, limit: int) -> list[RankedCondition]:
    """The most likely conditions, at most `limit`, without sorting all of them."""
    p = posterior[:-1]
    if p.size > limit:
        top = np.argpartition(-p, limit - 1)[:limit]
    else:
        top = np.arange(p.size)
    top = top[np.lexsort((top, -p[top]))]  # highest first, ties in content order
    ranked = []
    for i in top.tolist():
        c = t.conditions[i]
        ranked.append(RankedCondition(c.id, c.name, c.icd10, round(float(p[i]), 4), c.rarity, c.urgency))
    return ranked


def _choose_question(
    t: _Topic, case: Case, state: _State, asked: int, screened: bool, leader: float, settings: Settings,
) -> Question | None:
    """The next question, or None when the interview should stop."""
    if state.forced_rank <= _EMERGENCY and not case.continue_after_emergency:
        return None
    view = _for_person(t, case)
    if not screened and view.screen is not None:
        # Nothing, not even a clear leader, ends an interview before the red flags were checked.
        return view.screen
    if asked >= settings.max_questions:
        return None
    for q_index, spec in enumerate(t.questions):
        # The health background clinicians always ask comes before any question the model picks.
        if spec.ask_first and q_index not in state.questions and view.question_open[q_index]:
            return view.shown[q_index]
    safety = _safety_question(t, case, state, view, settings)
    if safety is not None:
        return view.shown[safety]
    if leader >= settings.stop_leader and asked >= settings.min_questions:
        return None
    best, gain = _best_question(t, state, view, settings)
    if best is None or gain < settings.min_gain:
        return None
    return view.shown[best]


def _p_present(t: _Topic, posterior: np.ndarray) -> np.ndarray:
    """P(finding present) for every finding under the posterior."""
    links = t.links
    return t.base + np.bincount(links.symptom, posterior[links.condition] * links.dp, minlength=len(t.symptoms))


def _safety_question(t: _Topic, case: Case, state: _State, view: _ForSex, settings: Settings) -> int | None:
    """A question that could still make the advice more urgent, if its answer is plausibly yes.

    Before advising a level, a clinician checks what would change it: a finding that carries a more urgent
    minimum level of its own (a lump that keeps growing before home care), or the last missing finding of a
    combination rule whose others are present (a blood thinner and a knock: is the swelling growing?)."""
    if not state.answered:
        return None
    rank = min(state.forced_rank, _conditions_rank(t, state, settings)[0])
    present = set(state.present)
    candidates: dict[int, int] = {}
    for i, min_rank in enumerate(t.min_rank_of):
        if min_rank < rank:
            candidates[i] = min_rank
    for rule in t.rules:
        missing = rule.findings - present
        if rule.rank < rank and len(missing) == 1 and rule.applies(present | missing, case.age):
            (i,) = missing
            candidates[i] = min(rule.rank, candidates.get(i, _NO_LEVEL))
    # A finding already answered belongs to a question already asked.
    open_questions = [(level, i) for i, level in candidates.items()
                      if t.question_of[i] >= 0 and t.question_of[i] not in state.questions and view.askable[i]]
    if not open_questions:
        return None
    p = _p_present(t, state.posterior)
    plausible = [(level, -p[i], i) for level, i in open_questions if p[i] >= settings.safety_question_min_p]
    return t.question_of[min(plausible)[2]] if plausible else None


@dataclass(frozen=True, slots=True)
class NextQuestion:
    """Just what a quiz page needs to show the next question: no ranking, no triage."""

    question: Question | None
    should_stop: bool
    questions_asked: int
    progress: float


def _next_question(t: _Topic, case: Case, state: _State, settings: Settings) -> NextQuestion:
    asked, screened = _questions_asked(state)
    leader = float(state.posterior[:-1].max()) if t.n_conditions else 0.0
    question = _choose_question(t, case, state, asked, screened, leader, settings)
    if question is None:
        progress = 1.0
    else:
        # A rough guide for the progress bar: the share of the question budget used, or how close
        # the leader is to being clear, whichever is further along; never "done" while asking.
        by_count = asked / settings.max_questions
        by_confidence = min(1.0, leader / settings.stop_leader) * min(1.0, asked / max(settings.min_questions, 1))
        progress = round(min(0.95, max(by_count, by_confidence)), 3)
    return NextQuestion(question, question is None, asked, progress)


def next_question(kb: KnowledgeBase, case: Case, settings: Settings = DEFAULT_SETTINGS) -> NextQuestion:
    """The next question (or the decision to stop) alone: the quiz's cheaper path for each page."""
    t = kb._arrays(case.topic)
    return _next_question(t, case, _evaluate(t, case, settings), settings)


def emergency_findings(kb: KnowledgeBase, case: Case, settings: Settings = DEFAULT_SETTINGS) -> tuple[str, ...]:
    """What in the answers forces an emergency level by itself: the ids of present findings whose minimum
    level is an emergency, and of combination rules at an emergency level, in a stable order."""
    t = kb._arrays(case.topic)
    return _emergency_findings(t, _evaluate(t, case, settings))


def forced_level(kb: KnowledgeBase, case: Case, settings: Settings = DEFAULT_SETTINGS) -> str | None:
    """The most urgent level the answers force by themselves (present findings' minimum levels and the
    combination rules that apply), or None when they force none."""
    return _forced_level(_evaluate(kb._arrays(case.topic), case, settings))


def forced(kb: KnowledgeBase, case: Case, settings: Settings = DEFAULT_SETTINGS) -> Forced:
    """forced_level and emergency_findings together, from one reading of the answers."""
    t = kb._arrays(case.topic)
    state = _evaluate(t, case, settings)
    return Forced(_forced_level(state), _emergency_findings(t, state))


def _emergency_findings(t: _Topic, state: _State) -> tuple[str, ...]:
    findings = [t.symptoms[i].id for i in state.present if t.min_rank_of[i] <= _EMERGENCY]
    rules = [rule.id for rule in state.rules if rule.rank <= _EMERGENCY]
    return tuple(sorted(findings) + sorted(rules))


def _forced_level(state: _State) -> str | None:
    return LEVELS[state.forced_rank] if state.forced_rank < _NO_LEVEL else None


def next_step(kb: KnowledgeBase, case: Case, settings: Settings = DEFAULT_SETTINGS) -> Step:
    """The next question (or the decision to stop), the ranked conditions and the triage for a case."""
    t = kb._arrays(case.topic)
    state = _evaluate(t, case, settings)
    upcoming = _next_question(t, case, state, settings)
    return Step(
        question=upcoming.question,
        should_stop=upcoming.should_stop,
        conditions=_ranked(t, state.posterior, settings.max_conditions),
        triage=_triage(t, state, settings),
        questions_asked=upcoming.questions_asked,
        unexplained=round(float(state.posterior[-1]), 4),
        progress=upcoming.progress,
    )


def _link_p(t: _Topic, finding: int, condition: int) -> float | None:
    """P(finding | condition) as the content links it, or None when they are not linked."""
    links = t.links
    start, end = int(links.indptr[finding]), int(links.indptr[finding + 1])
    k = start + int(np.searchsorted(links.condition[start:end], condition))
    return float(links.p[k]) if k < end and links.condition[k] == condition else None


def _typical_elsewhere(t: _Topic, finding: int, target: int) -> float:
    """The highest P(finding | condition) among the other conditions of the topic."""
    links = t.links
    start, end = int(links.indptr[finding]), int(links.indptr[finding + 1])
    others = links.condition[start:end] != target
    return float(links.p[start:end][others].max()) if others.any() else 0.0


def _reason(t: _Topic, finding: int, present: bool, target: int, settings: Settings) -> Reason | None:
    """How a clinician would count one answer for or against a condition, or None if it says nothing.

    For: a finding the person has that the condition commonly causes. Against: a finding they have
    that the condition rarely causes, or one it usually causes that they don't have. The weight is
    the log of how much more (or less) often the condition causes the answer than the finding's base rate."""
    s = t.symptoms[finding]
    base = float(t.base[finding])
    p = _link_p(t, finding, target)
    weight = 0.0
    if present:
        elsewhere = _typical_elsewhere(t, finding, target)
        if p is not None and p >= settings.typical_finding and p >= 1.5 * base:
            weight = math.log(p / base)
        elif p is not None and p <= settings.rare_finding and max(base, elsewhere) >= 2 * p:
            weight = math.log(p / max(base, elsewhere))
        elif p is None and base <= settings.rare_finding / 2 and elsewhere >= settings.usual_finding:
            # Not a finding of this condition at all, but a typical one of another: it argues against.
            weight = math.log(base / elsewhere)
    elif p is not None and p >= settings.usual_finding and t.question_type_of[finding] != "group_single":
        # A pick-one option not picked is no "no": the one they picked speaks for the question.
        weight = math.log((1 - p) / (1 - base))
    if abs(weight) < settings.min_reason_weight:
        return None
    return Reason(s.id, s.name, "present" if present else "absent", round(weight, 3))


def explain(kb: KnowledgeBase, case: Case, target: str, settings: Settings = DEFAULT_SETTINGS) -> Explanation:
    """The answers that argue for and against one condition of the case's topic (KeyError if it isn't one)."""
    t = kb._arrays(case.topic)
    target_index = t.condition_index[target]
    state = _evaluate(t, case, settings)
    answers = [(i, True) for i in state.present] + [(i, False) for i in state.absent]
    reasons = [r for i, here in answers if (r := _reason(t, i, here, target_index, settings)) is not None]
    return Explanation(
        target=target,
        supporting=sorted((r for r in reasons if r.weight > 0), key=lambda r: -r.weight),
        conflicting=sorted((r for r in reasons if r.weight < 0), key=lambda r: r.weight),
    )
