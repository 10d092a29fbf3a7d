"""Moves through the quiz in a real browser the way a person would: by tapping the answers."""

import re
from collections.abc import Callable

from playwright.sync_api import Page, expect

RESULT_HEADING = "Your answers suggest you should:"


def start(page: Page, base: str, topic: str = "back-lump") -> None:
    page.goto(f"{base}/topics/{topic}/")
    page.get_by_role("link", name=re.compile(r"^Take the .* quiz$")).click()
    page.get_by_role("button", name=re.compile(r"^(Start|Start again)$")).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Check it's not an emergency")


def no_red_flags(page: Page) -> None:
    page.get_by_role("button", name="I have none of these").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Who is this for?")


def about(page: Page, who: str = "Me", age: str = "34", sex: str = "Female", describe: str | None = None) -> None:
    """Who, age and sex, then the describe step: skipped, or with these words (then the page that follows)."""
    page.get_by_text(who, exact=True).click()
    page.get_by_role("button", name="Continue").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(re.compile(r"^About (you|them)$"))
    page.get_by_label(re.compile(r"How old are (you|they)\?")).fill(age)
    page.get_by_text(sex, exact=True).click()
    page.get_by_role("button", name="Continue").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Describe it in your own words (optional)")
    if describe is None:
        page.get_by_role("button", name="Skip this").click()
        expect(page.get_by_text(re.compile(r"^Question 1$"))).to_be_visible()
    else:
        page.get_by_label(re.compile(r"what is bothering (you|them)\?")).fill(describe)
        page.get_by_role("button", name="Continue").click()


def skip_describing(page: Page) -> None:
    """On the describe step (after age and sex), skip it: the questions follow."""
    expect(page.locator("#step-heading")).not_to_have_text(re.compile(r"^About (you|them)$"))
    if page.get_by_role("heading", level=1, name="Describe it in your own words (optional)").count():
        page.get_by_role("button", name="Skip this").click()
        expect(page.get_by_text(re.compile(r"^Question 1$"))).to_be_visible()


def question_kind(page: Page) -> str:
    """The type of the question on screen: single, group_multiple or group_single."""
    card = page.locator("#step-card")
    if card.get_by_role("button", name="Yes", exact=True).count():
        return "single"
    return "group_multiple" if card.get_by_role("button", name="None of these").count() else "group_single"


def answer_current(page: Page) -> str:
    """Answer the question on screen with "no" / "none of these" / "I don't know"; returns its kind."""
    card, kind = page.locator("#step-card"), question_kind(page)
    if kind == "single":
        card.get_by_role("button", name="No", exact=True).click()
    elif kind == "group_multiple":
        card.get_by_role("button", name="None of these").click()
    else:
        card.get_by_text("I don't know", exact=True).click()
        card.get_by_role("button", name="Continue").click()
    return kind


def answer_first_option(page: Page) -> str:
    """Answer the question on screen with "no", or by choosing its first option; returns its kind.

    Choosing leads the quiz further into a topic than "none of these" does: to its pick-one questions."""
    card, kind = page.locator("#step-card"), question_kind(page)
    if kind == "single":
        card.get_by_role("button", name="No", exact=True).click()
    else:
        card.locator("label.choice").first.click()
        card.get_by_role("button", name="Continue").click()
    return kind


def finish(page: Page, on_new_kind: Callable[[str], None] | None = None, limit: int = 25,
           answer: Callable[[Page], str] = answer_current) -> list[str]:
    """Answer questions (with `answer`) until the result shows; calls `on_new_kind` on the first question of
    each type (before answering it) and returns the kinds met."""
    kinds = []
    skip_describing(page)
    for _ in range(limit):
        if page.get_by_text(RESULT_HEADING).count():
            return kinds
        number = page.locator(".question-number").inner_text()
        kind = question_kind(page)
        if on_new_kind and kind not in kinds:
            on_new_kind(kind)
        kinds.append(answer(page))
        expect(page.locator(".question-number, .outcome-kicker").first).not_to_have_text(number)
    raise AssertionError("the quiz never reached a result")
