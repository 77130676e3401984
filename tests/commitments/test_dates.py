import datetime

import pytest

from commitments.dates import EARLIEST, LATEST, InvalidDate, parse_date

D = datetime.date


def test_the_bounds_are_readable_dates():
    assert parse_date(EARLIEST.isoformat()) == EARLIEST
    assert parse_date(LATEST.isoformat()) == LATEST


@pytest.mark.parametrize(
    "text, day",
    [
        ("1900-01-01", D(1900, 1, 1)),
        ("2100-12-31", D(2100, 12, 31)),
        (" 2025-02-28 ", D(2025, 2, 28)),
    ],
)
def test_reads_a_date_within_the_bounds(text, day):
    assert parse_date(text) == day


@pytest.mark.parametrize("text", ["1899-12-31", "2101-01-01", "0001-01-01", "9999-12-31"])
def test_refuses_a_year_outside_the_bounds(text):
    with pytest.raises(InvalidDate) as error:
        parse_date(text, name="as_of")
    assert str(error.value) == f"as_of måste vara ett datum under åren 1900–2100, inte {text}."


@pytest.mark.parametrize(
    "text",
    ["2025-02-30", "2025-13-01", "abc", "2025-6-1", "20250601", "2025-W01-1", "2025-001",
     "\u0662\u0660\u0662\u0665-\u0660\u0661-\u0660\u0661", "2025-01-01T00:00", "\x00", "x" * 300],
)  # fmt: skip
def test_refuses_anything_but_yyyy_mm_dd(text):
    with pytest.raises(InvalidDate, match="^from måste vara ett datum skrivet ÅÅÅÅ-MM-DD, inte "):
        parse_date(text, name="from")


@pytest.mark.parametrize("text", ["", "   ", None])
def test_refuses_nothing_with_its_own_message(text):
    with pytest.raises(InvalidDate) as error:
        parse_date(text, name="to")
    assert str(error.value) == "to måste vara ett datum skrivet ÅÅÅÅ-MM-DD."


def test_an_invalid_date_is_a_value_error():
    # Callers that only care that the text was no date may go on catching ValueError.
    assert issubclass(InvalidDate, ValueError)


@pytest.mark.parametrize(
    "text, quoted",
    [("\x00", "\ufffd"), ("2025-01-0\x01", "2025-01-0\ufffd"), ("x" * 300, "x" * 39 + "…")],
)
def test_the_message_quotes_what_a_page_can_show(text, quoted):
    with pytest.raises(InvalidDate) as error:
        parse_date(text, name="as_of")
    assert str(error.value) == f"as_of måste vara ett datum skrivet ÅÅÅÅ-MM-DD, inte {quoted}."
