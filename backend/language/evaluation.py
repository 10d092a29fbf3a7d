"""How well the site reads people's own words, on evaluation sets written before the reader was tuned.

- Descriptions (tests/language/descriptions.json): what people type into "Describe it", with the
  mentions a careful reader codes from it. Scored: mention precision and recall, red-flag recall, and
  mentions made from words that were negated, about someone else, feared or past ("context errors").
- Questions (tests/language/questions.json): what people ask on a page. Scored: the right page and
  section first (hit@1) or among the answers (hit@3), emergencies found, false emergencies, and honest
  abstention on questions the site can't answer.
- Clinical vignettes with a "description": how many questions the quiz asks with and without it.
"""

from __future__ import annotations

import json
import statistics
from dataclasses import dataclass, field
from pathlib import Path

from django.conf import settings

from backend.quiz import evaluation as clinical

from . import parser

SETS = Path(settings.BASE_DIR) / "tests" / "language"
DESCRIPTIONS = SETS / "descriptions.json"
# Written by someone who never saw the synonyms or the reader: the first after the synonyms were first tuned
# on the set above, the second before the reader's second round (its first figures were taken before anyone
# read its texts; the misses it showed were then worked on, so it is no longer unseen).
HOLDOUT = SETS / "descriptions_holdout.json"
HOLDOUT_2 = SETS / "descriptions_holdout2.json"
QUESTIONS = SETS / "questions.json"
# Questions written from the pages alone by someone who never saw the answering code or the set above.
QUESTIONS_HOLDOUT = SETS / "questions_holdout.json"
VIGNETTES = [Path(settings.BASE_DIR) / "tests" / "clinical" / "vignettes.json"]


def ratio(part: int, whole: int) -> float:
    return part / whole if whole else 1.0


@dataclass
class ParseScore:
    expected: int = 0
    found: int = 0
    right: int = 0
    red_flags: int = 0
    red_flags_found: int = 0
    context_errors: list[str] = field(default_factory=list)
    misses: list[str] = field(default_factory=list)
    extras: list[str] = field(default_factory=list)
    red_flag_misses: list[str] = field(default_factory=list)

    @property
    def precision(self) -> float:
        return ratio(self.right, self.found)

    @property
    def recall(self) -> float:
        return ratio(self.right, self.expected)

    @property
    def red_flag_recall(self) -> float:
        return ratio(self.red_flags_found, self.red_flags)


def is_red_flag(finding) -> bool:
    return finding.kind == "red_flag" or finding.min_level in parser.EMERGENCY_LEVELS


def score_descriptions(cases: list[dict]) -> ParseScore:
    score = ParseScore()
    reader = parser.reader()
    for number, case in enumerate(cases):
        said = reader.parse(case["topic"], case["text"]).evidence()
        expected = {m["id"]: m["choice"] for m in case["mentions"]}
        score.expected += len(expected)
        score.found += len(said)
        score.right += sum(1 for i, choice in said.items() if expected.get(i) == choice)
        for finding_id, choice in expected.items():
            if choice == "present" and is_red_flag(reader.findings[finding_id]):
                score.red_flags += 1
                score.red_flags_found += said.get(finding_id) == "present"
                if said.get(finding_id) != "present":
                    score.red_flag_misses.append(f"#{number} {case['topic']}: missed {finding_id}")
        where = f"#{number} {case['topic']}"
        score.misses += [f"{where}: missed {i} {c}" for i, c in expected.items() if said.get(i) != c]
        score.extras += [f"{where}: said {i} {c}" for i, c in said.items() if expected.get(i) != c]
        score.context_errors += [f"{where}: {i} present from negated / other / feared / past words"
                                 for i in case.get("not_present", ()) if said.get(i) == "present"]
    return score


@dataclass
class AnswerScore:
    answerable: int = 0
    hit1: int = 0
    hit3: int = 0
    emergencies: int = 0
    emergencies_found: int = 0
    false_emergencies: int = 0
    non_emergencies: int = 0
    out_of_scope: int = 0
    abstained: int = 0
    misses: list[str] = field(default_factory=list)

    @property
    def hit_at_1(self) -> float:
        return ratio(self.hit1, self.answerable)

    @property
    def hit_at_3(self) -> float:
        return ratio(self.hit3, self.answerable)

    @property
    def emergency_recall(self) -> float:
        return ratio(self.emergencies_found, self.emergencies)

    @property
    def abstention(self) -> float:
        return ratio(self.abstained, self.out_of_scope)


def score_questions(cases: list[dict]) -> AnswerScore:
    from .answers import answer

    score = AnswerScore()
    for number, case in enumerate(cases):
        page = (case["page"]["kind"], case["page"]["slug"]) if case.get("page") else None
        reply = answer(case["question"], page)
        kind = case["type"]
        if kind == "emergency":
            score.emergencies += 1
            score.emergencies_found += reply.emergency is not None
            if reply.emergency is None:
                score.misses.append(f"#{number} emergency not seen: {case['question']}")
            continue
        score.non_emergencies += 1
        if reply.emergency is not None:
            score.false_emergencies += 1
            score.misses.append(f"#{number} false emergency: {case['question']}")
        if kind == "out_of_scope":
            score.out_of_scope += 1
            score.abstained += reply.no_answer
            if not reply.no_answer:
                score.misses.append(f"#{number} answered out of scope: {case['question']}")
            continue
        score.answerable += 1
        wanted = {(e["kind"], e["slug"], e["section"]) for e in case["expect"]}
        got = [(a.page.kind, a.page.slug, a.section) for a in reply.answers]
        score.hit1 += bool(got[:1]) and got[0] in wanted
        score.hit3 += any(g in wanted for g in got[:3])
        if not any(g in wanted for g in got[:3]):
            score.misses.append(f"#{number} not in the top 3: {case['question']} -> {got[:3]}")
    return score


@dataclass
class QuestionCount:
    cases: int
    plain: list[int]
    described: list[int]
    corrected: int  # mentions the simulated patient had to change on the confirm screen
    confirmed: int

    @property
    def plain_median(self) -> float:
        return statistics.median(self.plain) if self.plain else 0

    @property
    def described_median(self) -> float:
        return statistics.median(self.described) if self.described else 0


def count_questions(raw_cases: list[dict], post) -> QuestionCount:
    """The vignettes' question counts without and with their descriptions. On the confirm screen the
    simulated patient keeps what is true of their case, corrects what isn't, and leaves out what their
    case doesn't say (as they would answer "don't know")."""
    plain, described, corrected, confirmed = [], [], 0, 0
    for raw in raw_cases:
        if not raw.get("description"):
            continue
        vignette = clinical.Vignette.from_dict(raw)
        truth = {**{i: "absent" for i in vignette.absent}, **{i: "present" for i in vignette.present}}
        mentions = parser.parse(vignette.topic, raw["description"], age=vignette.age, sex=vignette.sex).evidence()
        kept = {i: truth[i] for i in mentions if i in truth}
        corrected += sum(1 for i, c in mentions.items() if truth.get(i) != c)
        confirmed += len(kept)
        plain.append(clinical.run_case(vignette, post).shown)
        described.append(clinical.run_case(vignette, post, told=kept).shown)
    return QuestionCount(len(plain), plain, described, corrected, confirmed)


def load(path: Path) -> list[dict]:
    return json.loads(Path(path).read_text(encoding="utf-8"))
