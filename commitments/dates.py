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


class InvalidDate(ValueError):
    """Not a date written YYYY-MM-DD in the years FIRST_YEAR–LAST_YEAR. Its message, in the
    active language, names the field and says what is wrong; it can be shown as it is."""


def add_months(day, months):
    """``day`` moved ``months`` calendar months on, kept to the month's last day where needed."""
    month_index = day.year * 12 + day.month - 1 + months
    year, month = divmod(month_index, 12)
    last_day = calendar.monthrange(year, month + 1)[1]
    return datetime.date(year, month + 1, min(day.day, last_day))


def parse_date(text, *, name="date"):
    """The date ``text`` written YYYY-MM-DD, in the years FIRST_YEAR to LAST_YEAR.

    ``name`` is what the person typed it into (a query parameter, an option, a label): the
    message of the InvalidDate raised for anything else names it.
    """
    value = (text or "").strip()
    if not value:
        raise InvalidDate(_("%(name)s must be a date written YYYY-MM-DD.") % {"name": name})
    try:
        if not _ISO_DATE.fullmatch(value):
            raise ValueError(value)
        day = datetime.date.fromisoformat(value)
    except ValueError:
        raise InvalidDate(
            _("%(name)s must be a date written YYYY-MM-DD, not %(value)s.")
            % {"name": name, "value": shown(value)}
        ) from None
    if not EARLIEST <= day <= LATEST:
        raise InvalidDate(
            _("%(name)s must be a date in the years %(first)s–%(last)s, not %(value)s.")
            % {"name": name, "first": FIRST_YEAR, "last": LAST_YEAR, "value": shown(value)}
        )
    return day
