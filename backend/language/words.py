"""Words people use for the same thing, per language: read as one word before any phrase is matched.

A lay synonym names a finding in a whole phrase ("it hurts when I pee"); people swap single words inside it
("it hurts when I wee", "it stings when I urinate"). Folding each group of such words into one form, on the
phrases and on what people type alike, lets every phrase that uses one of them match all of them, instead
of each phrase being written out once per word. Only words that mean the same wherever they appear in a
description of back symptoms belong here: "bottom" is not "buttock" ("the bottom of my spine"), and "bump"
is not "lump" ("I bumped my back").

Also the shorthand of phone typing that is too short for the typo reader to correct safely ("bak", "wks").
"""

EQUIVALENTS: dict[str, dict[str, str]] = {
    "en": {
        # Passing urine.
        "wee": "pee", "wees": "pee", "weeing": "pee", "piss": "pee",
        "pissing": "pee", "urinate": "pee", "urinating": "pee", "urination": "pee", "urine": "pee",
        "peeing": "pee", "pees": "pee", "peed": "pee",
        # Opening the bowels.
        "poo": "poop", "poos": "poop", "pooing": "poop", "pooed": "poop", "pooping": "poop", "pooped": "poop",
        "stool": "poop", "stools": "poop",
        # The buttocks.
        "bum": "buttock", "butt": "buttock", "arse": "buttock", "ass": "buttock", "backside": "buttock",
        "bums": "buttock", "butts": "buttock", "buttocks": "buttock",
        # The belly.
        "tummy": "belly", "stomach": "belly", "abdomen": "belly", "abdominal": "belly", "tum": "belly",
        # Size.
        "large": "big", "larger": "big", "largest": "big", "bigger": "big", "biggest": "big",
        # Units of size and temperature.
        "centimeter": "cm", "centimeters": "cm", "centimetre": "cm", "centimetres": "cm", "cms": "cm",
        "millimeter": "mm", "millimeters": "mm", "millimetre": "mm", "millimetres": "mm", "inches": "inch",
        "celsius": "c", "centigrade": "c", "fahrenheit": "f", "degrees": "degree",
        # Body temperature.
        "temp": "temperature", "temps": "temperature",
        # Pus.
        "puss": "pus",
        # Short forms of time (the typo reader leaves words under four letters alone).
        "min": "minute", "mins": "minute", "hr": "hour", "hrs": "hour", "wk": "week", "wks": "week",
        "mnth": "month", "mnths": "month", "mth": "month", "mths": "month", "yr": "year", "yrs": "year",
        "yday": "yesterday", "yest": "yesterday", "tonite": "tonight", "nite": "night",
        # Phone shorthand and slips too short to correct.
        "bak": "back", "bck": "back", "wen": "when", "wot": "what", "r": "are", "u": "you", "ur": "your",
        "n": "and", "tho": "though", "thru": "through", "cos": "because", "coz": "because", "bc": "because",
        "hed": "head", "2day": "today", "lil": "little", "sholder": "shoulder", "sholders": "shoulder",
    },
}

# Numbers written as words, for the phrases that take a number ("for three weeks", "two days ago").
NUMBER_WORDS: dict[str, dict[str, float]] = {
    "en": {
        "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9,
        "ten": 10, "eleven": 11, "twelve": 12, "fifteen": 15, "twenty": 20, "thirty": 30, "forty": 40,
        "fifty": 50, "couple": 2, "few": 3, "several": 3, "half": 0.5,
    },
}
