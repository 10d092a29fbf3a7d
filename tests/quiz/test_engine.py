"""The triage engine on a small hand-built knowledge base: no database, no Django."""

from dataclasses import replace

import numpy as np
import pytest

from backend.quiz.engine import (
    DEFAULT_SETTINGS,
    Case,
    ConditionDef,
    Evidence,
    GroupDef,
    KnowledgeBase,
    LinkDef,
    Reading,
    RuleDef,
    Step,
    SymptomDef,
    TopicDef,
    emergency_findings,
    explain,
    next_step,
)
from tests.bench.engine_bench import generate_content, generate_kb, random_case

RED_FLAGS = ("bladder-control-loss", "chest-pain", "high-fever")
NO_RED_FLAGS = {flag: "absent" for flag in RED_FLAGS}


def symptom(id, kind="symptom", order=50, **fields) -> SymptomDef:
    return SymptomDef(id=id, name=id.replace("-", " ").capitalize(), question=f"{id}?", why=f"Why {id}", kind=kind,
                      order=order, **fields)


CONDITIONS = [
    ConditionDef("muscle-strain", "Muscle strain", "S39.012A", "common", "self_care"),
    ConditionDef("skin-abscess", "Skin abscess", "L02.212", "common", "consultation_24"),
    ConditionDef("lipoma", "Lipoma", "D17.1", "common", "self_care", age_min=20),
    ConditionDef("spinal-epidural-abscess", "Spinal epidural abscess", "G06.1", "very_rare", "emergency"),
    ConditionDef("endometriosis", "Endometriosis", "N80.9", "uncommon", "consultation", 12, 55, "female"),
    ConditionDef("prostatitis", "Prostatitis", "N41.9", "uncommon", "consultation", 18, 120, "male"),
]
SYMPTOMS = [
    symptom("bladder-control-loss", "red_flag", 1, min_level="emergency_ambulance", base_rate=0.002),
    symptom("chest-pain", "red_flag", 2, min_level="emergency", base_rate=0.005),
    symptom("high-fever", "red_flag", 3, min_level="consultation_24", base_rate=0.02),
    symptom("pain-on-movement", order=10, base_rate=0.2),
    symptom("lump", order=11, base_rate=0.05),
    symptom("lump-soft-moves", order=12, base_rate=0.03),
    symptom("lump-red-hot", order=20, group="lump-look", base_rate=0.02),
    symptom("pus", order=21, group="lump-look", base_rate=0.01),
    symptom("lump-growing", order=22, group="lump-look", base_rate=0.02),
    symptom("pain-with-periods", order=30, sex="female", base_rate=0.05),
    symptom("pain-peeing", order=31, base_rate=0.03),
    symptom("injected-drug-use", "risk_factor", 40, min_level="consultation_24", base_rate=0.01),
    symptom("diabetes", "risk_factor", 41, base_rate=0.08),
    symptom("duration-days", "duration", 50, group="how-long", base_rate=0.3),
    symptom("duration-weeks", "duration", 51, group="how-long", base_rate=0.3),
    symptom("duration-months", "duration", 52, group="how-long", base_rate=0.3),
    symptom("burning-band", order=1),
]
GROUPS = [
    GroupDef("lump-look", "What does the lump look like?", "The look of a lump tells cysts from infections.",
             "group_multiple"),
    GroupDef("how-long", "How long have you had it?", "New pain and old pain have different causes.", "group_single"),
]
LINKS = [
    LinkDef("muscle-strain", "pain-on-movement", 0.9),
    LinkDef("muscle-strain", "lump", 0.01, "never"),
    LinkDef("muscle-strain", "duration-days", 0.6),
    LinkDef("muscle-strain", "duration-weeks", 0.3),
    LinkDef("muscle-strain", "duration-months", 0.1),
    LinkDef("skin-abscess", "lump", 0.95, "always"),
    LinkDef("skin-abscess", "lump-red-hot", 0.95, "always"),
    LinkDef("skin-abscess", "pus", 0.6),
    LinkDef("skin-abscess", "lump-growing", 0.5),
    LinkDef("skin-abscess", "high-fever", 0.1),
    LinkDef("skin-abscess", "diabetes", 0.15),
    LinkDef("skin-abscess", "lump-soft-moves", 0.05),
    LinkDef("skin-abscess", "duration-days", 0.7),
    LinkDef("skin-abscess", "duration-weeks", 0.25),
    LinkDef("lipoma", "lump", 0.99, "always"),
    LinkDef("lipoma", "lump-soft-moves", 0.9),
    LinkDef("lipoma", "lump-red-hot", 0.01, "never"),
    LinkDef("lipoma", "pus", 0.01, "never"),
    LinkDef("lipoma", "lump-growing", 0.2),
    LinkDef("lipoma", "pain-on-movement", 0.1),
    LinkDef("lipoma", "duration-days", 0.05),
    LinkDef("lipoma", "duration-weeks", 0.15),
    LinkDef("lipoma", "duration-months", 0.8),
    LinkDef("spinal-epidural-abscess", "high-fever", 0.6),
    LinkDef("spinal-epidural-abscess", "pain-on-movement", 0.8),
    LinkDef("spinal-epidural-abscess", "injected-drug-use", 0.3),
    LinkDef("spinal-epidural-abscess", "diabetes", 0.3),
    LinkDef("spinal-epidural-abscess", "bladder-control-loss", 0.2),
    LinkDef("spinal-epidural-abscess", "duration-days", 0.7),
    LinkDef("endometriosis", "pain-with-periods", 0.9),
    LinkDef("endometriosis", "duration-months", 0.8),
    LinkDef("endometriosis", "pain-peeing", 0.1),
    LinkDef("prostatitis", "pain-peeing", 0.8),
    LinkDef("prostatitis", "high-fever", 0.2),
    LinkDef("prostatitis", "duration-weeks", 0.5),
]
TOPIC = TopicDef(
    "back-pain", "Back pain", "Do you have any of these right now?", "consultation",
    condition_ids=tuple(c.id for c in CONDITIONS),
    symptom_ids=tuple(s.id for s in SYMPTOMS if s.id != "burning-band"),
)
OTHER_TOPIC = TopicDef("burning-back", "Burning back", condition_ids=("muscle-strain",),
                       symptom_ids=("burning-band",))


@pytest.fixture(scope="module")
def kb() -> KnowledgeBase:
    return KnowledgeBase.build([TOPIC, OTHER_TOPIC], CONDITIONS, SYMPTOMS, GROUPS, LINKS, version=3)


def case(answers: dict[str, str] | None = None, **fields) -> Case:
    evidence = tuple(Evidence(id, choice) for id, choice in (answers or {}).items())
    return Case(topic="back-pain", evidence=evidence, **{"age": 40, **fields})


def probability(step: Step, condition_id: str) -> float:
    return next(c.probability for c in step.conditions if c.id == condition_id)


def interview(kb, truth: dict[str, str], settings=DEFAULT_SETTINGS, **fields) -> tuple[Step, list[str]]:
    """Answer every question as a patient with these findings would (anything else absent) until it stops."""
    answers: dict[str, str] = {}
    asked: list[str] = []
    for _ in range(50):
        step = next_step(kb, case(answers, **fields), settings)
        if step.should_stop:
            return step, asked
        for item in step.question.items:
            asked.append(item.id)
            answers[item.id] = truth.get(item.id, "absent")
    raise AssertionError("The interview never stopped.")


LIPOMA = {"lump": "present", "lump-soft-moves": "present", "duration-months": "present"}
STRAIN = {**NO_RED_FLAGS, "pain-on-movement": "present", "lump": "absent", "duration-days": "present"}
ABSCESS = {**NO_RED_FLAGS, "lump": "present", "lump-red-hot": "present", "pus": "present", "duration-days": "present"}


def test_it_asks_the_red_flag_screen_first(kb):
    step = next_step(kb, case())

    assert step.question.type == "group_multiple"
    assert step.question.text == "Do you have any of these right now?"
    assert [item.id for item in step.question.items] == list(RED_FLAGS)
    assert {item.kind for item in step.question.items} == {"red_flag"}
    assert step.question.items[0].choices == ("present", "absent", "unknown")
    assert not step.should_stop
    assert step.questions_asked == 0
    assert step.triage.level == "consultation"  # the topic's default before any answer
    assert step.progress == 0


def test_it_asks_the_red_flag_screen_even_when_other_answers_came_first(kb):
    step = next_step(kb, case(LIPOMA))

    assert [item.id for item in step.question.items] == list(RED_FLAGS)


def test_it_stops_for_an_emergency_red_flag_and_names_it_as_serious(kb):
    step = next_step(kb, case({"bladder-control-loss": "present", "chest-pain": "absent"}))

    assert step.should_stop
    assert step.question is None
    assert step.triage.level == "emergency_ambulance"
    assert step.triage.label == "Call an ambulance now"
    assert [(s.id, s.is_emergency) for s in step.triage.serious] == [("bladder-control-loss", True)]
    assert step.progress == 1.0


def test_it_goes_on_after_an_emergency_when_the_user_chooses_to_and_keeps_the_level(kb):
    step = next_step(kb, case({**NO_RED_FLAGS, "chest-pain": "present"}, continue_after_emergency=True))

    assert not step.should_stop
    assert step.question is not None
    assert step.question.items[0].kind != "red_flag"
    assert step.triage.level == "emergency"

    step = next_step(kb, case({**NO_RED_FLAGS, "chest-pain": "present", **LIPOMA}, continue_after_emergency=True))
    assert step.triage.level == "emergency"


def test_it_raises_a_self_care_case_to_consultation_24_for_an_urgent_red_flag_without_stopping(kb):
    soft_lump = {**NO_RED_FLAGS, "lump": "present", "lump-soft-moves": "present"}
    assert next_step(kb, case(soft_lump)).triage.level == "self_care"

    step = next_step(kb, case({**soft_lump, "high-fever": "present"}))

    assert step.triage.level == "consultation_24"
    assert not step.should_stop
    assert step.question is not None
    assert ("high-fever", False) in [(s.id, s.is_emergency) for s in step.triage.serious]


def test_it_changes_nothing_for_an_unknown_answer(kb):
    before = next_step(kb, case(STRAIN))
    after = next_step(kb, case({**STRAIN, "diabetes": "unknown"}))

    assert after.conditions == before.conditions
    assert after.triage == before.triage
    assert after.unexplained == before.unexplained
    assert after.questions_asked == before.questions_asked + 1


def test_it_ranks_first_the_condition_whose_top_findings_are_present(kb):
    step = next_step(kb, case({**NO_RED_FLAGS, **LIPOMA}))

    assert step.conditions[0].id == "lipoma"
    assert step.conditions[0].name == "Lipoma"
    assert step.conditions[0].icd10 == "D17.1"
    assert step.triage.level == "self_care"


def test_it_pushes_a_condition_down_hard_when_a_finding_that_always_occurs_is_absent(kb):
    growing_lump = {**NO_RED_FLAGS, "lump": "present", "lump-growing": "present"}
    with_redness = next_step(kb, case(growing_lump))
    without_redness = next_step(kb, case({**growing_lump, "lump-red-hot": "absent"}))

    assert with_redness.conditions[0].id == "skin-abscess"
    assert probability(without_redness, "skin-abscess") < probability(with_redness, "skin-abscess") / 5
    assert without_redness.conditions[0].id != "skin-abscess"


def test_it_sends_a_likely_abscess_to_a_doctor_within_24_hours_and_says_why(kb):
    step = next_step(kb, case(ABSCESS))

    assert step.triage.level == "consultation_24"
    assert step.triage.label == "See a doctor within 24 hours"
    serious = [s.id for s in step.triage.serious]
    assert 0 < len(serious) <= 3
    assert "pus" in serious
    assert not any(s.is_emergency for s in step.triage.serious)


def test_it_advises_a_doctor_when_nothing_fits_the_answers(kb):
    odd = {**NO_RED_FLAGS, "pain-on-movement": "absent", "lump": "absent", "pain-peeing": "absent",
           "duration-months": "present"}
    step = next_step(kb, case(odd, sex="male"))

    assert step.unexplained > max(c.probability for c in step.conditions)
    assert step.triage.level == "consultation"


def test_it_follows_age_and_sex_in_the_priors(kb):
    child, adult = next_step(kb, case(age=8)), next_step(kb, case(age=40))
    woman, man = next_step(kb, case(sex="female")), next_step(kb, case(sex="male"))

    assert probability(child, "lipoma") < probability(adult, "lipoma") / 5
    assert probability(woman, "endometriosis") > 50 * probability(man, "endometriosis")
    assert probability(man, "prostatitis") > 50 * probability(woman, "prostatitis")
    assert probability(next_step(kb, case(age=None, sex=None)), "endometriosis") > probability(man, "endometriosis")


def test_it_never_asks_a_man_a_question_meant_only_for_women(kb):
    ask_everything = replace(DEFAULT_SETTINGS, min_gain=0)
    _, asked_of_a_man = interview(kb, {"pain-peeing": "present"}, ask_everything, sex="male")
    _, asked_of_a_woman = interview(kb, {"pain-peeing": "present"}, ask_everything, sex="female")

    assert "pain-with-periods" not in asked_of_a_man
    assert "pain-with-periods" in asked_of_a_woman


def test_it_asks_a_group_as_one_question_and_counts_it_once(kb):
    step = next_step(kb, case({**NO_RED_FLAGS, "lump-red-hot": "present", "pus": "absent", "lump-growing": "absent"}))

    assert step.questions_asked == 2  # the red-flag screen and the lump's look
    assert {item.id for item in step.question.items}.isdisjoint({"lump-red-hot", "pus", "lump-growing"})


def test_it_asks_pick_one_and_pick_all_groups_with_their_items_in_order(kb):
    types = {}
    answers = dict(NO_RED_FLAGS)
    for _ in range(12):
        step = next_step(kb, case(answers), replace(DEFAULT_SETTINGS, min_gain=0, stop_leader=1.1))
        if step.should_stop:
            break
        types[step.question.text] = (step.question.type, [item.id for item in step.question.items])
        answers.update({item.id: "unknown" for item in step.question.items})

    assert types["What does the lump look like?"] == ("group_multiple", ["lump-red-hot", "pus", "lump-growing"])
    durations = ["duration-days", "duration-weeks", "duration-months"]
    assert types["How long have you had it?"] == ("group_single", durations)
    assert types["pain-on-movement?"] == ("single", ["pain-on-movement"])


def test_it_stops_at_the_question_cap(kb):
    settings = replace(DEFAULT_SETTINGS, max_questions=3, min_gain=0)
    answers: dict[str, str] = {}
    for _ in range(10):
        step = next_step(kb, case(answers), settings)
        if step.should_stop:
            break
        answers.update({item.id: "unknown" for item in step.question.items})

    assert step.should_stop
    assert step.questions_asked == 3


def test_it_stops_early_when_one_condition_clearly_leads(kb):
    settings = replace(DEFAULT_SETTINGS, min_questions=3, min_gain=0, self_care_min_present=1)
    step, asked = interview(kb, LIPOMA, settings)

    assert step.should_stop
    assert step.conditions[0].id == "lipoma"
    assert step.conditions[0].probability >= settings.stop_leader
    assert settings.min_questions <= step.questions_asked < 10  # 10 questions exist in the topic
    assert step.triage.level == "self_care"


def test_it_advises_home_care_only_on_findings_the_person_has_told_us_about(kb):
    one_finding = {**NO_RED_FLAGS, "lump": "present", "lump-red-hot": "absent", "pus": "absent",
                   "lump-growing": "absent"}
    two_findings = {**one_finding, "lump-soft-moves": "present"}
    assert next_step(kb, case(one_finding)).conditions[0].id == "lipoma"

    assert next_step(kb, case(one_finding)).triage.level == "consultation"
    assert next_step(kb, case(two_findings)).triage.level == "self_care"


def test_it_explains_a_condition_with_findings_for_and_against_it(kb):
    answers = {**NO_RED_FLAGS, "lump": "present", "lump-soft-moves": "present", "pus": "present", "diabetes": "unknown"}
    explanation = explain(kb, case(answers), "lipoma")

    supporting = [r.id for r in explanation.supporting]
    conflicting = [r.id for r in explanation.conflicting]
    assert explanation.target == "lipoma"
    assert "lump-soft-moves" in supporting
    assert "pus" in conflicting
    assert "diabetes" not in supporting + conflicting
    assert all(r.weight >= 0.05 for r in explanation.supporting)
    for_weights = [r.weight for r in explanation.supporting]
    against_weights = [r.weight for r in explanation.conflicting]
    assert for_weights == sorted(for_weights, reverse=True)
    assert against_weights == sorted(against_weights)
    assert next(r for r in explanation.conflicting if r.id == "pus").choice == "present"


def test_it_ignores_ids_that_are_not_in_the_topic(kb):
    clean = next_step(kb, case(STRAIN))
    noisy = next_step(kb, case({**STRAIN, "burning-band": "present", "no-such-finding": "present"}))

    assert noisy == clean
    assert next_step(kb, case({"burning-band": "present"})).questions_asked == 0


def test_it_offers_the_lookups_the_api_needs(kb):
    assert kb.version == 3
    assert kb.topic("back-pain").title == "Back pain"
    assert [s.id for s in kb.symptoms_of("back-pain")][:3] == list(RED_FLAGS)
    assert kb.symptom("pus").group == "lump-look"
    assert kb.condition("lipoma").icd10 == "D17.1"
    assert kb.has_symptom("back-pain", "pus")
    assert not kb.has_symptom("back-pain", "burning-band")
    assert not kb.has_symptom("no-such-topic", "pus")
    assert kb.has_condition("back-pain", "lipoma")


def test_it_lists_at_most_ten_conditions_highest_first_with_probabilities_between_0_and_1():
    rng = np.random.default_rng(1)
    kb = generate_kb(60, 200, 10, rng)
    for _ in range(20):
        step = next_step(kb, random_case(kb, "generated", rng))
        probabilities = [c.probability for c in step.conditions]
        assert len(step.conditions) == 10
        assert probabilities == sorted(probabilities, reverse=True)
        assert all(0 <= p <= 1 for p in probabilities)
        assert sum(probabilities) + step.unexplained <= 1.001
        assert 0 <= step.progress <= 1


def test_it_agrees_with_a_plain_naive_bayes_computation():
    rng = np.random.default_rng(2)
    topics, conditions, symptoms, groups, links = generate_content(30, 80, 8, rng)
    kb = KnowledgeBase.build(topics, conditions, symptoms, groups, links)
    bounds = {"always": (0.95, 0.999), "never": (0.001, 0.01), "": (0.001, 0.999)}
    likelihood = {}
    for link in links:
        low, high = bounds[link.constraint]
        likelihood[(link.condition, link.symptom)] = min(max(link.probability, low), high)
    rarity = DEFAULT_SETTINGS.rarity_weight
    for _ in range(5):
        person = random_case(kb, "generated", rng)
        scores = {}
        for c in conditions:
            score = rarity[c.rarity] * (0.1 if not c.age_min <= person.age <= c.age_max else 1)
            score *= 0.01 if c.sex not in ("any", person.sex) else 1
            for e in person.evidence:
                p = likelihood.get((c.id, e.id), kb.symptom(e.id).base_rate)
                score *= {"present": p, "absent": 1 - p, "unknown": 1}[e.choice]
            scores[c.id] = score
        leak = DEFAULT_SETTINGS.leak_weight
        for e in person.evidence:
            base = kb.symptom(e.id).base_rate
            leak *= {"present": base, "absent": 1 - base, "unknown": 1}[e.choice]
        total = sum(scores.values()) + leak
        for ranked in next_step(kb, person).conditions:
            assert ranked.probability == pytest.approx(scores[ranked.id] / total, abs=1e-4)


def test_its_information_gain_agrees_with_a_brute_force_computation():
    """Every question's gain, recomputed by enumerating each answer under each hypothesis."""
    import itertools
    import math

    from backend.quiz import engine

    def entropy(distribution):
        return -sum(p * math.log(p) for p in distribution if p > 0)

    rng = np.random.default_rng(4)
    topics, conditions, symptoms, groups, links = generate_content(12, 40, 6, rng, n_red_flags=3)
    kb = KnowledgeBase.build(topics, conditions, symptoms, groups, links)
    t = kb._arrays("generated")
    bounds = {"always": (0.95, 0.999), "never": (0.001, 0.01), "": (0.001, 0.999)}
    likelihood = {}
    for link in links:
        low, high = bounds[link.constraint]
        likelihood[(link.condition, link.symptom)] = min(max(link.probability, low), high)
    hypotheses = [c.id for c in t.conditions] + [None]  # None is the leak: every finding at its base rate

    def p_yes(hypothesis, finding):
        return likelihood.get((hypothesis, finding.id), float(t.base[t.symptom_index[finding.id]]))

    for _ in range(5):
        person = random_case(kb, "generated", rng)
        posterior = engine._evaluate(t, person, DEFAULT_SETTINGS).posterior
        view = t.by_sex[0]
        gains = engine._question_gains(t, posterior, view)
        for q_index, spec in enumerate(t.questions):
            items = [t.symptoms[i] for i in spec.items]
            if spec.type == "group_single":
                # Exactly one item is true: P(item | hypothesis) in proportion to its odds.
                def answer(h):
                    odds = [p_yes(h, item) / (1 - p_yes(h, item)) for item in items]
                    return [o / sum(odds) for o in odds]
                mixture = [sum(pi * answer(h)[k] for pi, h in zip(posterior, hypotheses)) for k in range(len(items))]
                exact = entropy(mixture) - sum(pi * entropy(answer(h)) for pi, h in zip(posterior, hypotheses))
                assert gains[q_index] == pytest.approx(exact, abs=1e-9)
                continue
            per_item = []
            for item in items:
                yes = sum(pi * p_yes(h, item) for pi, h in zip(posterior, hypotheses))
                per_item.append(entropy([yes, 1 - yes]) - sum(
                    pi * entropy([p_yes(h, item), 1 - p_yes(h, item)]) for pi, h in zip(posterior, hypotheses)))
            assert gains[q_index] == pytest.approx(sum(per_item), abs=1e-9)
            if spec.type == "group_multiple" and len(items) <= 6:
                # The sum of the items' gains bounds the joint gain of ticking any of them.
                outcomes = list(itertools.product([True, False], repeat=len(items)))

                def joint(h, outcome):
                    return math.prod(p_yes(h, item) if ticked else 1 - p_yes(h, item)
                                     for item, ticked in zip(items, outcome))
                mixture = [sum(pi * joint(h, o) for pi, h in zip(posterior, hypotheses)) for o in outcomes]
                exact = entropy(mixture) - sum(pi * entropy([joint(h, o) for o in outcomes])
                                               for pi, h in zip(posterior, hypotheses))
                assert exact <= gains[q_index] + 1e-9


def test_it_answers_a_step_on_a_generated_knowledge_base_of_3600_conditions():
    rng = np.random.default_rng(0)
    kb = generate_kb(3600, 10_000, 30, rng)

    first = next_step(kb, Case(topic="generated"))
    later = next_step(kb, random_case(kb, "generated", rng))

    assert first.question.items[0].kind == "red_flag"
    assert later.question is not None or later.should_stop
    assert len(later.conditions) == 10


def test_it_asks_the_health_background_right_after_the_red_flag_screen():
    symptoms = [replace(s, group="background") if s.id in {"injected-drug-use", "diabetes"} else s for s in SYMPTOMS]
    groups = [*GROUPS, GroupDef("background", "Do any of these apply to you?", "", "group_multiple", ask_first=True)]
    kb = KnowledgeBase.build([TOPIC], CONDITIONS, symptoms, groups, LINKS)

    step = next_step(kb, case(NO_RED_FLAGS))

    assert step.question.text == "Do any of these apply to you?"
    assert [item.id for item in step.question.items] == ["injected-drug-use", "diabetes"]
    answered = {**NO_RED_FLAGS, "diabetes": "absent", "injected-drug-use": "absent"}
    assert next_step(kb, case(answered)).question.text != "Do any of these apply to you?"


def test_it_asks_what_rules_out_a_dangerous_cause_before_splitting_harmless_ones():
    conditions = [ConditionDef("harmless-a", "A", "L70.0", "common", "self_care"),
                  ConditionDef("harmless-b", "B", "L73.9", "common", "self_care"),
                  ConditionDef("dangerous", "D", "G06.1", "rare", "emergency")]
    symptoms = [symptom("flag", "red_flag", 1, min_level="emergency", base_rate=0.01),
                symptom("tells-a-from-b", base_rate=0.3), symptom("points-to-danger", base_rate=0.05)]
    links = [LinkDef("harmless-a", "tells-a-from-b", 0.8), LinkDef("harmless-b", "tells-a-from-b", 0.2),
             LinkDef("dangerous", "points-to-danger", 0.9)]
    topic = TopicDef("t", "T", condition_ids=("harmless-a", "harmless-b", "dangerous"),
                     symptom_ids=("flag", "tells-a-from-b", "points-to-danger"))
    kb = KnowledgeBase.build([topic], conditions, symptoms, [], links)
    start = Case(topic="t", evidence=(Evidence("flag", "absent"),))

    plain = next_step(kb, start, replace(DEFAULT_SETTINGS, question_urgency_weight={}))
    weighted = next_step(kb, start)

    assert plain.question.items[0].id == "tells-a-from-b"
    assert weighted.question.items[0].id == "points-to-danger"


# A blood thinner, a knock and a growing lump: each harmless alone, an emergency together.
RULES = [RuleDef("thinner-knock-growing", "Blood thinner, a knock and a growing lump", "emergency",
                 ("injected-drug-use", "diabetes", "lump-growing")),
         RuleDef("growing-lump-young", "A growing lump in a young person", "consultation_24", ("lump-growing",),
                 age_max=24)]


@pytest.fixture(scope="module")
def ruled_kb() -> KnowledgeBase:
    return KnowledgeBase.build([TOPIC], CONDITIONS, SYMPTOMS, GROUPS, LINKS, rules=RULES)


def test_a_combination_rule_raises_the_level_only_when_all_its_findings_are_present(ruled_kb):
    two = {**NO_RED_FLAGS, **LIPOMA, "injected-drug-use": "present", "diabetes": "present", "lump-growing": "absent"}
    assert next_step(ruled_kb, case(two)).triage.level not in {"emergency", "emergency_ambulance"}

    step = next_step(ruled_kb, case({**two, "lump-growing": "present"}))

    assert step.triage.level == "emergency"
    assert step.should_stop
    assert {"injected-drug-use", "diabetes", "lump-growing"} <= {s.id for s in step.triage.serious}
    assert emergency_findings(ruled_kb, case({**two, "lump-growing": "present"})) == ("thinner-knock-growing",)


def test_one_reading_gives_what_the_answers_force_and_the_next_question(ruled_kb):
    two = {**NO_RED_FLAGS, **LIPOMA, "injected-drug-use": "present", "diabetes": "present"}
    everything = {**two, "lump-growing": "present", "chest-pain": "present", "bladder-control-loss": "present"}
    for answers in (two, {**two, "lump-growing": "present"}, everything, {**NO_RED_FLAGS, **LIPOMA}, {}):
        reading, step = Reading(ruled_kb, case(answers)), next_step(ruled_kb, case(answers))
        assert reading.next_question().question == step.question
        assert reading.next_question().should_stop == step.should_stop
        assert (reading.forced_level() in {"emergency", "emergency_ambulance"}) == bool(reading.emergency_findings())
    assert Reading(ruled_kb, case(two)).forced_level() not in {"emergency", "emergency_ambulance"}
    growing = Reading(ruled_kb, case({**two, "lump-growing": "present"}))
    assert growing.emergency_findings() == ("thinner-knock-growing",)
    assert growing.forced_level() == "emergency"
    assert len(Reading(ruled_kb, case(everything)).emergency_findings()) == 3
    assert Reading(ruled_kb, case({})).forced_level() is None


def test_a_combination_rule_follows_its_age_range_and_applies_when_the_age_is_unknown(ruled_kb):
    growing = {**NO_RED_FLAGS, **LIPOMA, "lump-growing": "present"}
    assert next_step(ruled_kb, case(growing, age=16)).triage.level == "consultation_24"
    assert next_step(ruled_kb, case(growing, age=None)).triage.level == "consultation_24"
    assert next_step(ruled_kb, case(growing, age=60)).triage.level == "self_care"


def test_a_rule_naming_a_finding_outside_the_topic_is_left_out(ruled_kb):
    kb = KnowledgeBase.build([TOPIC], CONDITIONS, SYMPTOMS, GROUPS, LINKS,
                             rules=[RuleDef("elsewhere", "Elsewhere", "emergency", ("lump", "burning-band"))])
    assert next_step(kb, case({**NO_RED_FLAGS, "lump": "present"})).triage.level != "emergency"


def test_it_gives_reasons_as_a_clinician_would():
    abscess = {**NO_RED_FLAGS, "lump": "present", "lump-red-hot": "present", "pus": "present",
               "lump-soft-moves": "absent", "lump-growing": "absent", "duration-days": "present",
               "duration-weeks": "absent", "duration-months": "absent"}
    kb = KnowledgeBase.build([TOPIC], CONDITIONS, SYMPTOMS, GROUPS, LINKS)

    why = explain(kb, case(abscess), "skin-abscess")

    fits = {r.id: r.choice for r in why.supporting}
    against = {r.id: r.choice for r in why.conflicting}
    # What the person has that an abscess typically causes fits; nothing they don't have is a "fit".
    assert {"lump", "lump-red-hot", "pus", "duration-days"} <= set(fits)
    assert set(fits.values()) == {"present"}
    # A common finding of an abscess that they don't have argues against it (growing: 0.5).
    assert against.get("lump-growing") == "absent"
    # Pick-one options they didn't pick are no reason either way.
    assert not {"duration-weeks", "duration-months"} & (set(fits) | set(against))


def test_it_says_what_a_condition_rarely_causes_counts_against_it():
    kb = KnowledgeBase.build([TOPIC], CONDITIONS, SYMPTOMS, GROUPS, LINKS)
    why = explain(kb, case({**NO_RED_FLAGS, "lump": "present", "pus": "present", "lump-soft-moves": "present"}),
                  "lipoma")

    assert [r.id for r in why.conflicting] == ["pus"]
    assert "lump-soft-moves" in [r.id for r in why.supporting]


def test_it_asks_what_confirms_or_rules_out_a_plausible_serious_condition():
    conditions = [ConditionDef("harmless", "H", "L70.0", "common", "self_care"),
                  ConditionDef("harmless-2", "H2", "L73.9", "common", "self_care"),
                  ConditionDef("cancer", "C", "C43.59", "rare", "consultation", must_not_miss=True)]
    symptoms = [symptom("flag", "red_flag", 1, min_level="emergency", base_rate=0.01),
                symptom("bleeding", order=2, base_rate=0.05), symptom("splits-harmless", order=3, base_rate=0.3),
                symptom("changing", order=4, base_rate=0.05)]
    links = [LinkDef("cancer", "bleeding", 0.5), LinkDef("harmless", "bleeding", 0.05),
             LinkDef("harmless", "splits-harmless", 0.9), LinkDef("harmless-2", "splits-harmless", 0.05),
             LinkDef("cancer", "changing", 0.8), LinkDef("harmless", "changing", 0.1),
             LinkDef("harmless-2", "changing", 0.1)]
    topic = TopicDef("t", "T", condition_ids=("harmless", "harmless-2", "cancer"),
                     symptom_ids=("flag", "bleeding", "splits-harmless", "changing"))
    kb = KnowledgeBase.build([topic], conditions, symptoms, [], links)
    bleeding = Case(topic="t", evidence=(Evidence("flag", "absent"), Evidence("bleeding", "present")))

    assert next_step(kb, bleeding).question.items[0].id == "changing"
    not_serious = KnowledgeBase.build([topic], [replace(c, must_not_miss=False) for c in conditions], symptoms, [],
                                      links)
    assert next_step(not_serious, bleeding).question.items[0].id == "splits-harmless"
