"""How people write, for medspaCy's ConText, per language: the lay words that make a mention negated,
about someone else, feared or asked about, or past and gone.

ConText's own English rules come from clinical notes ("denies", "negative for", "h/o"). People typing on
a phone write "havent", "my mum had", "could it be" and "its gone now"; these rules add that, on top of
the library's. A rule's `pattern` matches spaCy token attributes: NORM folds "n't", "nt" and "not" into
"not", so one rule covers every way of writing it.
"""

from medspacy.context import ConTextRule

NEGATED = "NEGATED_EXISTENCE"
FAMILY = "FAMILY"
HYPOTHETICAL = "HYPOTHETICAL"
HISTORICAL = "HISTORICAL"
TERMINATE = "TERMINATE"
PSEUDO = "PSEUDO"
# A question whether something could cause it ("can anxiety cause a burning back?"): not the person's. Not
# HYPOTHETICAL, whose modifiers end each other's reach: a question word would cut short an "if" before it.
ASKED_CAUSE = "ASKED_CAUSE"
# How often, not how long: "it flares up every few hours" is not a duration of a few hours.
FREQUENCY = "FREQUENCY"

# People close to someone, whose findings are theirs, not the person's ("my mum had melanoma"). Not a
# son, daughter or baby: a parent typing "my son has a high fever" is describing the person the answers
# are for, and a red flag in those words must not be lost. Several children are someone else, though: "my
# kids all have chickenpox and now I have a burning band".
RELATIVES = [
    "mum", "mom", "mother", "mam", "mummy", "mommy", "dad", "father", "daddy", "papa", "sister", "brother",
    "husband", "wife", "partner", "boyfriend", "girlfriend", "fiance", "fiancee", "grandma", "grandpa", "granny",
    "grandmother", "grandfather", "grandad", "granddad", "nan", "nana", "nanna", "gran", "gramps", "grandparent",
    "grandparents", "aunt", "auntie", "aunty", "uncle", "cousin", "niece", "nephew", "friend", "mate", "colleague",
    "coworker", "neighbour", "neighbor", "parents", "parent", "sibling", "relative", "relatives", "stepmum",
    "stepdad", "inlaws", "family", "flatmate", "roommate", "someone", "somebody", "spouse", "fam", "mums", "moms",
    "dads", "sisters", "brothers", "siblings", "aunts", "uncles", "cousins", "friends", "kids", "children",
    "sons", "daughters", "grandchildren", "hubby", "wifey",
]
# Said of someone else the person has just named ("my flatmate had a staph infection, he had a fever").
# Not "his" or "her": "a lump on his back, he's got a high fever" is a carer describing the patient. And
# only once someone else has been named: "my son has a lump, he's got a high fever" is the son, the patient.
PRONOUNS = ["he", "she", "they", "him", "them", "hers", "herself", "himself", "themselves"]
# Someone else only passing on what they saw or said: "my mum says there's a dark mole on my back" is the
# person's own mole.
REPORTS = ["says", "said", "say", "thinks", "thought", "reckons", "noticed", "spotted", "saw", "found", "told",
           "pointed", "asked"]
# What a question asks might cause it ("can anxiety cause a burning back?").
CAUSES = ["cause", "causes", "give", "gives", "trigger", "triggers", "bring", "lead"]
# The writer speaking of themselves ("my" before anyone but a relative: "my back", not "my dad").
FIRST_PERSON = ["i", "me", "myself", "mine"]


def lower_in(words: list[str]) -> list[dict]:
    return [{"LOWER": {"IN": words}}]


# "my mum", "a friend", "their kids", "family".
A_RELATIVE = [{"LOWER": {"IN": ["my", "our", "a", "his", "her", "their", "your"]}, "OP": "?"},
              {"LOWER": {"IN": RELATIVES}}]


def someone_else_named_before(target, modifier, between) -> bool:
    """A pronoun is someone else only after the person has named someone else."""
    return any(token.lower_ in RELATIVES for token in modifier.doc[:modifier.start])


def asked_as_a_cause(target, modifier, between) -> bool:
    """ "can anxiety cause …": the finding right after the question word, followed by a word for causing."""
    doc = target.doc
    return len(between) <= 1 and target.end < len(doc) and doc[target.end].lower_ in CAUSES


def about_someone_else(doc) -> bool:
    """A text that names someone else and never the writer is typed for them ("my dad has a fever and he's all
    muddled"): a carer describing the person the answers are for."""
    words = [token.lower_ for token in doc]
    if not any(word in RELATIVES for word in words):
        return False
    for index, word in enumerate(words):
        if word in FIRST_PERSON:
            return False
        # "my dad", "my poor old mum"; but "my back".
        if word == "my" and not any(w in RELATIVES for w in words[index + 1:index + 4]):
            return False
    return True


def rules_for(language: str) -> list[ConTextRule]:
    if language != "en":
        raise LookupError(f"No lay ConText rules for language {language!r} yet.")
    return [
        # Negation, however it is typed: "n't", "nt", "not" (NORM), and lay forms ConText's clinical list lacks.
        ConTextRule("not", NEGATED, pattern=[{"NORM": "not"}], direction="FORWARD"),
        ConTextRule("lay negation", NEGATED, direction="FORWARD", pattern=lower_in(
            ["no", "never", "nope", "without", "neither", "nor", "zero", "nothing", "havnt", "hvnt", "havenot",
             "dint", "didint", "dnt", "dont", "isnt", "wasnt", "doesnt", "hasnt", "cannot"])),
        ConTextRule("no sign of", NEGATED, direction="FORWARD", pattern=[
            {"LOWER": {"IN": ["no", "not", "any"]}}, {"LOWER": {"IN": ["sign", "signs", "trace"]}}, {"LOWER": "of"}]),
        ConTextRule("none", NEGATED, direction="BACKWARD", pattern=lower_in(["none", "nope"]), max_scope=3),
        # Someone else: "my dad had", "my wife's back". Forward within the clause; terminators end it.
        ConTextRule("relative", FAMILY, direction="FORWARD", pattern=A_RELATIVE),
        ConTextRule("he had", FAMILY, direction="FORWARD", max_scope=6, pattern=[{"LOWER": {"IN": PRONOUNS}}],
                    on_modifies=someone_else_named_before),
        ConTextRule("my mum says", PSEUDO, direction="PSEUDO", pattern=[
            *A_RELATIVE, {"LOWER": {"IN": ["'s", "s"]}, "OP": "?"}, {"LOWER": {"IN": REPORTS}}]),
        ConTextRule("runs in the family", FAMILY, direction="BACKWARD", pattern=[
            {"LOWER": {"IN": ["runs", "run", "running"]}}, {"LOWER": "in"}, {"LOWER": {"IN": ["my", "the", "our"]}},
            {"LOWER": {"IN": ["family", "families"]}}]),
        # Fear and questions about what it could be ("could it be cancer?", "worried its shingles").
        ConTextRule("could it be", HYPOTHETICAL, direction="FORWARD", max_scope=8, pattern=[
            {"LOWER": {"IN": ["could", "can", "might", "may", "would", "will", "is", "does", "do", "should"]}},
            {"LOWER": {"IN": ["it", "this", "that", "these", "they", "i"]}},
            {"LOWER": {"IN": ["be", "mean", "have", "turn", "get", "become", "cause", "develop", "lead", "spread"]}}]),
        ConTextRule("worried it is", HYPOTHETICAL, direction="FORWARD", max_scope=8, pattern=[
            {"LOWER": {"IN": ["worried", "worry", "worrying", "scared", "afraid", "terrified", "frightened", "fear",
                              "fearing", "concerned", "panicking", "paranoid", "wonder", "wondering", "think",
                              "thinking", "hope", "hoping", "praying"]}},
            {"LOWER": {"IN": ["it", "its", "it's", "that", "about", "of", "this", "i", "if", "whether"]}}]),
        ConTextRule("what if", HYPOTHETICAL, direction="FORWARD", max_scope=8, pattern=[
            {"LOWER": {"IN": ["what", "in", "just", "happens", "happen"]}}, {"LOWER": {"IN": ["if", "case"]}}]),
        # A question about what something can do to anyone: "can sunburn give you a fever?"
        ConTextRule("give you", HYPOTHETICAL, direction="FORWARD", max_scope=6, pattern=[
            {"LOWER": {"IN": ["give", "gives", "giving", "cause", "causes", "make", "makes", "making"]}},
            {"LOWER": {"IN": ["you", "u", "your", "people", "someone", "anyone"]}}]),
        ConTextRule("can anxiety cause", ASKED_CAUSE, direction="FORWARD", max_scope=4, on_modifies=asked_as_a_cause,
                    pattern=lower_in(["can", "could", "does", "do", "would", "will", "might", "may"])),
        ConTextRule("signs of", HYPOTHETICAL, direction="FORWARD", max_scope=6, pattern=[
            {"LOWER": {"IN": ["sign", "signs", "risk", "risks", "chance", "symptom", "symptoms", "rule", "test",
                              "tested", "checked", "check", "screening", "screened"]}},
            {"LOWER": {"IN": ["of", "for", "out"]}}]),
        ConTextRule("to prevent", HYPOTHETICAL, direction="FORWARD", max_scope=6, pattern=[
            {"LOWER": {"IN": ["prevent", "avoid", "stop", "vaccine", "vaccinated", "jab"]}}]),
        ConTextRule("every", FREQUENCY, direction="FORWARD", max_scope=3, pattern=lower_in(["every", "each"])),
        # The past and gone: "had a rash last year but its gone", "used to get boils".
        ConTextRule("used to", HISTORICAL, direction="FORWARD", max_scope=8, pattern=[
            {"LOWER": {"IN": ["used", "use"]}}, {"LOWER": "to"}]),
        ConTextRule("years ago", HISTORICAL, direction="BIDIRECTIONAL", max_scope=10, pattern=[
            {"LIKE_NUM": True, "OP": "?"},
            {"LOWER": {"IN": ["a", "few", "couple", "several", "many", "some"]}, "OP": "*"},
            {"LOWER": {"IN": ["year", "years", "yrs", "yr", "decade", "decades"]}},
            {"LOWER": {"IN": ["ago", "back"]}}]),
        ConTextRule("months ago", HISTORICAL, direction="BIDIRECTIONAL", max_scope=8, pattern=[
            {"LIKE_NUM": True, "OP": "?"}, {"LOWER": {"IN": ["a", "few", "couple", "several", "some"]}, "OP": "*"},
            {"LOWER": {"IN": ["month", "months"]}}, {"LOWER": "ago"}]),
        ConTextRule("back in 2019", HISTORICAL, direction="BIDIRECTIONAL", max_scope=8, pattern=[
            {"LOWER": "back", "OP": "?"}, {"LOWER": "in"}, {"SHAPE": "dddd"}]),
        ConTextRule("quit", NEGATED, direction="BIDIRECTIONAL", max_scope=3, pattern=lower_in(
            ["quit", "quitted", "stopped", "ex"])),
        ConTextRule("last year", HISTORICAL, direction="BIDIRECTIONAL", max_scope=10, pattern=[
            {"LOWER": {"IN": ["last", "previous", "past"]}},
            {"LOWER": {"IN": ["year", "summer", "winter", "decade"]}}]),
        ConTextRule("as a child", HISTORICAL, direction="BIDIRECTIONAL", max_scope=8, pattern=[
            {"LOWER": {"IN": ["as", "when"]}}, {"LOWER": {"IN": ["a", "i"]}},
            {"LOWER": {"IN": ["child", "kid", "teen", "teenager", "baby", "was"]}}]),
        ConTextRule("in the past", HISTORICAL, direction="BIDIRECTIONAL", max_scope=8, pattern=[
            {"LOWER": "in"}, {"LOWER": "the"}, {"LOWER": "past"}]),
        ConTextRule("healed", HISTORICAL, direction="BACKWARD", max_scope=8, pattern=lower_in(
            ["disappeared", "healed", "cleared", "resolved", "settled", "vanished"])),
        # "Gone" is the past only at a clause's end ("the fever has gone now", "it's gone."): "my legs have gone
        # weak" and "it's gone purple" are about now.
        ConTextRule("gone now", HISTORICAL, direction="BACKWARD", max_scope=8, pattern=[
            {"LOWER": "gone"}, {"LOWER": {"IN": ["now", "away", "completely", "totally", ".", ",", ";", "!", "and",
                                                 "but", "since", "though", "tho"]}}]),
        # "Had a fever but it's gone now": the "but" would end the clause before "gone" could reach back.
        ConTextRule("but it's gone", HISTORICAL, direction="BACKWARD", max_scope=10, pattern=[
            {"LOWER": {"IN": ["but", "though", "tho"]}},
            {"LOWER": {"IN": ["it", "its", "that", "thats", "this", "which", "they", "'s", "s", "is", "has", "have",
                              "had", "was", "all", "now"]}, "OP": "*"},
            {"LOWER": {"IN": ["gone", "went", "cleared", "disappeared", "settled", "healed", "passed", "stopped"]}}]),
        # "Then" ending a clause is that time, gone ("had cancer 6 years ago, finished radiotherapy then, now my
        # back burns"); starting one it is only what came next ("then it started burning").
        ConTextRule("back then", HISTORICAL, direction="BACKWARD", max_scope=8, pattern=[
            {"LOWER": "then"}, {"LOWER": {"IN": [",", ".", ";", "!", "and", "but", "now", "\n"]}}]),
        ConTextRule("went away", HISTORICAL, direction="BACKWARD", max_scope=8, pattern=[
            {"LOWER": {"IN": ["went", "go", "goes", "gone", "got", "get", "cleared", "calmed", "died", "settled"]}},
            {"LOWER": {"IN": ["away", "better", "down", "off"]}}]),
        # A clause ends a modifier's reach: "no fever, can't feel when I wipe" must not negate the second.
        ConTextRule("clause end", TERMINATE, direction="TERMINATE", pattern=lower_in(
            [",", ";", ":", ".", "!", "?", "but", "and", "though", "although", "however", "because", "cos", "coz",
             "cause", "so", "which", "while", "whilst", "except", "plus", "also", "now", "then", "-", "–", "—", "(",
             ")", "\n"])),
        # Not a negation but something that lasts: "a sore that won't heal", "it won't go away".
        ConTextRule("won't go away", PSEUDO, direction="PSEUDO", pattern=[
            {"NORM": "not"}, {"LOWER": {"IN": ["go", "going", "goes", "clear", "clearing", "shift", "shifting",
                                               "settle", "settling", "heal", "healing", "stop", "stopping", "fade",
                                               "fading"]}}]),
        # Not a negation: "not sure", "no idea", "not only", "no better".
        ConTextRule("not sure", PSEUDO, direction="PSEUDO", pattern=[
            {"NORM": {"IN": ["not", "no"]}},
            {"LOWER": {"IN": ["sure", "idea", "matter", "only", "just", "better", "improving", "improvement",
                              "relief", "change", "doubt", "stop", "stopping"]}}]),
    ]


# ConText's clinical rules that misread lay writing. "never had" swallows the "had" of a phrase such as "had a
# lump there before", and "no" swallows a "new" after it ("no new creams"); a modifier overlapping the finding
# is dropped, so the negation was lost. Our own "never" and "no" read them. Its "family" counts a son or a
# daughter as someone else, and our RELATIVES don't.
CLINICAL_RULES_LEFT_OUT = {"never had", "no", "family"}


def clinical_rules(path: str) -> list[ConTextRule]:
    return [rule for rule in ConTextRule.from_json(path) if rule.literal not in CLINICAL_RULES_LEFT_OUT]
