"""The assessment API over real HTTP, against the shipped knowledge base (DESIGN.md's contract)."""

import pytest

pytestmark = pytest.mark.django_db(transaction=True)

LEVELS = ["emergency_ambulance", "emergency", "consultation_24", "consultation", "self_care"]


def red_flags(api, topic: str) -> list[dict]:
    status, answer = api.next(topic=topic)
    assert status == 200
    return answer["question"]["items"]


def emergency_flag(api, topic: str) -> str:
    for item in red_flags(api, topic):
        _, answer = api.next(topic=topic, evidence=[{"id": item["id"], "choice": "present"}])
        if answer["triage"]["level"] in LEVELS[:2]:
            return item["id"]
    raise AssertionError(f"{topic} has no emergency red flag")


@pytest.mark.parametrize("topic", ["back-lump", "back-burning"])
def test_it_opens_every_interview_with_the_red_flag_screen(api, topic):
    status, answer = api.next(topic=topic, age=40, sex="female")
    assert status == 200
    question = answer["question"]
    assert question["type"] == "group_multiple"
    assert question["items"] and all(item["kind"] == "red_flag" for item in question["items"])
    assert answer["should_stop"] is False
    assert answer["questions_asked"] == 0
    assert answer["triage"]["level"] in LEVELS


def test_it_accepts_an_interview_without_age_or_sex(api):
    status, answer = api.next(topic="back-lump")
    assert status == 200
    assert answer["question"]["type"] == "group_multiple"


def test_it_stops_on_an_emergency_red_flag_and_lists_it_as_serious(api):
    flag = emergency_flag(api, "back-burning")
    status, answer = api.next(topic="back-burning", evidence=[{"id": flag, "choice": "present"}])
    assert status == 200
    assert answer["should_stop"] is True and answer["question"] is None
    assert answer["triage"]["level"] in LEVELS[:2]
    assert any(s["id"] == flag and s["is_emergency"] for s in answer["triage"]["serious"])


def test_it_goes_on_after_an_emergency_when_asked_and_keeps_the_level(api):
    flag = emergency_flag(api, "back-lump")
    status, answer = api.next(topic="back-lump", evidence=[{"id": flag, "choice": "present"}],
                              extras={"continue_after_emergency": True})
    assert status == 200
    assert answer["should_stop"] is False and answer["question"]
    assert answer["triage"]["level"] in LEVELS[:2]


@pytest.mark.parametrize("topic", ["back-lump", "back-burning"])
def test_it_runs_a_whole_interview_to_a_stop(api, topic):
    evidence = [{"id": item["id"], "choice": "absent"} for item in red_flags(api, topic)]
    for _ in range(40):
        status, answer = api.next(topic=topic, age=30, sex="male", evidence=evidence)
        assert status == 200
        if answer["should_stop"]:
            break
        asked = {e["id"] for e in evidence}
        new = [item["id"] for item in answer["question"]["items"] if item["id"] not in asked]
        assert new, "every question asks something not yet answered"
        evidence += [{"id": i, "choice": "unknown"} for i in new]
    else:
        raise AssertionError("the interview never stopped")
    assert answer["question"] is None
    assert 1 <= answer["questions_asked"] <= 16
    probabilities = [c["probability"] for c in answer["conditions"]]
    assert probabilities == sorted(probabilities, reverse=True)
    assert all(0 <= p <= 1 for p in probabilities) and len(probabilities) <= 10


def test_it_ranks_a_clear_abscess_first(api):
    status, answer = api.next(topic="back-lump", age=35, sex="male", evidence=[
        {"id": flag["id"], "choice": "absent"} for flag in red_flags(api, "back-lump")
    ])
    assert status == 200
    top = answer["conditions"][0]
    assert set(top) == {"id", "name", "icd10", "probability", "rarity", "urgency"}


def test_it_explains_a_condition_with_supporting_and_conflicting_answers(api):
    _, answer = api.next(topic="back-burning")
    evidence = [{"id": item["id"], "choice": "absent"} for item in answer["question"]["items"]]
    _, answer = api.next(topic="back-burning", evidence=evidence)
    target = answer["conditions"][0]["id"]
    status, explanation = api.call("/api/v1/assessments/explain/",
                                   {"topic": "back-burning", "evidence": evidence, "target": target})
    assert status == 200
    assert explanation["target"] == target
    assert isinstance(explanation["supporting"], list) and isinstance(explanation["conflicting"], list)
    for reason in explanation["supporting"]:
        assert reason["weight"] > 0 and reason["choice"] in ("present", "absent")
    for reason in explanation["conflicting"]:
        assert reason["weight"] < 0


def test_it_explains_an_abscess_as_a_clinician_would(api):
    """Pus fits an abscess; the colours not picked are no reason either way; a finding it usually
    causes that the person doesn't have argues against it."""
    picked_red = [{"id": c, "choice": "present" if c == "colour-red" else "absent"}
                  for c in ("colour-skin", "colour-red", "colour-brown", "colour-dark", "colour-bruise")]
    evidence = [*picked_red, {"id": "pus-in-lump", "choice": "present"}, {"id": "lump-tender", "choice": "absent"}]
    status, explanation = api.call("/api/v1/assessments/explain/",
                                   {"topic": "back-lump", "evidence": evidence, "target": "skin-abscess"})
    assert status == 200
    fits = {r["id"]: r["choice"] for r in explanation["supporting"]}
    against = {r["id"]: r["choice"] for r in explanation["conflicting"]}
    assert fits.get("pus-in-lump") == "present" and fits.get("colour-red") == "present"
    assert all(choice == "present" for choice in fits.values())
    assert not {"colour-skin", "colour-brown", "colour-dark", "colour-bruise"} & (set(fits) | set(against))
    assert against.get("lump-tender") == "absent"


def test_it_refuses_to_explain_a_condition_of_another_topic(api):
    status, answer = api.call("/api/v1/assessments/explain/",
                              {"topic": "back-burning", "evidence": [], "target": "lipoma"})
    assert status == 400
    assert answer["errors"][0]["field"] == "target"


def test_it_ignores_unknown_top_level_keys(api):
    status, _ = api.next(topic="back-lump", colour="blue", session={"x": 1})
    assert status == 200
