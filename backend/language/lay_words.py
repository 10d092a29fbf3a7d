"""Everyday words people ask with, and the words the site's pages use for the same thing (English).

"Ask about this site" answers only with passages that cover what a question is about, so a question in
lay words ("is it catching?", "is there a jab for it?") finds nothing on pages that say "contagious" and
"vaccine". These tables let a question's word be covered by the page's word. They are plain English usage
(the NHS's own lay wording, British and American everyday terms), written as words, not tuned to
particular questions; each entry is a question word and the page words that may stand for it. Entries go
one way: a page word does not stand for the lay word (a passage about a "cut" does not answer "removal").
"""

# Question word → page words that cover it. Written in plain form; matched after lemmatising.
EQUIVALENTS: dict[str, tuple[str, ...]] = {
    # Catching an illness from someone.
    "catching": ("catch", "contagious", "infectious", "spread"),
    "catch": ("contagious", "infectious", "spread"),
    "contagious": ("catch", "infectious", "spread"),
    "infectious": ("catch", "contagious", "spread"),
    # Vaccines: "jab" is the everyday British word.
    "jab": ("vaccine", "vaccination", "injection"),
    "vaccine": ("vaccination",),
    "vaccination": ("vaccine",),
    # Family doctor.
    "gp": ("doctor",),
    # Medicines by mouth.
    "tablet": ("pill", "medicine", "capsule"),
    "pill": ("tablet", "medicine", "capsule"),
    "medication": ("medicine", "tablet"),
    "painkiller": ("paracetamol", "ibuprofen", "pain relief"),
    "cream": ("gel", "ointment", "lotion"),
    # Cure.
    "curable": ("cure", "treatable"),
    "cured": ("cure", "treatable"),
    "cure": ("treatable",),
    # Squeezing a spot or boil.
    "pop": ("squeeze", "burst", "pick", "lance"),
    "squeeze": ("pop", "burst", "pick", "lance"),
    "burst": ("pop", "squeeze", "lance"),
    # Taking something off the body.
    "removal": ("remove",),
    "remove": ("removal",),
    # Getting better.
    "heal": ("better", "recover", "improve", "settle", "clear"),
    "recover": ("better", "heal", "improve"),
    # Danger: "is it dangerous?" is answered by what the page says about how harmless or serious it is.
    "dangerous": ("harmless", "serious", "cancer"),
    "harmful": ("harmless", "serious", "dangerous"),
    "serious": ("harmless", "dangerous"),
    "cancerous": ("cancer", "malignant"),
    "malignant": ("cancer", "cancerous"),
    # Children.
    "son": ("child", "young"),
    "daughter": ("child", "young"),
    "kid": ("child", "young"),
    "teenager": ("child", "young"),
    "toddler": ("child",),
    # Body parts in everyday words.
    "bum": ("buttock", "bottom"),
    "backside": ("buttock", "bottom"),
    "butt": ("buttock", "bottom"),
    "crack": ("crease", "cleft"),
    "tummy": ("belly", "stomach", "abdomen"),
    "belly": ("tummy", "stomach", "abdomen"),
    # Peeing.
    "pee": ("urine", "wee", "urinate"),
    "wee": ("pee", "urine", "urinate"),
    # Cleanliness.
    "dirty": ("hygiene", "clean"),
    "wash": ("hygiene", "clean"),
    "washing": ("hygiene", "clean"),
    # Cooling a burn under the tap.
    "tap": ("water",),
    # Muscle relaxants.
    "relaxant": ("relax",),
}

# Everyday phrases that mean a single word; rewritten before the words of a question, and of the pages,
# are read, so that "cut it out" in a question meets "cut out" or "removed" on a page.
PHRASES: tuple[tuple[str, str], ...] = (
    (r"\b(?:cut|chop)(?:ting)?\s+(?:it\s+|them\s+)?(?:out|off)\b", "remove"),
    (r"\b(?:take|taken|took|taking)\s+(?:it\s+|them\s+)?off\b", "remove"),
    (r"\bfind(?:ing)?\s+out\b", "check"),
    (r"\b(?:get|getting|got)\s+better\b", "heal"),
    (r"\bbackache\b", "back pain"),
    (r"\b(?:get|seek|find)(?:ing)?\s+(?:medical\s+)?help\b", "see a doctor"),
    (r"\bsleep(?:ing)?\s+on\b", "lie on"),
    (r"\ball\s+the\s+time\b", "often"),
    (r"\b(?:go|goes|going|gone|went)\s+away\b", "clear up"),
    # "the best way to …" asks how to do it, not for a ranking of products.
    (r"\b(?:the\s+)?best\s+way\s+to\b", "how to"),
)

# Words that fill out a question without saying what it is about ("what is the white stuff", "washing
# properly"): they help ranking but do not have to be covered.
FILLER = frozenset({"stuff", "thing", "properly", "really", "actually", "basically", "anything", "something",
                    "kind", "sort", "bit", "lot"})
