"""What a browser shows of a page: its text with the tags taken out and the whitespace collapsed."""

import html
import re


def shown_text(client, url: str) -> str:
    response = client.get(url.split("#")[0])
    assert response.status_code == 200, url
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", response.content.decode())).split())


def is_verbatim(client, passage) -> bool:
    """Whether an answer's quote is, word for word, on the page its url names."""
    return " ".join(passage["quote"].split()) in shown_text(client, passage["url"])
