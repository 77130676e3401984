"""The Django admin's own inputs, kept from failing on what no form would send: a date
drill-down beyond the calendar, an id that is no number in a field chosen by autocomplete.

Django answers these with a 500 where the rest of the admin answers a bad value with the form
again or its "?e=1" page (tests/test_catalogue.py sends them).
"""

from django.contrib.admin.options import IncorrectLookupParameters
from django.contrib.admin.views.main import ChangeList
from django.contrib.admin.widgets import AutocompleteSelect

from .converters import is_id


class DrillDownChangeList(ChangeList):
    """A list with a date hierarchy: a year, month or day that is no date of the calendar
    (``?occurred_on__year=9999`` runs past year 9999 when Django adds a year) is an unreadable
    filter, like any other."""

    def get_filters(self, request):
        try:
            return super().get_filters(request)
        except (OverflowError, ValueError) as error:
            raise IncorrectLookupParameters(error) from error


class IdAutocompleteSelect(AutocompleteSelect):
    """Django's autocomplete, shown again with a value that is no id (the form says it is not a
    valid choice): it looks up only the values that can be ids, so that showing the form again
    does not fail in its query for the chosen option."""

    def optgroups(self, name, value, attr=None):
        return super().optgroups(name, [v for v in value if v in ("", None) or is_id(v)], attr)
