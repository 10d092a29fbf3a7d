"""Each care level's result page says its own advice: a person walks the quiz (no JavaScript) as one of
the clinical vignettes would, and the page must show the level the answers call for."""

import re

import pytest

from backend.quiz import engine, evaluation
from backend.quiz.loader import knowledge_base
from backend.quiz.progress import Progress
from tests.clinical.test_evaluation import BREADTH

pytestmark = pytest.mark.django_db

# One case per level, from the breadth set (written from references, not tuned to).
CASES = {
    "emergency_ambulance": "a-anaphylaxis-child-bee-sting",
    "emergency": "a-anticoag-bleed-flag",
    "consultation_24": "b-abscess-lower-back",
    "consultation": "b-lipoma-shoulder",
    "self_care": "b-pimple-teen-boy",
}


def walk(client, vignette: evaluation.Vignette, who: str = "me"):
    """Take the quiz as the vignette's patient would; returns the result page."""
    topic = f"/quiz/{vignette.topic}"
    client.post(f"{topic}/", {"action": "restart"})
    screen = client.get(f"{topic}/check/").text
    flags = [i for i in re.findall(r'name="flags" value="([^"]+)"', screen) if i in vignette.present]
    url = client.post(f"{topic}/check/", {"flags": flags} if flags else {"none": "1"})["Location"]
    for _ in range(40):
        if url.endswith("/emergency/"):
            url = client.post(url)["Location"]
        elif url.endswith("/who/"):
            url = client.post(url, {"who": who})["Location"]
        elif url.endswith("/about/"):
            url = client.post(url, {"age": str(vignette.age), "sex": vignette.sex})["Location"]
        elif url.endswith("/describe/"):
            url = client.post(url, {"skip": "1"})["Location"]
        elif url.endswith("/result/"):
            return client.get(url)
        else:
            url = client.post(url, answer(client.get(url).text, vignette))["Location"]
    raise AssertionError("the quiz never reached a result")


def answer(html: str, vignette: evaluation.Vignette) -> dict:
    items = re.search(r'name="items" value="([^"]*)"', html).group(1)
    ids = items.split(",")
    present = [i for i in ids if i in vignette.present]
    if 'value="present"' in html:  # yes / no / don't know
        choice = "present" if present else "absent" if ids[0] in vignette.absent else "unknown"
        return {"items": items, "answer": choice}
    if 'name="checked"' in html:  # pick all that apply
        if present:
            return {"items": items, "answer": "checked", "checked": present}
        return {"items": items, "answer": "none" if set(ids) & set(vignette.absent) else "unknown"}
    return {"items": items, "answer": present[0] if present else "unknown"}  # pick one


def heading(html: str) -> str:
    return re.search(r'<h1 id="step-heading"[^>]*>([^<]*)</h1>', html).group(1).strip()


def outcome_box(html: str) -> str:
    return re.search(r'<div class="outcome.*?</div>', html, re.S).group(0)


@pytest.mark.parametrize("level", list(CASES))
def test_each_care_level_shows_its_own_heading_advice_and_call_button(client, level):
    vignette = next(v for v in evaluation.load(BREADTH) if v.id == CASES[level])

    page = walk(client, vignette)

    progress = Progress.load(page.wsgi_request, vignette.topic, knowledge_base())
    assert engine.next_step(knowledge_base(), progress.case()).triage.level == level
    assert heading(page.text) == engine.LABELS[level]
    box = outcome_box(page.text)
    assert engine.ADVICE[level].split(". ")[0].replace("'", "&#x27;") in box
    assert f"level-box-{level}" in box
    assert ('href="tel:' in box) == (level in engine.EMERGENCY_LEVELS)
    for other in set(engine.LEVELS) - {level}:
        assert engine.LABELS[other] not in box


def test_the_result_speaks_of_them_when_answering_for_someone_else(client):
    vignette = next(v for v in evaluation.load(BREADTH) if v.id == CASES["self_care"])

    page = walk(client, vignette, who="other")

    assert "Only a doctor who examines them can say what it is." in page.text
    assert "Conditions that fit their answers" in page.text
