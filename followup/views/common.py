"""What the follow-up pages share: reading the report's dates from the query string."""

import datetime

from django.utils import timezone
from django.utils.translation import gettext as _

from alvsbyn_promises.errors import BadParameter
from commitments.dates import MAX_SPAN_YEARS, InvalidDate, parse_date, span_end


def date_param(request, name, default):
    """The date in query parameter ``name`` (``default`` when absent or blank).

    A value that is no date written YYYY-MM-DD in the years 1900–2100 raises BadParameter,
    which the site answers with a 400 saying what is wrong.
    """
    value = request.GET.get(name, "").strip()
    if not value:
        return default
    try:
        return parse_date(value, name=name)
    except InvalidDate as error:
        raise BadParameter(str(error)) from None


def report_dates(request):
    """(as_of, from, to): the report's date and period; the current year up to as_of by default."""
    as_of = date_param(request, "as_of", timezone.localdate())
    start = date_param(request, "from", datetime.date(as_of.year, 1, 1))
    end = date_param(request, "to", as_of)
    if end < start:
        raise BadParameter(_("The period's end is before its start."))
    if end > span_end(start):
        raise BadParameter(
            _(
                "A report covers at most %(years)s years: from %(start)s until %(last)s at the "
                "latest."
            )
            % {
                "years": MAX_SPAN_YEARS,
                "start": start.isoformat(),
                "last": span_end(start).isoformat(),
            }
        )
    return as_of, start, end


def date_query(request, as_of):
    """ "?as_of=…" to keep the date chosen in the address on links to other pages, or ""."""
    return f"?as_of={as_of.isoformat()}" if request.GET.get("as_of", "").strip() else ""
