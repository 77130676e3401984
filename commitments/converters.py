"""Path converters for the app's URLs (registered in apps.py, so every app may use them)."""

# Ids are bigints (DEFAULT_AUTO_FIELD is BigAutoField).
MAX_ID = 2**63 - 1


def is_id(value):
    """Whether ``value`` (as text) is an id the database can hold: ASCII digits, 1 to MAX_ID.

    Anything else names no row, and is better answered before a query: SQLite's driver raises
    OverflowError for a number past 64 bits, and a query for text on an integer column fails.
    """
    text = str(value)
    return text.isascii() and text.isdigit() and 0 < int(text) <= MAX_ID


class IdConverter:
    """``<id:pk>``: a database id from 1 to 2**63 - 1.

    Any other number is no page (404) before it reaches the database, whose driver would
    otherwise have to cope with a number it cannot hold (SQLite raises OverflowError).
    """

    regex = "[0-9]{1,19}"

    def to_python(self, value):
        number = int(value)
        if not 0 < number <= MAX_ID:
            raise ValueError(value)
        return number

    def to_url(self, value):
        return str(value)
