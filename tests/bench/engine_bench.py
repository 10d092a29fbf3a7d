"""How fast the engine answers a step, on generated knowledge bases: `python -m tests.bench.engine_bench`."""

from __future__ import annotations

import time
import tracemalloc

import numpy as np

from backend.quiz.engine import (
    CHOICES,
    LEVELS,
    RARITIES,
    Case,
    ConditionDef,
    Evidence,
    GroupDef,
    KnowledgeBase,
    LinkDef,
    SymptomDef,
    TopicDef,
    next_step,
)

TOPIC = "generated"
RED_FLAG_LEVELS = ("emergency_ambulance", "emergency", "consultation_24")


def generate_content(
    n_conditions: int, n_symptoms: int, links_per_condition: int, rng: np.random.Generator, n_red_flags: int = 12,
) -> tuple[list[TopicDef], list[ConditionDef], list[SymptomDef], list[GroupDef], list[LinkDef]]:
    """Random content for one topic, shaped like the real content but of any size: build()'s arguments."""
    groups: list[GroupDef] = []
    group_of: dict[int, str] = {}
    # About one finding in seven sits in a pick-one group of 4, as many in a pick-all group of 5.
    n_grouped = max(0, (n_symptoms - n_red_flags) // 7)
    cursor = n_red_flags
    for type_, size in (("group_single", 4), ("group_multiple", 5)):
        for g in range(n_grouped // size):
            group_id = f"{type_}-{g}"
            groups.append(GroupDef(group_id, f"Which of these? ({group_id})", "", type_))
            for k in range(size):
                group_of[cursor + k] = group_id
            cursor += size

    symptoms = []
    for i in range(n_symptoms):
        red = i < n_red_flags
        symptoms.append(SymptomDef(
            id=f"s{i}",
            name=f"Finding {i}",
            question=f"Do you have finding {i}?",
            kind="red_flag" if red else str(rng.choice(["symptom", "symptom", "symptom", "risk_factor", "duration"])),
            group=group_of.get(i),
            base_rate=float(rng.uniform(0.005, 0.1)),
            min_level=RED_FLAG_LEVELS[i % 3] if red else None,
            sex="female" if (not red and rng.random() < 0.01) else "any",
            order=i,
        ))
    conditions = []
    for i in range(n_conditions):
        age_min = int(rng.integers(0, 60))
        conditions.append(ConditionDef(
            id=f"c{i}",
            name=f"Condition {i}",
            icd10="R69",
            rarity=str(rng.choice(RARITIES, p=[0.4, 0.3, 0.2, 0.1])),
            urgency=str(rng.choice(LEVELS, p=[0.03, 0.07, 0.2, 0.35, 0.35])),
            age_min=age_min,
            age_max=int(rng.integers(age_min + 20, 121)),
            sex=str(rng.choice(["any", "female", "male"], p=[0.9, 0.05, 0.05])),
        ))
    links = []
    for i in range(n_conditions):
        for s in rng.choice(n_symptoms, size=links_per_condition, replace=False):
            roll = rng.random()
            if roll < 0.02:
                links.append(LinkDef(f"c{i}", f"s{s}", float(rng.uniform(0.9, 1.0)), "always"))
            elif roll < 0.03:
                links.append(LinkDef(f"c{i}", f"s{s}", float(rng.uniform(0.0, 0.05)), "never"))
            else:
                links.append(LinkDef(f"c{i}", f"s{s}", float(rng.beta(2, 2))))
    topic = TopicDef(
        TOPIC, "Generated topic",
        condition_ids=tuple(c.id for c in conditions), symptom_ids=tuple(s.id for s in symptoms),
    )
    return [topic], conditions, symptoms, groups, links


def generate_kb(
    n_conditions: int, n_symptoms: int, links_per_condition: int, rng: np.random.Generator,
) -> KnowledgeBase:
    """A random knowledge base of one topic (see generate_content)."""
    return KnowledgeBase.build(*generate_content(n_conditions, n_symptoms, links_per_condition, rng))


def random_case(kb: KnowledgeBase, topic_id: str, rng: np.random.Generator) -> Case:
    """A mid-interview case: the red-flag screen answered "none", then 5-15 random answers."""
    symptoms = kb.symptoms_of(topic_id)
    flags = [s.id for s in symptoms if s.kind == "red_flag"]
    others = [s.id for s in symptoms if s.kind != "red_flag"]
    picked = rng.choice(len(others), size=min(len(others), int(rng.integers(5, 16))), replace=False)
    evidence = [Evidence(f, "absent") for f in flags]
    evidence += [Evidence(others[i], str(rng.choice(CHOICES, p=[0.35, 0.5, 0.15]))) for i in picked]
    return Case(
        topic=topic_id,
        age=int(rng.integers(1, 95)),
        sex=str(rng.choice(["female", "male"])),
        evidence=tuple(evidence),
        continue_after_emergency=True,  # so every step goes all the way to choosing a question
    )


def bench_steps(kb: KnowledgeBase, topic_id: str, n: int, rng: np.random.Generator) -> dict:
    """Time `n` steps on random mid-interview cases; times in milliseconds."""
    cases = [random_case(kb, topic_id, rng) for _ in range(n)]
    for case in cases[:5]:
        next_step(kb, case)  # warm caches before measuring
    times = np.empty(n)
    stopped = 0
    for k, case in enumerate(cases):
        start = time.perf_counter()
        step = next_step(kb, case)
        times[k] = (time.perf_counter() - start) * 1000
        stopped += step.should_stop
    return {
        "steps": n,
        "median_ms": float(np.median(times)),
        "p99_ms": float(np.percentile(times, 99)),
        "max_ms": float(times.max()),
        "stopped": stopped,
    }


def measure(n_conditions: int, n_symptoms: int, links_per_condition: int, steps: int, seed: int = 7) -> dict:
    """Build time, compiled size and step times for one generated size."""
    rng = np.random.default_rng(seed)
    content = generate_content(n_conditions, n_symptoms, links_per_condition, rng)
    start = time.perf_counter()
    KnowledgeBase.build(*content)
    build_s = time.perf_counter() - start
    # A second build under tracemalloc: what the compiled form keeps, and the peak while compiling.
    tracemalloc.start()
    kb = KnowledgeBase.build(*content)
    retained, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()

    result = bench_steps(kb, TOPIC, steps, rng)
    result.update(
        conditions=n_conditions, symptoms=n_symptoms, links=len(content[4]), build_s=build_s,
        arrays_mb=kb.nbytes() / 1e6, retained_mb=retained / 1e6, peak_mb=peak / 1e6,
    )
    return result


def main() -> None:
    sizes = [(45, 100, 12), (3600, 10_000, 8), (3600, 10_000, 15), (3600, 10_000, 30)]
    print(
        f"{'conditions':>10} {'symptoms':>8} {'links':>7} {'build s':>8} {'arrays MB':>9} {'kept MB':>8} "
        f"{'peak MB':>8} {'median ms':>9} {'p99 ms':>7} {'max ms':>7}"
    )
    for n_conditions, n_symptoms, per_condition in sizes:
        r = measure(n_conditions, n_symptoms, per_condition, steps=400)
        print(
            f"{r['conditions']:>10} {r['symptoms']:>8} {r['links']:>7} {r['build_s']:>8.2f} {r['arrays_mb']:>9.2f} "
            f"{r['retained_mb']:>8.2f} {r['peak_mb']:>8.2f} {r['median_ms']:>9.3f} {r['p99_ms']:>7.3f} "
            f"{r['max_ms']:>7.3f}"
        )


if __name__ == "__main__":
    main()
