import datetime

import pytest
from hypothesis import given
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st

from commitments.validators import find_personal_identity_number, holds_personal_identity_number


@pytest.mark.parametrize(
    "text",
    [
        "Samtal med 19850615-1238 om läget.",  # YYYYMMDD-XXXX
        "Samtal med 850615-1238.",  # YYMMDD-XXXX
        "Samtal med 191212121212 i dag",  # YYYYMMDDXXXX
        "Samtal med 1212121212",  # YYMMDDXXXX
        "Född 121212+1212, över hundra år",  # YYMMDD+XXXX
        "Samordningsnummer 701063-2391",  # day + 60
        "Samordningsnummer 19701063-2391",
        "Samordningsnummer 7010632391",
        "Inbrott hos 19811228-9874",  # the leak
        "Kontakt 19850312 1234",  # a space
        "Kontakt 850312 1234",
        "Kontakt 8503121234",  # no separator, whatever the check digit
        "Samtal med 19850615-1239 om läget.",  # a wrong check digit is still a number
        "Samtal med 850615–1238",  # a typographic dash
        "Samtal med 850615\u00a01238",  # a no-break space
        "Samtal med ８５０６１５-１２３８",  # full-width digits
        "pnr:8503121234.",
        "Född 000229-1234",  # 2000 was a leap year
        "Samordningsnummer 850391-1234",  # 31 + 60
        "Elev född 0503121234",  # born in 2005, ten bare digits
        "Ring 0701234567",  # a mobile number without spaces reads as someone born in 2007
    ],
)
def test_personal_identity_numbers_are_found(text):
    assert find_personal_identity_number(text)


@pytest.mark.parametrize(
    "text",
    [
        "Hundsök i skolan två gånger per år.",
        "Ring 070-123 45 67, 08-123 456 78 eller +46 70 123 45 67.",
        "Ring +46701234567.",
        "Diarienummer 5000-K123456-24",
        "Kontroll 2024-05-14 kl 19.00",
        "Perioden 2025-03-12 – 2025-04-01, och 12/3.",
        "Postnummer 942 31, åren 2024–2025.",
        "Älvsbyns kommun, organisationsnummer 212000-2742",  # month digits 20 or more
        "Ärende 851315-1234",  # month 13: not a date
        "Ärende 850632-1234",  # day 32, and 92 would be too high for a coordination number
        "Ärende 850360-1234",  # day 60: day 0 of a coordination number
        "Ärende 010229-1234",  # 29 February in 1901 and 2001: not a date
        "12345678901234 är ett ordernummer",  # embedded in a longer run of digits
        "Budget 1 500 000 kr, 250000 kr",
    ],
)
def test_other_numbers_are_not_mistaken_for_one(text):
    assert find_personal_identity_number(text) is None


def test_texts_inside_lists_and_mappings_are_read():
    assert holds_personal_identity_number(["skolbesök", "8503121234"])
    assert holds_personal_identity_number({"anteckning": ["ok", {"850312-1234": 1}]})
    assert not holds_personal_identity_number(["skolbesök", 8503121234, None])


# Properties: a number in any form inside any Swedish text is found, and the numbers of
# ordinary text (dates, phone numbers, postal codes, years, times, amounts) never are.

WORDS = st.sampled_from(
    [
        "inbrott", "hos", "samtal", "med", "trygghetsvandring", "i", "centrum", "Älvsbyn",
        "skolbesök", "ärende", "föräldrar", "öppet", "kl.", "på", "torget", "BRÅ", "möte",
        "polisen", "kommunen", "och", "fotpatrull", "åtgärd", "vid", "skolan", "rad",
    ]
)  # fmt: skip
PROSE = st.lists(WORDS, max_size=8).map(" ".join)
LETTERS = "abcdefghijklmnopqrstuvwxyzåäöABCDEFGHIJKLMNOPQRSTUVWXYZÅÄÖéü"
NOISE = st.text(alphabet=LETTERS + " .,;:!?()\n\"'-–+/", max_size=20)


@st.composite
def personal_identity_numbers(draw):
    """A personnummer or samordningsnummer in any written form, with any check digit."""
    born = draw(st.dates(datetime.date(1900, 1, 1), datetime.date(2099, 12, 31)))
    with_century = draw(st.booleans())
    separator = draw(st.sampled_from(["-", "+", " ", ""]))
    day = born.day + (60 if draw(st.booleans()) else 0)
    serial = draw(st.integers(0, 9999))
    year = f"{born.year}" if with_century else f"{born.year % 100:02}"
    return f"{year}{born.month:02}{day:02}{separator}{serial:04}"


@hypothesis_settings(max_examples=400, deadline=None)
@given(
    before=st.one_of(PROSE, NOISE),
    number=personal_identity_numbers(),
    after=st.one_of(PROSE, NOISE),
    glue=st.sampled_from(["", " ", ": ", " (", "\n", "nr "]),
)
def test_every_form_is_found_inside_any_text(before, number, after, glue):
    assert find_personal_identity_number(f"{before}{glue}{number}{glue[::-1]}{after}") == number


def _grouped(number):
    return f"{number:,}".replace(",", " ")


DAYS = st.dates(datetime.date(1900, 1, 1), datetime.date(2100, 12, 31))
MOBILE = st.sampled_from(["070", "072", "073", "076", "079"])
SEVEN = st.integers(1_000_000, 9_999_999).map(lambda n: f"{n:07}")
ORDINARY_NUMBERS = st.one_of(
    DAYS.map(datetime.date.isoformat),
    st.tuples(DAYS, DAYS).map(lambda d: f"{d[0]} – {d[1]}"),
    st.tuples(st.integers(1, 31), st.integers(1, 12)).map(lambda d: f"{d[0]}/{d[1]}"),
    st.tuples(MOBILE, SEVEN).map(lambda p: f"{p[0]}-{p[1][:3]} {p[1][3:5]} {p[1][5:]}"),
    st.tuples(MOBILE, SEVEN).map(lambda p: f"{p[0]}-{p[1]}"),
    st.tuples(MOBILE, SEVEN).map(lambda p: f"+46 {p[0][1:]} {p[1][:3]} {p[1][3:5]} {p[1][5:]}"),
    st.tuples(MOBILE, SEVEN).map(lambda p: f"+46{p[0][1:]}{p[1]}"),
    st.tuples(st.integers(0, 999), st.integers(0, 999), st.integers(0, 99)).map(
        lambda p: f"08-{p[0]:03} {p[1]:03} {p[2]:02}"
    ),
    st.tuples(
        st.sampled_from(["0920", "0929", "031"]), st.integers(0, 999), st.integers(0, 99)
    ).map(lambda p: f"{p[0]}-{p[1]:03} {p[2]:02}"),
    st.tuples(st.integers(100, 999), st.integers(0, 99)).map(lambda p: f"{p[0]} {p[1]:02}"),
    st.integers(1900, 2100).map(lambda y: f"{y}–{y + 1}"),
    st.integers(1900, 2100).map(lambda y: f"{y}-{y + 1}"),
    st.tuples(st.integers(0, 23), st.integers(0, 59)).map(lambda t: f"kl. {t[0]:02}.{t[1]:02}"),
    st.tuples(st.integers(0, 23), st.integers(0, 59)).map(lambda t: f"{t[0]:02}:{t[1]:02}"),
    st.integers(1, 10_000).map(lambda n: f"{n} st"),
    st.integers(0, 10**9).map(lambda n: f"{_grouped(n)} kr"),
    st.integers(0, 9_999_999).map(lambda n: f"{n} kronor"),
    st.tuples(st.integers(0, 99), st.integers(0, 999)).map(lambda p: f"{p[0]},{p[1]} %"),
)


@hypothesis_settings(max_examples=400, deadline=None)
@given(st.lists(st.tuples(PROSE, ORDINARY_NUMBERS), min_size=1, max_size=6))
def test_ordinary_numbers_in_text_pass(parts):
    # A word between two numbers, as in prose: "… 942 31 och 2024–2025 …".
    text = " ".join(f"{words} {number} och" for words, number in parts)
    assert find_personal_identity_number(text) is None
