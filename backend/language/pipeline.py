"""The spaCy pipeline that reads what people type, shared by everything that reads free text.

A blank English pipeline (no model to download): spaCy's tokenizer and sentence splitter and
medspaCy's ConText with its clinical rules plus our lay ones (backend.language.rules). Each token gets a
`canon` form that the finding matchers compare: lower case, American spelling (spaCy's lexeme_norm table,
so "tumour" and "tumor" meet), the lemma (spaCy's lookup table, so "fallen" meets "fall"), for a word no
dictionary knows the nearest word of the content's own vocabulary (RapidFuzz, so "feaver" reads as
"fever"), and last its Snowball stem (PyStemmer, so "redness" meets "red" and "spreading" "spread").
"""

from __future__ import annotations

import math
import threading

import spacy
import Stemmer
from loguru import logger
from medspacy.context import ConTextModifier
from rapidfuzz import process
from rapidfuzz.distance import Levenshtein
from spacy.lang.en.stop_words import STOP_WORDS
from spacy.lookups import load_lookups
from spacy.tokens import Doc, Token

from .rules import clinical_rules, rules_for
from .words import EQUIVALENTS, NUMBER_WORDS

LANGUAGE = "en"
# Words this short are too easily another word: "bak" could be "back", "bag" or "bake".
SHORTEST_TYPO = 4
NUMBER = "#"
# The span group the finding matchers fill and ConText reads (a group, as mentions may overlap).
FINDINGS = "findings"

# medspaCy's PyRuSH (loaded with medspaCy, unused here) logs every sentence it splits at DEBUG through
# loguru; none of it may reach our logs: it would write people's words there.
logger.remove()
if not Token.has_extension("canon"):
    Token.set_extension("canon", default="")
# A token's value as a number ("38.5", "three", "few"), for phrases that take one in a range ("#2-14 days");
# not a number otherwise (NaN compares false with any bound).
if not Token.has_extension("number"):
    Token.set_extension("number", default=math.nan)

_limit_scope = ConTextModifier.limit_scope


def limit_scope(self: ConTextModifier, other: ConTextModifier) -> bool:
    """A clause end ends the reach of a modifier before it. medspaCy's own overlap test misses a reach that lies
    wholly inside the clause end's (the sentence), so a modifier with a max_scope read on past every comma and
    "and": "scared it's MS, burning and tingling" read the tingling as feared. A modifier reaching back (a
    "gone now", a "quit") still reaches over them, as its rule was written for."""
    start, end = self.scope_span
    if (other.direction.upper() == "TERMINATE" and self.direction.upper() == "FORWARD"
            and start <= other.modifier_span[0] < end):
        self._scope_end = other.modifier_span[0]
        return True
    return _limit_scope(self, other)


ConTextModifier.limit_scope = limit_scope

_lock = threading.Lock()
_local = threading.local()


class Pipeline:
    """One per process: the spaCy objects and dictionaries, which take a quarter of a second to load."""

    def __init__(self, language: str = LANGUAGE) -> None:
        import medspacy  # noqa: F401 - registers medspaCy's components with spaCy

        self.language = language
        self.nlp = spacy.blank(language)
        # spaCy's rule-based sentencizer: PyRuSH split sentences as well on this writing and took four
        # fifths of each parse (30 of 37 ms a text over the description set, profiled).
        self.nlp.add_pipe("sentencizer", config={"punct_chars": [".", "!", "?", "\n", "\n\n", "…"]})
        self.nlp.add_pipe("medspacy_context", config={"input_span_type": "group", "span_group_name": FINDINGS,
                                                      "rules": None})
        # "39.2C" is a number and a unit, as spaCy already splits "2cm".
        suffixes = [*self.nlp.Defaults.suffixes, r"(?<=[0-9])[cCfF]"]
        self.nlp.tokenizer.suffix_search = spacy.util.compile_suffix_regex(suffixes).search
        self.sentences = self.nlp.get_pipe("sentencizer")
        self.context = self.nlp.get_pipe("medspacy_context")
        self.context.prune_on_target_overlap = True
        self.context.add(rules_for(language))
        self.context.add(clinical_rules(self.context.DEFAULT_RULES_FILEPATH))
        tables = load_lookups(language, ["lemma_lookup", "lexeme_norm"])
        # spaCy's tables are keyed by the string's hash; they look strings up themselves.
        self.lemmas = tables.get_table("lemma_lookup")
        self.spellings = tables.get_table("lexeme_norm")
        self.equivalents = EQUIVALENTS[language]
        self.number_words = NUMBER_WORDS[language]
        # Every word a dictionary knows is left alone by the typo correction.
        self.dictionary_forms = (frozenset(self.lemmas.values()) | frozenset(self.spellings.values()) | STOP_WORDS
                                 | frozenset(self.equivalents) | frozenset(self.equivalents.values()))

    def word(self, token: Token) -> str:
        """A token's dictionary form: spaCy's norm ("n't" → "not"), American spelling, the lemma, and the one
        word for a group of words that mean the same (backend.language.words: "wee" → "pee")."""
        if token.like_num:
            return NUMBER
        norm = token.norm_
        norm = self.spellings.get(norm, norm)
        norm = self.equivalents.get(norm, norm)
        lemma = self.lemmas.get(norm, norm)
        return self.equivalents.get(lemma, lemma)

    def number(self, token: Token) -> float:
        if token.like_num:
            try:
                return float(token.text.replace(",", ""))
            except ValueError:
                pass
        return self.number_words.get(token.lower_, math.nan)

    def canon(self, token: Token) -> str:
        return self.stem(self.word(token))

    def stem(self, word: str) -> str:
        # A Snowball stemmer must not be shared between threads; each thread gets its own.
        stemmer = getattr(_local, "stemmer", None)
        if stemmer is None:
            stemmer = _local.stemmer = Stemmer.Stemmer("english")
        return word if word == NUMBER else stemmer.stemWord(word)

    def knows(self, word: str) -> bool:
        return word in self.dictionary_forms or word in self.lemmas or word in self.spellings

    def make_doc(self, text: str, vocabulary: Vocabulary | None = None) -> Doc:
        """Tokens with their canon form; with a vocabulary, unknown words are read as its nearest word."""
        doc = self.nlp.make_doc(text)
        for token in doc:
            word = self.word(token)
            if vocabulary is not None and not self.knows(word):
                word = vocabulary.nearest(word)
            token._.canon = self.stem(word)
            token._.number = self.number(token)
        return doc

    def read(self, doc: Doc, matcher) -> Doc:
        """Sentences, then the findings `matcher` marks as entities, then ConText's modifiers on them."""
        doc = self.sentences(doc)
        doc = matcher(doc)
        return self.context(doc)


class Vocabulary:
    """The words of the content's phrases, which a misspelt word may be read as."""

    def __init__(self, words) -> None:
        self.words = sorted({w for w in words if w.isalpha() and len(w) >= SHORTEST_TYPO})

    def nearest(self, word: str) -> str:
        if not word.isalpha() or len(word) < SHORTEST_TYPO:
            return word
        # One slip in a short word, two in a long one ("feaver", "numbnes", "tingleing").
        allowed = 1 if len(word) < 8 else 2
        found = process.extractOne(word, self.words, scorer=Levenshtein.distance, score_cutoff=allowed)
        return found[0] if found else word


_pipelines: dict[str, Pipeline] = {}


def pipeline(language: str = LANGUAGE) -> Pipeline:
    """This process's pipeline for a language, loaded on first use."""
    if language not in _pipelines:
        with _lock:
            if language not in _pipelines:
                _pipelines[language] = Pipeline(language)
    return _pipelines[language]
