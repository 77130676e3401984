"""Calendar arithmetic on plain dates (no time zones: follow-up works on local dates)."""

import calendar
import datetime


def add_months(day, months):
    """``day`` moved ``months`` calendar months on, kept to the month's last day where needed."""
    month_index = day.year * 12 + day.month - 1 + months
    year, month = divmod(month_index, 12)
    last_day = calendar.monthrange(year, month + 1)[1]
    return datetime.date(year, month + 1, min(day.day, last_day))


def parse_date(text):
    """A date written YYYY-MM-DD; ValueError for anything else."""
    text = (text or "").strip()
    if len(text) != 10:
        raise ValueError(text)
    return datetime.date.fromisoformat(text)
