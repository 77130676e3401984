"""Calendar arithmetic on plain dates (no time zones: follow-up works on local dates), and the
one parser of dates that people type: query parameters, filters and commands' ``--as-of``."""

import calendar
import datetime
import re

from django.utils.translation import gettext as _

from alvsbyn_promises.errors import shown

# Dates people may ask for. A promise runs a few years; these bounds keep typing mistakes
# (0001-01-01, 9999-12-31) away from calendar arithmetic that would overflow Python's dates.
FIRST_YEAR = 1900
LAST_YEAR = 2100
EARLIEST = datetime.date(FIRST_YEAR, 1, 1)
LATEST = datetime.date(LAST_YEAR, 12, 31)

# ASCII digits only: Python's fromisoformat also reads week dates (2025-W01-1) and other
# forms that nobody means here.
_ISO_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")


# A promise, and so its follow-up, spans at most this many years: a promise runs one to five
# years (DESIGN.md), and every period of a follow-up (a daily quota's too) lies within this span
# of its start, whatever date a report is asked for.
MAX_SPAN_YEARS = 10


class InvalidDate(ValueError):
    """Not a date written YYYY-MM-DD in the years FIRST_YEAR–LAST_YEAR. Its message, in the
    active language, names the field and says what is wrong; it can be shown as it is."""


def in_bounds(day):
    """Whether ``day`` (a date) lies in the years FIRST_YEAR to LAST_YEAR."""
    return EARLIEST <= day <= LATEST


def add_months(day, months):
    """``day`` moved ``months`` calendar months on, kept to the month's last day where needed."""
    month_index = day.year * 12 + day.month - 1 + months
    year, month = divmod(month_index, 12)
    last_day = calendar.monthrange(year, month + 1)[1]
    return datetime.date(year, month + 1, min(day.day, last_day))


def span_end(start):
    """The last day of the MAX_SPAN_YEARS years that begin on ``start`` (the last day Python
    can hold, for a start too late for that)."""
    try:
        return add_months(start - datetime.timedelta(days=1), 12 * MAX_SPAN_YEARS)
    except (ValueError, OverflowError):
        return datetime.date.max


def _read(value):
    """The date ``value`` (stripped text) writes as YYYY-MM-DD, or None."""
    if not _ISO_DATE.fullmatch(value):
        return None
    try:
        return datetime.date.fromisoformat(value)
    except ValueError:
        return None


def parse_date(text, *, name="date"):
    """The date ``text`` written YYYY-MM-DD, in the years FIRST_YEAR to LAST_YEAR.

    ``name`` is what the person typed it into (a query parameter, an option, a label): the
    message of the InvalidDate raised for anything else names it.
    """
    value = (text or "").strip()
    if not value:
        raise InvalidDate(_("%(name)s must be a date written YYYY-MM-DD.") % {"name": name})
    day = _read(value)
    if day is None:
        raise InvalidDate(
            _("%(name)s must be a date written YYYY-MM-DD, not %(value)s.")
            % {"name": name, "value": shown(value)}
        )
    if not in_bounds(day):
        raise InvalidDate(
            _("%(name)s must be a date in the years %(first)s–%(last)s, not %(value)s.")
            % {"name": name, "first": FIRST_YEAR, "last": LAST_YEAR, "value": shown(value)}
        )
    return day


def read_file_date(text):
    """A date in an imported file (a promise file, an activity file): as :func:`parse_date`,
    with a message that leaves the naming to the file's error (its line and field)."""
    value = (text or "").strip()
    day = _read(value)
    if day is None:
        raise InvalidDate(_("%(value)s is not a date (YYYY-MM-DD)") % {"value": shown(value)})
    if not in_bounds(day):
        raise InvalidDate(
            _("%(value)s is not in the years %(first)s–%(last)s")
            % {"value": value, "first": FIRST_YEAR, "last": LAST_YEAR}
        )
    return day
