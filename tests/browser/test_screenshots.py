"""Screenshots of every quiz step type and the result, light and dark, at 390x844: `make screenshots`.

Skipped in the normal suite; the files go to ./screenshots/ (not committed) for a person to look at."""

import os
import re
from pathlib import Path

import pytest
from playwright.sync_api import expect

from tests.browser import quiz_steps as steps

OUT = os.environ.get("SCREENSHOTS_DIR")
pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(not OUT, reason="set SCREENSHOTS_DIR (make screenshots) to take screenshots"),
]


def shoot(page, name: str, scheme: str) -> None:
    page.wait_for_load_state("networkidle")
    page.screenshot(path=str(Path(OUT) / f"{name}-{scheme}.png"))


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_it_takes_a_screenshot_of_each_step(live_server, page, scheme):
    Path(OUT).mkdir(parents=True, exist_ok=True)
    page.emulate_media(color_scheme=scheme)
    page.goto(live_server.url + "/")
    shoot(page, "00-home", scheme)
    page.goto(live_server.url + "/topics/back-lump/")
    shoot(page, "01-article", scheme)
    page.goto(live_server.url + "/conditions/skin-abscess/")
    shoot(page, "02-condition", scheme)
    steps.start(page, live_server.url)
    shoot(page, "03-red-flag-screen", scheme)
    steps.no_red_flags(page)
    shoot(page, "04-who", scheme)
    page.get_by_text("Me", exact=True).click()
    page.get_by_role("button", name="Continue").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("About you")
    shoot(page, "05-age-and-sex", scheme)
    page.get_by_label("How old are you?").fill("34")
    page.get_by_text("Female", exact=True).click()
    page.get_by_role("button", name="Continue").click()
    shoot(page, "06-describe", scheme)
    page.get_by_label("In a few words, what is bothering you?").fill("sore red lump on my back for 3 days, no fever")
    page.get_by_role("button", name="Continue").click()
    shoot(page, "06-understood", scheme)
    page.get_by_role("button", name="These are right, continue").click()
    steps.finish(page, on_new_kind=lambda kind: shoot(page, f"06-question-{kind.replace('_', '-')}", scheme))
    shoot(page, "07-result", scheme)
    page.screenshot(path=str(Path(OUT) / f"07-result-full-{scheme}.png"), full_page=True)
    steps.start(page, live_server.url, "back-burning")
    page.get_by_text("Chest pain or pressure").click()
    page.get_by_role("button", name="Continue").click()
    expect(page.get_by_role("link", name=re.compile("Call"))).to_be_visible()
    shoot(page, "08-emergency", scheme)
