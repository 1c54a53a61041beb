"""Redaction of personal data in transcripts: own sentences, written and spoken the way Whisper writes speech,
and properties over generated text (Hypothesis): the Luhn check, idempotence, and no valid card ever left."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from qa_app.privacy.redact import CATEGORIES, PLACEHOLDERS, find, luhn_valid, redact_text, redact_turns
from qa_app.privacy.scan import spoken_digits

CARD = "[card number]"
ID = "[ID number]"
EMAIL = "[email address]"
PHONE = "[phone number]"


@pytest.mark.parametrize(("said", "redacted"), [
    # cards, as typed and as speech-to-text writes them when read out
    ("I'll pay with 4929 1753 0862 4717 if that's fine", f"I'll pay with {CARD} if that's fine"),
    ("card is 5372-1409-6835-2016.", f"card is {CARD}"),
    ("it's five three seven two, uh, one four oh nine, six eight three five, two oh one six",
     f"it's {CARD}"),
    ("Sure, my card number is 4 .929, 1 7 5 3, 0 8 6 2, 4 7 1 7", f"Sure, my card number is {CARD}"),
    ("4539, one 488, zero three four three, six four six seven, and it expires soon",
     f"{CARD} and it expires soon"),
    ("four thousand five hundred thirty nine, fourteen eighty eight, oh three four three, sixty four sixty seven",
     CARD),
    ("a fifteen digit amex 3782 822463 10005 works", f"a fifteen digit amex {CARD} works"),
    # ids
    ("my social security number is 219-09-9999 okay", f"my social security number is {ID} okay"),
    ("SSN: two one nine, zero nine, nine nine nine nine", f"SSN: {ID}"),
    ("the NI number is AB 12 34 56 C, thanks", f"the NI number is {ID} thanks"),
    ("national insurance JK123456D", f"national insurance {ID}"),
    ("passport number is 533380006.", f"passport number is {ID}"),
    # e-mail addresses
    ("send it to dana.kowalski+orders@example-mail.co.uk please", f"send it to {EMAIL} please"),
    ("it's dana dot kowalski at outlook dot com okay", f"it's {EMAIL} okay"),
    ("spelled d a n a at post dot de", f"spelled {EMAIL}"),
    ("dana underscore k at web mail dot net", f"{EMAIL}"),
    # phones
    ("call me back on 07700 900461", f"call me back on {PHONE}"),
    ("my mobile is +44 7700 900461.", f"my mobile is {PHONE}"),
    ("(212) 555-0187 is the office", f"{PHONE} is the office"),
    ("oh seven seven double oh, nine oh oh four six one", PHONE),
    ("or the desk, 555-0187", f"or the desk, {PHONE}"),
])
def test_personal_data_is_replaced_by_what_it_was(said, redacted):
    assert redact_text(said) == redacted
    assert redact_text(redacted) == redacted


@pytest.mark.parametrize("said", [
    "I'll be at home at five, call me after six.",
    "The order from the twenty third of May cost forty nine ninety nine.",
    "Your reference is 48213 and the parcel weighs 2.5 kg.",
    "It took three or four weeks, that's twenty one days too many.",
    "Oh, I see. Double check the address, please.",
    "We are at the shop, not at home.",
    "A 16-digit number that fails the check: 4929 1753 0862 4718 is not a card.",
    "The year 2024 was better than 1999.",
    "Version 1.2.3 of the app, room 101, flight BA 2490.",
])
def test_ordinary_numbers_and_words_stay(said):
    assert find(said, ("cards", "ids", "emails")) == []
    if "4929" not in said:
        assert redact_text(said) == said


def test_each_category_can_be_switched_off():
    said = "card 4929175308624717, mail dana@example.com, phone 07700 900461, SSN 219-09-9999"
    assert redact_text(said, ("cards",)) == f"card {CARD} mail dana@example.com, phone 07700 900461, SSN 219-09-9999"
    assert redact_text(said, ("emails", "phones")) == f"card 4929175308624717, mail {EMAIL} phone {PHONE} SSN " \
                                                       "219-09-9999"
    assert redact_text(said, ()) == said


def timed(text: str, start: float, speaker: str = "customer") -> dict:
    words = [{"word": w, "start": start + i * 0.5, "end": start + i * 0.5 + 0.4, "probability": 0.9}
             for i, w in enumerate(text.split())]
    return {"speaker": speaker, "text": " ".join(text.split()), "start": start, "end": words[-1]["end"],
            "words": words}


def test_redacted_words_keep_their_times_and_say_what_they_were():
    turns = redact_turns([timed("my card is five three seven two one four oh nine six eight three five two oh one "
                                "six thanks", 10.0)])
    words = turns[0]["words"]
    assert [w["word"] for w in words] == ["my", "card", "is", CARD, "thanks"]
    assert (words[3]["start"], words[3]["end"], words[3]["redacted"]) == (11.5, 19.4, "cards")
    assert turns[0]["text"] == f"my card is {CARD} thanks"


def test_a_number_cut_in_two_by_the_speaker_separation_is_still_found():
    turns = redact_turns([timed("sure it's 5372 1409", 1.0, "customer"), timed("6835 2016 got it", 4.0, "agent")],
                         ("cards",))
    assert [t["text"] for t in turns] == [f"sure it's {CARD}", f"{CARD} got it"]


def test_an_imported_turn_without_words_is_redacted_as_text():
    turns = redact_turns([{"speaker": "customer", "text": "write to dana@example.com\nor call 07700 900461",
                           "start": None, "end": None}])
    assert turns[0]["text"] == f"write to {EMAIL}\nor call {PHONE}"


# --- properties ----------------------------------------------------------------------------------------------------

DIGIT_WORDS = ["zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine"]
TEEN_WORDS = ["ten", "eleven", "twelve", "thirteen", "fourteen", "fifteen", "sixteen", "seventeen", "eighteen",
              "nineteen"]
TENS_WORDS = {2: "twenty", 3: "thirty", 4: "forty", 5: "fifty", 6: "sixty", 7: "seventy", 8: "eighty", 9: "ninety"}
# Everyday words around a number: none of them a number word.
PLAIN_WORDS = ["the", "card", "number", "is", "my", "please", "thanks", "yes", "so", "okay", "uh", "right", "and",
               "at", "dot", "com", "Sure,", "it's", "expires", "next", "year.", "Hello", "I", "A", "C", "ID", "social",
               "security", "[music]", "café", "naïve", "—", "«quote»", "email", "gmail", "co", "uk", "x@y"]
SEPARATORS = [" ", ", ", " - ", " uh ", ", um, ", " and ", "... ", " -", ", sorry, "]


def luhn_completed(body: str) -> str:
    return next(body + d for d in "0123456789" if luhn_valid(body + d))


cards = st.builds(luhn_completed, st.text("0123456789", min_size=12, max_size=18))


def chunk_spoken(chunk: str, style: int) -> str:
    """One piece of a card as a person says it and Whisper writes it (never ambiguous about its digits)."""
    if style == 0:
        return chunk
    if style == 1:
        return " -".join(chunk)  # "4 -1 -1 -1", as tiny.en writes digits read out
    if style == 2 and len(chunk) == 2 and chunk[0] == chunk[1]:
        return f"double {DIGIT_WORDS[int(chunk[0])]}"
    if style == 3 and len(chunk) == 2 and chunk[0] == "1":
        return TEEN_WORDS[int(chunk[1])]
    if style == 3 and len(chunk) == 2 and chunk[0] >= "2" and chunk[1] != "0":
        return f"{TENS_WORDS[int(chunk[0])]} {DIGIT_WORDS[int(chunk[1])]}"
    oh = chunk.strip("0") != ""  # "oh" is a zero only next to another digit ("four oh"); "oh oh" is a sigh
    return " ".join("oh" if d == "0" and oh else DIGIT_WORDS[int(d)] for d in chunk)


@st.composite
def spoken_cards(draw):
    """A valid card number, cut into pieces of one to four digits, each written or spoken, fillers between."""
    card = draw(cards)
    pieces, rest = [], card
    while rest:
        size = draw(st.integers(1, 4))
        pieces.append(chunk_spoken(rest[:size], draw(st.integers(0, 4))))
        rest = rest[size:]
    said = pieces[0]
    for piece in pieces[1:]:
        said += draw(st.sampled_from(SEPARATORS)) + piece
    return card, said


surrounding = st.lists(st.sampled_from(PLAIN_WORDS), max_size=8).map(" ".join)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(spoken_cards(), surrounding, surrounding, st.sampled_from([CATEGORIES, ("cards",)]))
def test_no_valid_card_is_ever_left_however_it_is_said(card_and_said, before, after, categories):
    card, said = card_and_said
    assert card in "".join(spoken_digits(said))  # the generator says what it means
    text = f"{before} {said} {after}"
    redacted = redact_text(text, categories)
    assert spoken_digits(redacted) == [], (text, redacted)
    assert PLACEHOLDERS["cards"] in redacted


@given(st.text("0123456789", min_size=1, max_size=30))
def test_the_luhn_check_matches_its_definition(digits):
    doubled = [int(d) * 2 if i % 2 else int(d) for i, d in enumerate(reversed(digits))]
    assert luhn_valid(digits) == (sum(d - 9 if d > 9 else d for d in doubled) % 10 == 0)
    # exactly one check digit completes any body
    assert sum(luhn_valid(digits + d) for d in "0123456789") == 1


# Text built from the pieces the detectors react to, so that generated texts hit them often.
TRICKY = ["4929", "1753", "0862", "4717", "555-0187", "219-09-9999", "07700", "900461", "+44", "(212)", "@", "at",
          "dot", ".", "-", "_", "com", "uk", "dana", "j", "a", "AB", "C", "D", "12", "34", "56", "oh", "o", "double",
          "four", "forty", "one", "hundred", "thousand", "and", "uh", "is", "number", "social", "security", "SSN",
          "ID", "passport", "[card number]", "[", "]", "x@y.io", "d.k@m.co", "٤", "５", "\n", ",", "nine", "teen"]
tricky_text = st.lists(st.one_of(st.sampled_from(TRICKY), st.text(max_size=3)), max_size=40).flatmap(
    lambda parts: st.lists(st.sampled_from([" ", "", "  ", "\n"]), min_size=len(parts), max_size=len(parts)).map(
        lambda gaps: "".join(p + g for p, g in zip(parts, gaps))))


@settings(max_examples=500, deadline=None)
@given(tricky_text, st.sets(st.sampled_from(CATEGORIES)))
def test_redacting_twice_changes_nothing_more(text, categories):
    once = redact_text(text, categories)
    assert find(once, categories) == [], once
    assert redact_text(once, categories) == once


@settings(max_examples=200, deadline=None)
@given(st.lists(tricky_text.filter(str.split), min_size=1, max_size=4))
def test_redacting_turns_twice_changes_nothing_more_and_times_stay_in_order(texts):
    turns = [timed(text, 10.0 * i) for i, text in enumerate(texts)]
    once = redact_turns(turns)
    assert redact_turns(once) == once
    for before, after in zip(turns, once):
        assert after["text"] == " ".join(w["word"] for w in after["words"])
        starts = [w["start"] for w in after["words"]]
        assert starts == sorted(starts) and set(starts) <= {w["start"] for w in before["words"]}
    assume(any(w.get("redacted") for turn in once for w in turn["words"]))
