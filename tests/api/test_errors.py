"""Bad input always gets a 400 with one {field, message} per problem, never a 500."""

import pytest

pytestmark = pytest.mark.django_db(transaction=True)


def errors_of(api, body=None, raw=None, path="/api/v1/assessments/next/", **headers):
    status, answer = api.call(path, body, raw=raw, headers=headers or None)
    assert status == 400, answer
    assert isinstance(answer["errors"], list) and answer["errors"]
    for error in answer["errors"]:
        assert set(error) == {"field", "message"} and error["message"]
    return answer["errors"]


def a_symptom(api, topic="back-lump") -> str:
    _, symptoms = api.call(f"/api/v1/topics/{topic}/symptoms/")
    return symptoms[0]["id"]


def test_it_names_an_unknown_topic(api):
    assert errors_of(api, {"topic": "no-such-topic", "evidence": []}) == [
        {"field": "topic", "message": "Unknown topic 'no-such-topic'."}
    ]


def test_it_requires_a_topic_and_evidence(api):
    fields = {e["field"] for e in errors_of(api, {})}
    assert fields == {"topic", "evidence"}


def test_it_points_at_the_unknown_symptom(api):
    one = a_symptom(api)
    errors = errors_of(api, {"topic": "back-lump", "evidence": [
        {"id": one, "choice": "present"}, {"id": "xyz", "choice": "absent"}]})
    assert errors == [{"field": "evidence[1].id", "message": "Unknown symptom 'xyz' for topic 'back-lump'."}]


def test_it_refuses_a_symptom_of_another_topic(api):
    _, lump = api.call("/api/v1/topics/back-lump/symptoms/")
    _, burning = api.call("/api/v1/topics/back-burning/symptoms/")
    other = next(s["id"] for s in burning if s["id"] not in {x["id"] for x in lump})
    errors = errors_of(api, {"topic": "back-lump", "evidence": [{"id": other, "choice": "present"}]})
    assert errors[0]["field"] == "evidence[0].id"
    assert "another topic" in errors[0]["message"]


def test_it_refuses_a_bad_choice(api):
    errors = errors_of(api, {"topic": "back-lump", "evidence": [{"id": a_symptom(api), "choice": "maybe"}]})
    assert errors[0]["field"] == "evidence[0].choice"
    assert "present, absent, unknown" in errors[0]["message"]


def test_it_refuses_duplicate_ids(api):
    one = a_symptom(api)
    errors = errors_of(api, {"topic": "back-lump", "evidence": [
        {"id": one, "choice": "present"}, {"id": one, "choice": "absent"}]})
    assert errors == [{"field": "evidence[1].id", "message": f"Symptom '{one}' is given more than once."}]


@pytest.mark.parametrize("age", [121, -1, "forty", 40.5, True])
def test_it_refuses_an_impossible_age(api, age):
    errors = errors_of(api, {"topic": "back-lump", "age": age, "evidence": []})
    assert [e["field"] for e in errors] == ["age"]


def test_it_refuses_a_bad_sex(api):
    assert [e["field"] for e in errors_of(api, {"topic": "back-lump", "sex": "x", "evidence": []})] == ["sex"]


def test_it_reports_every_problem_at_once(api):
    errors = errors_of(api, {"topic": "back-lump", "age": 200, "sex": "x", "evidence": [
        {"id": "a", "choice": "nope"}]})
    assert {e["field"] for e in errors} == {"age", "sex", "evidence[0].choice"}


def test_it_refuses_evidence_that_is_not_a_list(api):
    assert errors_of(api, {"topic": "back-lump", "evidence": "fever"})[0]["field"] == "evidence"


def test_it_refuses_more_than_300_items(api):
    evidence = [{"id": f"s{i}", "choice": "unknown"} for i in range(301)]
    errors = errors_of(api, {"topic": "back-lump", "evidence": evidence})
    assert errors == [{"field": "evidence", "message": "At most 300 evidence items are accepted."}]


def test_it_refuses_an_oversized_body(api):
    errors = errors_of(api, raw=b'{"topic": "back-lump", "evidence": [], "pad": "' + b"x" * 200_000 + b'"}')
    assert errors[0]["field"] is None and "limit" in errors[0]["message"]


@pytest.mark.parametrize("path", ["/api/v1/assessments/next/", "/api/v1/stories/"])
def test_it_refuses_a_body_nested_too_deeply(api, path):
    # 60 KB of valid JSON, under the size limit, 30,000 lists deep.
    errors = errors_of(api, raw=b"[" * 30_000 + b"]" * 30_000, path=path)
    assert errors == [{"field": None, "message": "The body is nested too deeply to read."}]


@pytest.mark.parametrize("raw", [b'{"topic": "back-lump", "evidence": [', b"", b"\xff\xfe", b"null"])
def test_it_refuses_malformed_json(api, raw):
    assert errors_of(api, raw=raw or b" ")[0]["field"] is None


def test_it_refuses_a_body_that_is_not_an_object(api):
    assert errors_of(api, raw=b"[1, 2]")[0]["field"] is None


def test_it_refuses_a_body_that_is_not_json(api):
    errors = errors_of(api, raw=b"topic=back-lump", **{"Content-Type": "application/x-www-form-urlencoded"})
    assert "JSON" in errors[0]["message"]


def test_it_refuses_extras_that_are_not_an_object(api):
    errors = errors_of(api, {"topic": "back-lump", "evidence": [], "extras": ["continue"]})
    assert errors[0]["field"].startswith("extras")
