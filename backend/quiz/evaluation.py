"""Clinical vignette evaluation: a simulated patient takes each case through the assessment API.

The patient answers like a person who knows only their own case: a finding listed as present is
"present", one listed as absent is "absent", anything else "don't know" -- except on the red-flag
screen, where, like a real patient ticking a checklist, an unlisted red flag is left unticked (absent).
"""

from __future__ import annotations

import json
import statistics
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from .engine import EMERGENCY_LEVELS as EMERGENCIES
from .engine import LEVEL_RANK as RANK

MAX_STEPS = 60

# A transport posts a JSON body to an API path and returns (status, answer).
Transport = Callable[[str, dict], tuple[int, dict]]


@dataclass
class Vignette:
    id: str
    topic: str
    age: int | None
    sex: str | None
    present: list[str]
    absent: list[str]
    expected: str
    acceptable: list[str]
    triage: str
    acceptable_triage: list[str]
    note: str = ""
    source: str = ""  # the clinical reference the case was written from

    @classmethod
    def from_dict(cls, data: dict) -> Vignette:
        return cls(
            id=data["id"], topic=data["topic"], age=data.get("age"), sex=data.get("sex"),
            present=list(data.get("present", [])), absent=list(data.get("absent", [])),
            expected=data["expected"], acceptable=list(data.get("acceptable", [])),
            triage=data["triage"], acceptable_triage=list(data.get("acceptable_triage") or [data["triage"]]),
            note=data.get("note", ""), source=data.get("source", ""),
        )

    @property
    def answers(self) -> set[str]:
        return {self.expected, *self.acceptable}

    @property
    def least_urgent_acceptable(self) -> int:
        return max(RANK[level] for level in {self.triage, *self.acceptable_triage})


@dataclass
class Outcome:
    vignette: Vignette
    ranking: list[str]
    level: str
    questions: int
    error: str = ""
    shown: int = 0  # the questions the patient saw (run_case)

    @property
    def top1(self) -> bool:
        return bool(self.ranking) and self.ranking[0] in self.vignette.answers

    @property
    def top3(self) -> bool:
        return bool(self.vignette.answers & set(self.ranking[:3]))

    @property
    def triage_exact(self) -> bool:
        return self.level == self.vignette.triage

    @property
    def triage_safe(self) -> bool:
        return not self.error and RANK[self.level] <= self.vignette.least_urgent_acceptable

    @property
    def under_triaged_emergency(self) -> bool:
        return self.vignette.triage in EMERGENCIES and not self.triage_safe

    @property
    def self_care_sent_to_emergency(self) -> bool:
        return self.vignette.triage == "self_care" and self.level in EMERGENCIES


@dataclass
class Report:
    outcomes: list[Outcome] = field(default_factory=list)

    def share(self, test) -> float:
        return sum(1 for o in self.outcomes if test(o)) / max(1, len(self.outcomes))

    @property
    def top1(self) -> float:
        return self.share(lambda o: o.top1)

    @property
    def top3(self) -> float:
        return self.share(lambda o: o.top3)

    @property
    def triage_exact(self) -> float:
        return self.share(lambda o: o.triage_exact)

    @property
    def triage_safe(self) -> float:
        return self.share(lambda o: o.triage_safe)

    @property
    def under_triaged_emergencies(self) -> list[str]:
        return [o.vignette.id for o in self.outcomes if o.under_triaged_emergency]

    @property
    def self_care_cases(self) -> list[Outcome]:
        return [o for o in self.outcomes if o.vignette.triage == "self_care"]

    @property
    def self_care_over_triage(self) -> float:
        cases = self.self_care_cases
        return sum(1 for o in cases if o.self_care_sent_to_emergency) / max(1, len(cases))

    @property
    def median_questions(self) -> float:
        return statistics.median(o.questions for o in self.outcomes) if self.outcomes else 0

    @property
    def max_questions(self) -> int:
        return max((o.questions for o in self.outcomes), default=0)

    @property
    def errors(self) -> list[Outcome]:
        return [o for o in self.outcomes if o.error]

    def table(self) -> str:
        """The evaluation table as printed by `manage.py evaluate`."""
        n, emergencies = len(self.outcomes), sum(1 for o in self.outcomes if o.vignette.triage in EMERGENCIES)
        rows = [
            ("cases", f"{n} ({emergencies} emergencies, {len(self.self_care_cases)} self-care)"),
            ("top-1 accuracy", f"{self.top1:.1%}"),
            ("top-3 accuracy", f"{self.top3:.1%}"),
            ("triage exact", f"{self.triage_exact:.1%}"),
            ("triage safe", f"{self.triage_safe:.1%}"),
            ("under-triaged emergencies",
             f"{len(self.under_triaged_emergencies)} {self.under_triaged_emergencies or ''}".strip()),
            ("self-care sent to emergency", f"{self.self_care_over_triage:.1%}"),
            ("questions (median / max)", f"{self.median_questions:g} / {self.max_questions}"),
        ]
        width = max(len(name) for name, _ in rows)
        return "\n".join(f"{name:<{width}}  {value}" for name, value in rows)

    def by_condition(self) -> str:
        """Recall per expected condition (the right answer in the top 3), lowest first."""
        cases: dict[str, list[Outcome]] = {}
        for o in self.outcomes:
            cases.setdefault(o.vignette.expected, []).append(o)
        rows = sorted(
            ((sum(o.top3 for o in outs) / len(outs), sum(o.top1 for o in outs) / len(outs), len(outs), name)
             for name, outs in cases.items()),
            key=lambda row: (row[0], row[1], row[3]),
        )
        width = max((len(name) for *_, name in rows), default=9)
        lines = [f"{'condition':<{width}}  cases  top-1   top-3"]
        lines += [f"{name:<{width}}  {n:>5}  {top1:>5.0%}  {top3:>6.0%}" for top3, top1, n, name in rows]
        return "\n".join(lines)

    def failures(self) -> str:
        lines = []
        for o in self.outcomes:
            problems = []
            if o.error:
                problems.append(f"error: {o.error}")
            if not o.top3:
                problems.append(f"expected {o.vignette.expected}, got {', '.join(o.ranking[:3]) or 'nothing'}")
            if not o.triage_safe:
                problems.append(f"UNDER-TRIAGE: {o.level}, expected {o.vignette.triage}")
            elif o.self_care_sent_to_emergency:
                problems.append(f"over-triage: {o.level}, expected {o.vignette.triage}")
            elif not o.triage_exact:
                problems.append(f"triage {o.level}, expected {o.vignette.triage}")
            if problems:
                lines.append(f"{o.vignette.id}: " + "; ".join(problems))
        return "\n".join(lines)


def load(path: Path) -> list[Vignette]:
    return [Vignette.from_dict(item) for item in json.loads(Path(path).read_text(encoding="utf-8"))]


def answer(question: dict, vignette: Vignette) -> list[dict]:
    """The simulated patient's answer to one question."""
    screen = all(item["kind"] == "red_flag" for item in question["items"])
    out = []
    for item in question["items"]:
        if item["id"] in vignette.present:
            choice = "present"
        elif item["id"] in vignette.absent or screen:
            choice = "absent"
        else:
            choice = "unknown"
        out.append({"id": item["id"], "choice": choice})
    return out


def run_case(vignette: Vignette, post: Transport, told: dict[str, str] | None = None) -> Outcome:
    """Interview the simulated patient until the engine stops. `told`: findings the patient confirmed from their
    own description, which enter the interview after the red-flag screen (its first question), as in the quiz.
    The outcome's `shown` counts the questions the patient saw, which `questions_asked` doesn't (it counts the
    questions the told findings answer as asked)."""
    body = {"topic": vignette.topic, "evidence": [], "extras": {"continue_after_emergency": True}}
    if vignette.age is not None:
        body["age"] = vignette.age
    if vignette.sex:
        body["sex"] = vignette.sex
    shown = 0
    for _ in range(MAX_STEPS):
        status, reply = post("/api/v1/assessments/next/", body)
        if status != 200:
            return Outcome(vignette, [], "self_care", len(body["evidence"]), error=f"HTTP {status}: {reply}",
                           shown=shown)
        if reply["should_stop"]:
            break
        shown += 1
        body["evidence"] += answer(reply["question"], vignette)
        if shown == 1 and told:
            known = {e["id"] for e in body["evidence"]}
            body["evidence"] += [{"id": i, "choice": c} for i, c in told.items() if i not in known]
    else:
        return Outcome(vignette, [], reply["triage"]["level"], reply["questions_asked"], error="never stopped",
                       shown=shown)
    return Outcome(vignette, [c["id"] for c in reply["conditions"]], reply["triage"]["level"], reply["questions_asked"],
                   shown=shown)


def evaluate(vignettes: list[Vignette], post: Transport) -> Report:
    return Report([run_case(v, post) for v in vignettes])


def django_client_transport() -> Transport:
    """Posts through Django's full request stack (URLs, middleware, serializers) without a server."""
    from django.test import Client

    client = Client(HTTP_HOST="localhost")

    def post(path: str, body: dict) -> tuple[int, dict]:
        response = client.post(path, json.dumps(body), content_type="application/json")
        return response.status_code, response.json()

    return post


def http_transport(base_url: str) -> Transport:
    """Posts over real HTTP to a running server."""
    import urllib.error
    import urllib.request

    def post(path: str, body: dict) -> tuple[int, dict]:
        request = urllib.request.Request(base_url.rstrip("/") + path, data=json.dumps(body).encode(),
                                         headers={"Content-Type": "application/json"}, method="POST")
        try:
            with urllib.request.urlopen(request, timeout=30) as response:
                return response.status, json.loads(response.read())
        except urllib.error.HTTPError as error:
            return error.code, {"body": error.read().decode("utf-8", "replace")[:300]}

    return post
