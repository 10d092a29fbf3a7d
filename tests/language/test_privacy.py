"""People's own words are read and dropped: after a parse, a quiz started with a description and a question
asked on a page (in the API and in the HTML forms), no database row, log line, cache entry or session value
holds the text. The database is checked table by table, the history and the cache table included."""

import json
import logging
import pickle

import pytest
from django.core.cache import caches
from django.db import connection

pytestmark = pytest.mark.django_db

# Words no page, synonym or fixture contains, inside text the reader does understand.
MARKER = "quokkazebra"
DESCRIPTION = f"{MARKER} a sore red lump low on my back for 3 days, no fever"
QUESTION = f"{MARKER} how do you treat a boil?"


def every_row() -> str:
    out = []
    with connection.cursor() as cursor:
        for table in connection.introspection.table_names():
            cursor.execute(f"SELECT * FROM {connection.ops.quote_name(table)}")
            out += [repr(row) for row in cursor.fetchall()]
    return "\n".join(out)


def every_cache_entry() -> str:
    out = []
    for cache in caches.all(initialized_only=True):
        store = getattr(cache, "_cache", None)  # the in-process cache; a database cache is a table above
        if isinstance(store, dict):
            for key, value in store.items():
                out.append(repr(key))
                try:
                    out.append(repr(pickle.loads(value)))
                except Exception:
                    out.append(repr(value))
    return "\n".join(out)


def test_the_words_are_kept_nowhere(client, caplog):
    caplog.set_level(logging.DEBUG)
    logging.getLogger().setLevel(logging.DEBUG)

    response = client.post("/api/v1/parse/", json.dumps({"topic": "back-lump", "text": DESCRIPTION}),
                           content_type="application/json")
    assert response.status_code == 200 and response.json()["mentions"]

    client.post("/quiz/back-lump/", {"action": "restart"})
    client.post("/quiz/back-lump/check/", {"none": "1"})
    client.post("/quiz/back-lump/who/", {"who": "me"})
    client.post("/quiz/back-lump/about/", {"age": "34", "sex": "female"})
    confirm = client.post("/quiz/back-lump/describe/", {"text": DESCRIPTION})
    assert "what we understood" in confirm.text
    items = confirm.text.split('name="items" value="')[1].split('"')[0]
    data = {"items": items, **{f"f-{i}": "present" for i in items.split(",")}}
    assert client.post("/quiz/back-lump/describe/confirm/", data).status_code == 302
    # Words that find nothing come back to the person in the box, and go no further either.
    client.post("/quiz/back-lump/describe/", {"text": f"{MARKER} lovely weather"})

    response = client.post("/api/v1/answers/", json.dumps({"question": QUESTION}), content_type="application/json")
    assert response.status_code == 200
    response = client.post("/ask/", {"question": QUESTION, "kind": "topic", "slug": "back-lump"})
    assert response.status_code == 200
    client.post("/ask/", {"question": f"{MARKER} best mattress brand", "kind": "search", "slug": ""})

    assert MARKER not in every_row()
    assert MARKER not in every_cache_entry()
    assert MARKER not in repr(dict(client.session.items()))
    assert MARKER not in caplog.text
