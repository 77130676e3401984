"""What the follow-up pages share: reading the report's dates from the query string."""

import datetime

from django.utils import timezone
from django.utils.translation import gettext as _

from commitments.dates import parse_date


class BadDate(ValueError):
    """A date in the query string that is not YYYY-MM-DD; the message says which."""


def date_param(request, name, default):
    value = request.GET.get(name, "").strip()
    if not value:
        return default
    try:
        return parse_date(value)
    except ValueError:
        raise BadDate(
            _("%(name)s must be a date written YYYY-MM-DD, not %(value)s.")
            % {"name": name, "value": value}
        ) from None


def report_dates(request):
    """(as_of, from, to): the report's date and period; the current year up to as_of by default."""
    as_of = date_param(request, "as_of", timezone.localdate())
    start = date_param(request, "from", datetime.date(as_of.year, 1, 1))
    end = date_param(request, "to", as_of)
    if end < start:
        raise BadDate(_("The period's end is before its start."))
    return as_of, start, end


def date_query(request, as_of):
    """ "?as_of=…" to keep the date chosen in the address on links to other pages, or ""."""
    return f"?as_of={as_of.isoformat()}" if request.GET.get("as_of", "").strip() else ""
