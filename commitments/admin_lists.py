"""The admin's lists at national scale: every municipality's promises and a million activities.

A list page reads a fixed number of queries whatever the database holds, and none of them reads
every row: the count stops at ``COUNT_LIMIT`` rows (beyond, the list says "more than" and pages
as far as that), and the filters offer what stays small (years, kinds, statuses, the promises a
local admin administers), never a choice per promise or organisation in Sweden.
"""

import datetime

from django.contrib import admin
from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME
from django.contrib.admin.options import IncorrectLookupParameters
from django.core.paginator import Paginator
from django.db.models import Max, Min
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.html import format_html
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from .access import administered_promises
from .admin_access import PROMISE_PATHS
from .converters import is_id
from .dates import FIRST_YEAR, LAST_YEAR
from .enums import PromiseStatus
from .models import Activity

# Rows a list counts at most; also the most it pages through (100 pages of 100).
COUNT_LIMIT = 10_000
# A promise filter lists the promises a user administers while they are at most this many (a
# local admin's); a national admin reaches one promise's rows from the promise list's links.
PROMISE_CHOICES_LIMIT = 20


class BoundedPaginator(Paginator):
    """Counts at most ``limit`` rows (one query that reads no more than that); ``more`` says
    whether there are more, and the pages stop at the limit: the filters and the search narrow
    the list to what can be paged through."""

    limit = COUNT_LIMIT

    @cached_property
    def _counted(self):
        # Unordered: any limit + 1 rows tell that there are more, and none need sorting first.
        return self.object_list.order_by()[: self.limit + 1].count()

    @cached_property
    def count(self):
        return min(self._counted, self.limit)

    @property
    def more(self):
        return self._counted > self.limit


class BoundedList:
    """A model admin whose list never counts a whole table: the bounded count above, and no
    second count of the unfiltered list (filtered, the list offers "Show all" instead)."""

    paginator = BoundedPaginator
    show_full_result_count = False

    def action_checkbox(self, obj):
        """Django's checkbox of a row, written as its widget renders it: rendered through the
        widget's templates, a page's hundred checkboxes took as long as the rest of the list."""
        return format_html(
            '<input type="checkbox" name="{}" value="{}" class="action-select" aria-label="{}">',
            ACTION_CHECKBOX_NAME,
            obj.pk,
            format_html(gettext("Select this object for an action - {}"), str(obj)),
        )


# ---------------------------------------------------------------------------------------------
# Filters


class YearFilter(admin.SimpleListFilter):
    """A calendar year, from the first year of the promises the user administers to the last
    (or this year, when later); newest first. ``in_year`` says what a year means for the list."""

    title = _("year")
    parameter_name = "year"

    def lookups(self, request, model_admin):
        span = administered_promises(request.user).aggregate(
            first=Min("valid_from"), last=Max("valid_until")
        )
        if span["first"] is None:
            return []
        last = self.last_year(span["last"].year, timezone.localdate().year)
        return [(str(year), str(year)) for year in range(last, span["first"].year - 1, -1)]

    def last_year(self, last_valid, this_year):
        # A promise that runs until a new one is given runs on to this year.
        return max(last_valid, this_year)

    def queryset(self, request, queryset):
        value = self.value()
        if value is None:
            return queryset
        if not (value.isascii() and value.isdigit() and FIRST_YEAR <= int(value) <= LAST_YEAR):
            raise IncorrectLookupParameters(f"no year: {value!r}")
        year = int(value)
        return self.in_year(queryset, datetime.date(year, 1, 1), datetime.date(year, 12, 31))

    def in_year(self, queryset, first, last):
        raise NotImplementedError


class ActivityYearFilter(YearFilter):
    """Activities dated in the year. Read from the index on the date, where the admin's former
    date drill-down read every activity; its address (``occurred_on__year``) still works."""

    parameter_name = "occurred_on__year"

    def last_year(self, last_valid, this_year):
        return this_year  # no activity is dated in the future

    def in_year(self, queryset, first, last):
        return queryset.in_period(first, last)


class PromiseYearFilter(YearFilter):
    """Promises valid on some day of the year (from valid_from to valid_until)."""

    title = _("year of validity")

    def in_year(self, queryset, first, last):
        return queryset.filter(valid_from__lte=last, valid_until__gte=first)


class PromiseStatusFilter(admin.SimpleListFilter):
    """The promise's status today, decided in SQL (:meth:`PromiseQuerySet.in_status_on`)."""

    title = _("status today")
    parameter_name = "status"

    def lookups(self, request, model_admin):
        return PromiseStatus.choices

    def queryset(self, request, queryset):
        value = self.value()
        if value is None:
            return queryset
        if value not in PromiseStatus.values:
            raise IncorrectLookupParameters(f"no status: {value!r}")
        return queryset.in_status_on(value, timezone.localdate())


class PromiseFilter(admin.SimpleListFilter):
    """The rows of one promise (see :func:`promise_filter`). The choices are the promises the
    user administers while they are few; else only the one chosen, whose rows the promise list
    links to. Another municipality's promise is no choice, and its rows are none."""

    title = _("promise")

    def lookups(self, request, model_admin):
        promises = administered_promises(request.user).only("title", "valid_from", "valid_until")
        few = list(promises.order_by("title", "-valid_from", "pk")[: PROMISE_CHOICES_LIMIT + 1])
        if len(few) <= PROMISE_CHOICES_LIMIT:
            return [(str(p.pk), promise_label(p)) for p in few]
        value = self.value()
        chosen = promises.filter(pk=value).first() if value and is_id(value) else None
        return [(str(chosen.pk), promise_label(chosen))] if chosen else []

    def has_output(self):
        # A promise chosen is applied even when it is no choice (another municipality's).
        return super().has_output() or self.value() is not None

    def queryset(self, request, queryset):
        value = self.value()
        if value is None:
            return queryset
        if not is_id(value):
            raise IncorrectLookupParameters(f"no promise: {value!r}")
        return queryset.filter(**{self.path: value})


def promise_label(promise):
    """A promise as a filter names it: titles repeat from one promise to the next."""
    return f"{promise.title} ({promise.valid_from.year}–{promise.valid_until.year})"


# How the admin's addresses name an activity's promise (its filter, the promise list's links).
ACTIVITY_PROMISE_PARAMETER = "commitment__promise"


def promise_filter(model):
    """The :class:`PromiseFilter` of ``model``. Its parameter is the way to the promise
    (``commitment__promise=5``), so that Django's own ``commitment__promise__id__exact=5``, which
    the former filter wrote, is still read."""
    path = PROMISE_PATHS[model]
    # An activity keeps its promise (Activity.promise), but the addresses name it through the
    # commitment, as they did before it did.
    parameter = ACTIVITY_PROMISE_PARAMETER if model is Activity else path
    return type(
        f"{model.__name__}PromiseFilter",
        (PromiseFilter,),
        {"parameter_name": parameter, "path": path},
    )
