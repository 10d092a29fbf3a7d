"""Ask about this site: answer a question with verbatim passages of the published pages, or honestly none.

The published topic and condition pages are split into passages (a sentence, a short paragraph or a
list item) exactly as the pages show them (backend.knowledge.templatetags.prose), each tagged with its
page, section and heading, and ranked with BM25. Nothing is generated: an answer is a quote with a link
to its section. A question is answered only when a passage scores well *and* covers most of what the
question is about (its content words, weighted by how rare they are on the site): a quote that merely
shares "back" and "pain" with the question is no answer.

Like the quiz engine's knowledge base (backend.quiz.loader), the index is built once per process and
rebuilt when the content version changes, checked at most every ENGINE_VERSION_CHECK_SECONDS.
The question itself is never stored, logged or cached.
"""

from __future__ import annotations

import logging
import math
import re
from collections import Counter
from dataclasses import dataclass, field
from functools import cache, cached_property

import bm25s
import numpy as np
from django.conf import settings
from django.urls import reverse
from django.utils.translation import gettext as _
from rapidfuzz import process
from rapidfuzz.distance import OSA

from backend.knowledge.models import Condition, Level, Status, Synonym, Topic
from backend.knowledge.review import fingerprints
from backend.knowledge.templatetags.prose import blocks
from backend.quiz.loader import Derived

from .lay_words import EQUIVALENTS, FILLER, PHRASES

# bm25s sets its own logger to DEBUG, which would write a line to the server's log on every rebuild.
logging.getLogger("bm25s").setLevel(logging.WARNING)

MAX_ANSWERS = 3
# A passage must cover this share of the question's content (its words weighted by rarity on the site). On a
# held-out set of 125 questions written from the pages alone, 0.7 answered 32 % of the answerable ones within
# the top 3 and 0.6 answered 43 %, both still declining 86 % or more of the out-of-scope ones; 0.5 let through
# a quarter of those.
MIN_COVERAGE = 0.6
# And score at least this BM25 score: a single common word is not an answer.
MIN_SCORE = 4.0
# Answers after the first must score at least this share of the first's score.
FOLLOW_SHARE = 0.6
# How many of the best-scoring passages are checked for coverage.
CANDIDATES = 50
# A passage's score is multiplied by its coverage to this power, so that full coverage ranks first.
COVERAGE_POWER = 2
# A question asked on a page leans a little towards that page's own passages.
PAGE_BOOST = 1.15
# A passage in the section a question asks for ("how do I treat …" → treatment) leans ahead of the same
# words elsewhere.
INTENT_BOOST = 1.25
# Shorter quotes ("Itching", "Sharp or dull") say nothing on their own.
MIN_QUOTE_WORDS = 3
# A sentence shorter than this ("Infections and inflamed skin.") is quoted together with the next one.
MIN_SENTENCE_WORDS = 6

# Section ids (DESIGN.md, "Ask about this site"; the API's `section`), in the order the design lists them.
SECTIONS = ("what-it-is", "causes", "symptoms", "diagnosis", "treatment", "self-care", "when-to-get-help",
            "prevention", "doctor-questions", "faq", "emergency-signs")
# The fields quoted field by field: the section each is shown in (its anchor id) and its heading there.
TOPIC_FIELDS = (
    ("characteristics", "symptoms", "What it can feel like"),
    ("accompanying_symptoms", "symptoms", "Symptoms that can come with it"),
    ("causes", "causes", "Causes"),
    ("when_to_see_doctor", "when-to-get-help", "When to see a doctor"),
    ("emergency_signs", "emergency-signs", "Emergency signs"),
    ("treatment_medical", "treatment", "Medical treatment"),
    ("treatment_otc", "treatment", "Over-the-counter treatment"),
    ("treatment_home", "self-care", "Treatment at home"),
    ("prevention", "prevention", "Prevention"),
)
CONDITION_FIELDS = (
    ("description", "what-it-is", "What it is"),
    ("causes", "causes", "Causes"),
    ("diagnosis", "diagnosis", "How it is diagnosed"),
    ("treatment", "treatment", "Treatment"),
    ("self_care", "self-care", "What you can do now"),
    ("when_to_seek_help", "when-to-get-help", "When to get help"),
)
# The section every quoted field of a page is in: the page templates take their anchor ids from here
# (as `section`), so that an answer's link always lands on the section it quotes.
TOPIC_SECTIONS = {"overview": "what-it-is", **{name: section for name, section, _ in TOPIC_FIELDS},
                  "doctor_questions": "doctor-questions", "faqs": "faq"}
CONDITION_SECTIONS = {"summary": "what-it-is", **{name: section for name, section, _ in CONDITION_FIELDS}}
# What people call a section when they ask ("how do you treat …", "why do I get …"): indexed with each
# passage of the section, so a question's intent finds the section that answers it.
SECTION_WORDS = {
    "what-it-is": "mean meaning definition",
    "symptoms": "symptom sign feel",
    "causes": "cause reason",
    "diagnosis": "diagnose diagnosis test check",
    "treatment": "treat treatment cure medicine remedy rid",
    "self-care": "treat treatment cure remedy rid home ease relieve help",
    # Not "help": "what helps …?" asks for a remedy; "get help" is read as "doctor" (lay_words.PHRASES).
    "when-to-get-help": "doctor gp appointment",
    "emergency-signs": "emergency ambulance urgent",
    "prevention": "prevent prevention avoid",
    "doctor-questions": "doctor ask question appointment",
    "faq": "",
}
# Words that say little about what a question on this site is after: they help ranking but never count
# as covering the question ("does my back pain hurt?" asks about nothing in particular).
GENERIC = frozenset({"pain", "painful", "hurt", "ache", "aching", "sore", "problem", "thing", "normal"})
# spaCy's English stop words, but these carry meaning in a health question.
KEEP = frozenset({"serious", "side", "empty", "full", "bottom", "front", "top", "no", "not", "never", "without"})
# Question forms that ask for a section without naming it: "what is a lipoma?", "why does it burn?".
QUESTION_FORMS = ((re.compile(r"^\W*what(?:\s+is|\s+are|['’]?s)\s+(?:an?\s+)?\w+\W*$", re.I), "what-it-is"),
                  (re.compile(r"^\W*why\b", re.I), "causes"))
# "How long does it last?", "how soon …?", "how often …?" are answered by a passage that gives a time; the
# words "long", "soon" and "often" themselves need not be on it.
HOW_LONG = re.compile(r"\bhow\s+(long|soon|quickly|fast|often)\b", re.I)
TIME_WORDS = ("minute", "hour", "day", "week", "month", "year", "daily")
# The words that ask for a time, not for themselves: "how long does it last?".
DURATION_WORDS = frozenset({"long", "soon", "quickly", "fast", "often", "last"})
# A question that says "it" or "they" and names nothing else, asked on a page, is about that page's subject.
PRONOUN = re.compile(r"\b(?:it|its|it['’]s|they|them|this|these|those)\b", re.I)
# "Can I …?", "should I …?" ask what the person may do themselves: the self-care section.
ADVICE = re.compile(r"\b(?:can|should|shall|must|could)\s+i\b|^\W*what\s+helps\b", re.I)
SUPERLATIVES = frozenset({"best", "worst", "most", "least"})
TOKEN = re.compile(r"[a-z0-9]+(?:['’][a-z]+)?")
SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=[A-Z0-9\"'(‘“])")


# Words -----------------------------------------------------------------------------------------------

@cache
def _lemma_table():
    """spaCy's English lemma lookup table (spacy-lookups-data): a word's lemma by a dictionary look-up."""
    from spacy.lookups import load_lookups

    return load_lookups("en", ["lemma_lookup"]).get_table("lemma_lookup")


# Contractions typed without their apostrophe ("dont", "whats") are the same stop words.
CONTRACTIONS = frozenset({"dont", "cant", "wont", "isnt", "arent", "doesnt", "didnt", "wasnt", "hasnt", "havent",
                          "shouldnt", "wouldnt", "couldnt", "im", "ive", "its", "whats", "thats", "theres", "youre"})


@cache
def _stop_words() -> frozenset[str]:
    from spacy.lang.en.stop_words import STOP_WORDS

    return (frozenset(STOP_WORDS) | CONTRACTIONS) - KEEP


@cache
def _english_log_probability():
    """How common each word is in English at large (spacy-lookups-data's lexeme_prob, log probabilities)."""
    from spacy.lookups import load_lookups

    return load_lookups("en", ["lexeme_prob"]).get_table("lexeme_prob")


def load_dictionaries() -> None:
    """Load the English word tables now (a server's master process does, before forking): the word frequencies
    alone are a million entries and 260 MB, which forked workers then share instead of each loading a copy on
    its first question."""
    _lemma_table()
    _stop_words()
    _english_log_probability()
    _known_words()


def specificity(word: str) -> float:
    """From 0.25 for everyday words ("need", "look", "like") to 1 for rare ones ("lipoma", "mattress"): a
    question is about its rare words, so a passage must cover those; everyday words count for less. A
    superlative ("best", "cheapest") asks for a ranking, which the site never gives: it counts in full."""
    if word in SUPERLATIVES or word.endswith("est") and len(word) > 5 and _lemma_table().get(word, word) != word:
        return 1.0
    log_probability = _english_log_probability().get(word, -20.0)
    return min(1.0, max(0.25, (-log_probability - 6.0) / 6.0))


@cache
def _known_words() -> frozenset[str]:
    """English words the lemma table knows: not typos, so never "corrected" into a word of the site."""
    return frozenset(_lemma_table().values())


def words(text: str) -> list[str]:
    """The content words of a text, lower case and lemmatised (lumps → lump), stop words left out."""
    stop, table = _stop_words(), _lemma_table()
    out = []
    for token in TOKEN.findall(text.lower().replace("’", "'")):
        base, apostrophe, _rest = token.partition("'")
        if apostrophe and (token.endswith("n't") or base in stop):
            continue  # can't, don't, I've, it's
        if base in stop or len(base) < 2:
            continue
        lemma = table.get(base)
        if lemma is None:
            # Not in the table (lipomas, medical words): a plain plural is the same word.
            plural = len(base) > 4 and base.endswith("s") and not base.endswith(("ss", "us", "is"))
            lemma = base[:-1] if plural else base
            if lemma in stop:
                continue
        elif lemma in stop:
            lemma = base  # best → well would vanish as a stop word
        out.append(lemma)
    return out


# The index -------------------------------------------------------------------------------------------

@dataclass(frozen=True)
class Page:
    kind: str  # "topic" or "condition"
    slug: str
    title: str


@dataclass(frozen=True)
class Passage:
    """A verbatim quote from a published page's section, with the link to that section."""

    page: Page
    section: str
    heading: str
    quote: str
    url: str  # the page's address with the section's anchor (the API's contract)
    # Where "Read more" goes on our own pages: the quote's own place when it has one inside the section (an FAQ
    # answer, which the browser unfolds when the link is followed), else the section.
    link: str = ""
    reviewed: bool = False  # the page is signed off by a medical reviewer, as it reads now


@dataclass(frozen=True)
class Emergency:
    level: str
    message: str
    flags: list[str]


@dataclass(frozen=True)
class Answer:
    emergency: Emergency | None
    answers: list[Passage]
    no_answer: bool


@dataclass
class Index:
    """The published pages' passages, ranked with BM25, and the lay names of conditions."""

    passages: list[Passage]
    terms: list[frozenset[str]]
    # Two rankings added up: the passage with the words around it (its heading, its page, the FAQ question
    # it answers), and the quote alone, so that the sentence that says it beats its neighbours.
    in_context: bm25s.BM25
    alone: bm25s.BM25
    idf: dict[str, float]
    unknown_idf: float
    synonyms: list[tuple[tuple[str, ...], tuple[str, ...]]]
    version: int = 0
    vocabulary: list[str] = field(default_factory=list)
    section_words: dict[str, frozenset[str]] = field(default_factory=dict)
    # The words that name a condition or topic: its page's name, the name in brackets, and its lay names.
    names: frozenset[tuple[str, ...]] = frozenset()

    @cached_property
    def titles(self) -> dict[tuple[str, str], str]:
        return {(p.page.kind, p.page.slug): p.page.title for p in self.passages}

    # Each passage's section and page ("condition/lipoma"), to boost them with array operations.
    @cached_property
    def section_of(self) -> np.ndarray:
        return np.array([p.section for p in self.passages])

    @cached_property
    def page_of(self) -> np.ndarray:
        return np.array([f"{p.page.kind}/{p.page.slug}" for p in self.passages])

    def has_page(self, kind: str, slug: str) -> bool:
        return (kind, slug) in self.titles


def _sentences(paragraph: str) -> list[str]:
    """A paragraph's sentences as quotes, a very short one joined to the next (still verbatim)."""
    out, pending = [], ""
    for sentence in SENTENCE_END.split(paragraph):
        pending = f"{pending} {sentence}" if pending else sentence
        if len(pending.split()) >= MIN_SENTENCE_WORDS:
            out.append(pending)
            pending = ""
    if pending:
        if out and len(pending.split()) < MIN_QUOTE_WORDS:
            out[-1] = f"{out[-1]} {pending}"
        else:
            out.append(pending)
    return out


def _field_passages(text: str) -> list[tuple[str, str]]:
    """(quote, context) pairs of a content field: each sentence, and each list item with the sentence
    that introduces its list as context ("See a doctor today if:")."""
    out, lead = [], ""
    for kind, parts in blocks(text):
        if kind == "p":
            sentences = _sentences(parts[0])
            out += [(sentence, "") for sentence in sentences]
            lead = sentences[-1] if sentences else ""
        else:
            out += [(" ".join(item.split()), lead) for item in parts]
    return [(quote, context) for quote, context in out if len(quote.split()) >= MIN_QUOTE_WORDS]


def signed_off_pages(model, pages) -> set[int]:
    """The pages signed off as they read now (ReviewedContent.is_signed_off), fingerprinted in one go."""
    now = fingerprints(model, [page.pk for page in pages if page.reviewed_by_id is not None])
    return {page.pk for page in pages if page.reviewed_by_id is not None and page.reviewed_fingerprint == now[page.pk]}


def _passages() -> list[tuple[Passage, str]]:
    """Every published page's passages with the words that describe where they stand."""
    out: list[tuple[Passage, str]] = []

    def add(page: Page, url: str, reviewed: bool, section: str, heading: str, text: str, context: str = "",
            anchor: str = "") -> None:
        for quote, lead in _field_passages(text):
            where = f"{page.title} {heading} {SECTION_WORDS[section]} {context} {lead}"
            out.append((Passage(page, section, heading, quote, f"{url}#{section}", f"{url}#{anchor or section}",
                                reviewed), where))

    topics = list(Topic.objects.published().prefetch_related("faqs"))
    conditions = list(Condition.objects.published())
    signed_off = {model: signed_off_pages(model, pages) for model, pages in ((Topic, topics), (Condition, conditions))}
    for topic in topics:
        page, url = Page("topic", topic.slug, topic.title), reverse("knowledge:topic", args=[topic.slug])
        reviewed = topic.pk in signed_off[Topic]
        add(page, url, reviewed, TOPIC_SECTIONS["overview"], topic.title, topic.overview)
        for name, section, heading in TOPIC_FIELDS:
            add(page, url, reviewed, section, heading, getattr(topic, name))
        for question in topic.doctor_question_list():
            add(page, url, reviewed, TOPIC_SECTIONS["doctor_questions"], "Questions your doctor may ask",
                f"- {question}")
        for faq in topic.faqs.all():
            add(page, url, reviewed, TOPIC_SECTIONS["faqs"], faq.question, faq.answer, context=faq.question,
                anchor=faq.anchor)
    for condition in conditions:
        page = Page("condition", condition.slug, condition.name)
        url = reverse("knowledge:condition", args=[condition.slug])
        reviewed = condition.pk in signed_off[Condition]
        add(page, url, reviewed, CONDITION_SECTIONS["summary"], "What it is", condition.summary)
        for name, section, heading in CONDITION_FIELDS:
            add(page, url, reviewed, section, heading, getattr(condition, name))
    return out


def build(version: int = 0) -> Index:
    """Index the published pages' passages."""
    passages, quotes, terms = [], [], []
    for passage, where in _passages():
        passages.append(passage)
        quotes.append(words(_plain(passage.quote)))
        terms.append(quotes[-1] + words(_plain(where)))
    in_context, alone = bm25s.BM25(), bm25s.BM25()
    if terms:
        in_context.index(terms, show_progress=False)
        alone.index(quotes, show_progress=False)
    # How telling a word is, from the quotes alone: the section words repeated around every passage of a
    # section ("treat") would otherwise look common and count for little when a question asks for them.
    df = Counter(term for doc in quotes for term in set(doc))
    df.update({term: 1 for doc in terms for term in set(doc) if term not in df})
    n = max(len(terms), 1)
    idf = {term: math.log(1 + (n - count + 0.5) / (count + 0.5)) for term, count in df.items()}
    synonyms = []
    for phrase, name in Synonym.objects.filter(
            language="en", condition__status=Status.PUBLISHED).values_list("phrase", "condition__name"):
        if "#" not in phrase and (phrase_words := tuple(words(phrase))):
            synonyms.append((phrase_words, tuple(words(name))))
    titles = {passage.page.title for passage in passages}
    names = {phrase for phrase, _condition in synonyms} | {
        tuple(words(name)) for title in titles for name in re.split(r"[()]", title) if words(name)}
    return Index(
        passages=passages, terms=[frozenset(doc) for doc in terms], in_context=in_context, alone=alone, idf=idf,
        unknown_idf=math.log(1 + (n + 0.5) / 0.5), synonyms=synonyms,
        version=version, vocabulary=sorted(df),
        section_words={section: frozenset(words(text)) for section, text in SECTION_WORDS.items()},
        names=frozenset(names),
    )


# The index for the current content, rebuilt with the engine's knowledge base (after any edit).
index = Derived(lambda kb: build(kb.version))
reset = index.reset


# Answering -------------------------------------------------------------------------------------------

@dataclass(frozen=True)
class Need:
    """One thing the question is about: covered by a passage holding any of the alternatives."""

    weight: float
    alternatives: tuple[frozenset[str], ...]
    # What the question asks for outright ("how long …?" asks for a time): no passage without it answers it,
    # however much else of the question it covers.
    required: bool = False

    def met_by(self, terms: frozenset[str]) -> bool:
        return any(alternative <= terms for alternative in self.alternatives)


def _correct(term: str, idx: Index) -> str | None:
    """The site's word a typo stands for ("lipona" → "lipoma"), or None."""
    if term in idx.idf:
        return term
    if term in _known_words() or term in _lemma_table() or len(term) < 4 or not idx.vocabulary:
        return None
    found = process.extractOne(term, idx.vocabulary, scorer=OSA.distance,
                               score_cutoff=1 if len(term) < 8 else 2)
    return found[0] if found else None


def _weight(term: str, idx: Index) -> float:
    return idx.idf.get(term, idx.unknown_idf) * specificity(term)


@cache
def _equivalents() -> dict[str, tuple[frozenset[str], ...]]:
    """lay_words.EQUIVALENTS in the words a question is read in: a lemma → the page words that cover it."""
    table: dict[str, list[frozenset[str]]] = {}
    for lay, page_words in EQUIVALENTS.items():
        for lemma in words(lay):
            table.setdefault(lemma, []).extend(frozenset(words(w)) for w in page_words if words(w))
    return {lemma: tuple(dict.fromkeys(alternatives)) for lemma, alternatives in table.items()}


def _name(title: str) -> str:
    """A page's name without the words in brackets: "Boil (furuncle)" → "Boil"."""
    return title.split("(")[0]


def _plain(question: str) -> str:
    """The question with everyday phrases in the pages' words ("cut it out" → "remove")."""
    text = question.lower().replace("’", "'")
    for pattern, replacement in PHRASES:
        text = re.sub(pattern, replacement, text)
    return text


def _names_a_subject(terms: list[str], idx: Index) -> bool:
    """Whether the question names a condition or topic (by a page's name or a lay name for it)."""
    present = set(terms)
    return any(tuple(terms[start:start + len(name)]) == name
               for name in idx.names if name[0] in present for start in range(len(terms) - len(name) + 1))


@dataclass
class Reading:
    """What a question asks, as the search uses it."""

    query: list[str]  # words to rank passages with
    needs: list[Need]  # what a passage must cover to answer it
    sections: set[str] = field(default_factory=set)  # sections its form asks for
    about: frozenset[str] = frozenset()  # the subject "it" stands for: a passage must be about it


def understand(question: str, idx: Index, page: tuple[str, str] | None = None) -> Reading:
    """Read a question: its words, what a passage must cover to answer it, and what it asks for."""
    text = _plain(question)
    terms = [_correct(term, idx) or term for term in words(text)]
    about: frozenset[str] = frozenset()
    if page is not None and PRONOUN.search(text) and not _names_a_subject(terms, idx):
        # "is it catching?" asked on the molluscum page asks whether molluscum is catching: a quote from
        # another page must name it. It is not part of what a quote must cover, or every sentence of the
        # page would cover "is it serious?" by naming the page's subject.
        about = frozenset(words(_name(idx.titles.get(tuple(page), "")))) - GENERIC
    needs, sections = [], set()
    if HOW_LONG.search(text):
        # Answered by a passage that gives a time ("within 6 weeks"), not by one that says "long".
        terms = [term for term in terms if term not in DURATION_WORDS]
        times = tuple(frozenset({word}) for word in TIME_WORDS)
        # Like a lay word, it counts as much as the most telling page word that covers it.
        needs.append(Need(max(_weight(word, idx) for word in TIME_WORDS), times, required=True))
    query = list(terms)
    for form, section in QUESTION_FORMS:
        if form.match(text):
            query += idx.section_words[section]
    if ADVICE.search(text):
        sections.add("self-care")
    used = [False] * len(terms)
    present = set(terms)
    for phrase, name in idx.synonyms:
        if phrase[0] not in present:
            continue  # most lay names share no word with the question: skip them cheaply
        for start in range(len(terms) - len(phrase) + 1):
            if tuple(terms[start:start + len(phrase)]) == phrase and not any(used[start:start + len(phrase)]):
                used[start:start + len(phrase)] = [True] * len(phrase)
                query += name
                weight = max(_weight(term, idx) for term in phrase)
                needs.append(Need(weight, (frozenset(phrase), frozenset(name))))
    equivalents = _equivalents()
    for term, synonym_word in zip(terms, used):
        if synonym_word or term in GENERIC or term in FILLER:
            continue
        alternatives = (frozenset({term}), *equivalents.get(term, ()))
        known = [word for alternative in alternatives for word in alternative if word in idx.idf]
        query += [word for word in known if word != term]
        # A lay word the pages never use ("jab") counts as much as the page word that stands for it.
        weight = _weight(term, idx) if term in idx.idf or not known else max(_weight(w, idx) for w in known)
        needs.append(Need(weight, alternatives))
    return Reading([term for term in query if term in idx.idf], needs, sections, about)


def coverage(needs: list[Need], terms: frozenset[str]) -> float:
    total = sum(need.weight for need in needs)
    return sum(need.weight for need in needs if need.met_by(terms)) / total if total else 0.0


def search(question: str, page: tuple[str, str] | None = None, idx: Index | None = None) -> list[Passage]:
    """At most three passages that answer the question, best first; none when nothing really does."""
    idx = idx or index()
    reading = understand(question, idx, page)
    query, needs = reading.query, reading.needs
    if page is not None:
        # Asked on a page, "how is it treated?" is about that page's subject.
        query += [term for term in words(idx.titles.get(tuple(page), "")) if term in idx.idf]
    if not query or not needs:
        return []
    asked = reading.sections | {section for section, section_words in idx.section_words.items()
                        if section_words & set(query)}
    # Words that ask for a section ("treat") count through the section, not through a sentence of another
    # section that happens to use them ("a boil that has not been treated" is a cause).
    subject = [term for term in query if not any(term in idx.section_words[section] for section in asked)]
    scores = idx.in_context.get_scores(query) + (idx.alone.get_scores(subject) if subject else 0.0)
    scores = scores * np.where(np.isin(idx.section_of, list(asked)), INTENT_BOOST, 1.0)
    if page is not None:
        scores = scores * np.where(idx.page_of == "/".join(page), PAGE_BOOST, 1.0)
    # Of the best-scoring passages, those that cover the whole question rank ahead of those that cover
    # only most of it: the diagnosis passage that says "check" beats the what-it-is one that doesn't.
    candidates = []
    for i in np.argsort(-scores)[:CANDIDATES]:
        score = float(scores[i])
        if score < MIN_SCORE:
            break
        if not reading.about <= idx.terms[i]:
            continue  # not about the subject the question's "it" stands for
        covered = coverage(needs, idx.terms[i])
        if covered >= MIN_COVERAGE and all(need.met_by(idx.terms[i]) for need in needs if need.required):
            candidates.append((score * covered ** COVERAGE_POWER, i))
    candidates.sort(key=lambda candidate: -candidate[0])
    found: list[Passage] = []
    for score, i in candidates:
        if found and score < candidates[0][0] * FOLLOW_SHARE:
            break
        passage = idx.passages[i]
        if any(f.quote == passage.quote for f in found):
            continue
        found.append(passage)
        if len(found) == MAX_ANSWERS:
            break
    return found


def emergency_in(question: str) -> Emergency | None:
    """Emergency advice when the question describes an emergency in the person's own words (the free-text
    reader reads it against every published topic's red flags; the most urgent level wins)."""
    from . import parser  # spaCy and medspaCy's matchers load only when a question comes

    found = parser.emergency(question)
    if found is None:
        return None
    level, flags = found.level, list(found.flags)
    number = settings.EMERGENCY_NUMBER
    if level == Level.EMERGENCY_AMBULANCE:
        message = _("Call %(number)s now for an ambulance. What you describe can be an emergency: don't wait "
                    "to see if it passes, and don't drive yourself.") % {"number": number}
    else:
        message = _("Go to the emergency department (A&E) now, or call %(number)s. What you describe needs a "
                    "doctor to check you straight away; don't drive yourself.") % {"number": number}
    return Emergency(level=level, message=message, flags=flags)


def answer(question: str, page: tuple[str, str] | None = None) -> Answer:
    """Answer a question about the site: emergency advice first if it describes one, then at most three
    verbatim passages, or no_answer."""
    found = search(question, page)
    return Answer(emergency=emergency_in(question), answers=found, no_answer=not found)
