"""Script-injection payloads in story names and texts stay inert text, in real Chromium: no dialog opens,
no script runs (not even one the CSP would block), no element is injected, and the text reads as sent."""

import pytest
from django.utils import timezone

from backend.knowledge.models import Topic
from backend.stories.models import Story
from tests.browser.conftest import rendering_only
from tests.staff.factories import user_in

pytestmark = pytest.mark.django_db(transaction=True)

PAYLOADS = [
    "<script>alert(1)</script>",
    "<img src=x onerror=alert(1)>",
    "<svg onload=alert(1)>",
    "<svg/onload=alert(document.domain)>",
    '"><script>alert(1)</script>',
    "'><script>alert(1)</script>",
    "<body onload=alert(1)>",
    '<iframe src="javascript:alert(1)"></iframe>',
    '<a href="javascript:alert(1)">click me</a>',
    "javascript:alert(1)",
    '<img src="x" onerror="alert(String.fromCharCode(88,83,83))">',
    "<details open ontoggle=alert(1)>",
    "<input autofocus onfocus=alert(1)>",
    "<video><source onerror=alert(1)></video>",
    "<audio src=x onerror=alert(1)>",
    "<marquee onstart=alert(1)>xss</marquee>",
    "<math><mtext><table><mglyph><style><img src=x onerror=alert(1)>",
    '<object data="javascript:alert(1)"></object>',
    '<embed src="javascript:alert(1)">',
    '<form action="javascript:alert(1)"><button>go</button></form>',
    '<base href="javascript:alert(1)//">',
    '<meta http-equiv="refresh" content="0;url=javascript:alert(1)">',
    '<div style="background:url(javascript:alert(1))">styled</div>',
    "<style>@import 'javascript:alert(1)';</style>",
    "<scr<script>ipt>alert(1)</scr</script>ipt>",
    "%3Cscript%3Ealert(1)%3C/script%3E",
    "&lt;script&gt;alert(1)&lt;/script&gt;",
    "<img src=x onerror=&#97;&#108;&#101;&#114;&#116;(1)>",
    "<svg><script>alert&#40;1&#41;</script></svg>",
    '" onmouseover="alert(1)" x="',
    "' autofocus onfocus='alert(1)",
    "</textarea><script>alert(1)</script>",
    "</title><script>alert(1)</script>",
    '<noscript><p title="</noscript><img src=x onerror=alert(1)>">',
    '<div hx-get="/" hx-trigger="load" hx-on::load="alert(1)">htmx</div>',
    '<button hx-post="/feedback/" hx-trigger="load" hx-vals=\'{"helpful":"yes"}\'>htmx post</button>',
    "{{constructor.constructor('alert(1)')()}}",
    "${alert(1)} {{ 7*7 }} {% debug %}",
    "\u202e<script>alert(1)</script>",
    "https://evil.example/?q=<script>alert(1)</script>",
]

# What a successful injection would leave in a story's DOM.
INJECTED = ("script, img, svg, iframe, a[href^='javascript'], input, video, audio, marquee, object, embed, form, "
            "base, meta, style, math, details, button, [onerror], [onload], [onfocus], [onmouseover], [hx-get], "
            "[hx-post], [hx-on\\:\\:load]")


@pytest.fixture
def stories(db):
    topic = Topic.objects.get(slug="back-lump")
    now = timezone.now()
    return [Story.objects.create(
        topic=topic, display_name=payload[:30], language="en", consented_at=now, status=Story.Status.APPROVED,
        published_at=now - timezone.timedelta(minutes=i), text=f"Before the payload. {payload} After the payload.",
    ) for i, payload in enumerate(PAYLOADS)]


def watch(page) -> list[str]:
    """Every dialog the page tries to open (and dismisses it), plus any sign that a payload's script ran."""
    events: list[str] = []
    page.on("dialog", lambda dialog: (events.append(f"dialog: {dialog.message}"), dialog.dismiss()))
    page.on("console", lambda message: events.append(f"console: {message.text}") if message.type == "error" else None)
    page.on("pageerror", lambda error: events.append(f"error: {error}"))
    page.on("response", lambda response: events.append(f"{response.status}: {response.url}")
            if response.status >= 400 else None)
    return events


def assert_inert(page, events, stories_shown: list[Story]) -> None:
    page.wait_for_timeout(200)  # give an onload / onfocus / htmx trigger the chance to fire
    assert events == []
    assert page.locator(".story-text, .story-name, .moderation-text").evaluate_all(
        f"(nodes) => nodes.flatMap(n => [...n.querySelectorAll({INJECTED!r})]).length") == 0
    texts = page.locator(".story-text").all_inner_texts()
    names = page.locator(".story-name").all_inner_texts()
    for story in stories_shown:
        assert f"Before the payload. {story.text[len('Before the payload. '):]}".strip() in " ".join(texts) or \
            any(story.text.strip() == text.strip() for text in texts), story.text
        assert story.display_name.strip() in names


def test_it_shows_every_payload_as_text_in_the_public_lists(live_server, page, stories):
    events = watch(page)
    page.goto(live_server.url + "/topics/back-lump/")
    assert_inert(page, events, stories[:3])
    for number in range(1, 5):
        page.goto(f"{live_server.url}/topics/back-lump/stories/?page={number}")
        assert_inert(page, events, stories[(number - 1) * 10:number * 10])
    assert page.title().startswith("Stories")


@rendering_only
def test_it_shows_every_payload_as_text_to_the_moderator(live_server, page, stories):
    user_in("Moderators", username="mod")
    events = watch(page)
    page.goto(live_server.url + "/admin/login/")
    page.fill("#id_username", "mod")
    page.fill("#id_password", "a-long-test-password")
    page.click("input[type=submit]")
    page.goto(live_server.url + "/admin/stories/story/")
    page.wait_for_timeout(200)
    assert events == []
    for story in stories:
        page.goto(f"{live_server.url}/admin/stories/story/{story.pk}/change/")
        page.wait_for_timeout(50)
        assert events == [], story.text
        assert page.locator(".moderation-text").inner_text().strip() == story.text.strip()
        page.goto(f"{live_server.url}/admin/stories/story/{story.pk}/preview/")
        assert_inert(page, events, [story])


@pytest.mark.parametrize("payload", PAYLOADS[:4])
def test_it_stores_a_payload_sent_through_the_form_exactly_as_typed(live_server, page, payload):
    events = watch(page)
    page.goto(live_server.url + "/topics/back-lump/stories/share/")
    page.fill("#story-display_name", "Sam")
    text = f"Here is what I typed into the form: {payload} and nothing else happened."
    page.fill("#story-text", text)
    page.check("#story-consent")
    page.click("button:has-text('Send my story')")
    page.wait_for_url("**/stories/thanks/")
    assert events == []
    assert Story.objects.get().text == text
