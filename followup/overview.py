"""The overview (Översikt): the promises a person's organisations are party to, side by side.

A police area signs promises with several municipalities; its chief compares them here, as the
BRÅ chair compares the promises of the municipality over the years, and a national admin
(superuser) every promise in Sweden. One :class:`Row` per promise: municipality, county, police
area, validity, days left, status, the commitments by traffic light, this year's and last
year's quota periods, open local problems, the outcome indicators' trends, and a link into its
dashboard; filtered by county, police area and status, sorted by any column, paged.

**Who sees what.** Exactly the promises the person may open
(:func:`commitments.access.visible_promises`): the published promises their organisations are
party to, whatever their role (a reporter too: every figure of the overview is on a dashboard
they may already read), and the promises they administer, drafts included (every promise in
Sweden for a national admin). Nothing else, whatever the filter asks.

**How it stays fast.** A row's figures (:class:`~followup.overview_figures.Figures`, a few
numbers of the promise's follow-up) are kept per promise and day, made ahead of time by
``refresh_figures`` (:mod:`followup.overview_figures`). Only the figures shown are read: sorted
by a column of the promise itself (municipality, county, police area, validity, days left,
status), those of the page; sorted by a figure, or exported, those of every row.
"""

import datetime
import unicodedata
from dataclasses import dataclass
from functools import cached_property

from django import forms
from django.core.paginator import Paginator
from django.http import QueryDict
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from alvsbyn_promises.errors import BadParameter, shown
from commitments.access import is_national_admin, memberships, visible_promises
from commitments.enums import County, PromiseStatus

from . import indicators as outcome
from .overview_figures import TREND_ORDER, Figures, figure_keys, figures_for, list_key
from .progress import LIGHT_COLOURS, LIGHT_ORDER, LIGHT_WORDS

PAGE_SIZE = 100
# A promise no longer in force has no days left.
ENDED = {PromiseStatus.SUPERSEDED, PromiseStatus.EXPIRED}
STATUS_ORDER = list(PromiseStatus)


# ---------------------------------------------------------------------------------------------
# Rows


def overview_promises(user):
    """The promises the overview lists for ``user`` (see the module's docstring), with what a
    row shows of them read in the same query: municipality, police area, change stamp, and the
    start of a successor (what the status and the days in force turn on)."""
    return (
        visible_promises(user)
        .prefetch_related(None)  # neither other parties nor successors are shown
        .with_successor_start()
        .only(*ROW_FIELDS)
    )


# What a row reads of a promise and its parties (a national admin's list reads 1,500).
ROW_FIELDS = (
    "slug", "title", "valid_from", "valid_until", "until_superseded", "published", "created_at",
    "replaces_id", "municipality__name", "municipality__county", "police_area__name",
    "change_stamp__changes",
)  # fmt: skip


@dataclass
class Row:
    """One promise of the overview as of ``as_of``; ``figures`` once made (:func:`fill`)."""

    promise: object
    status: str
    as_of: datetime.date
    figures: Figures | None = None

    @property
    def municipality(self):
        return self.promise.municipality.name

    @property
    def county(self):
        """The municipality's county by name, or "" when not given."""
        code = self.promise.municipality.county
        return County(code).label if code else ""

    @property
    def police_area(self):
        return self.promise.police_area.name

    @property
    def days_left(self):
        """Days from ``as_of`` to ``valid_until`` (negative once extended past it); None when the
        promise is no longer in force."""
        if self.status in ENDED:
            return None
        return (self.promise.valid_until - self.as_of).days

    @property
    def days_left_text(self):
        """The days left in words: a number, "extended", or "" (no longer in force)."""
        if self.status == PromiseStatus.EXTENDED:
            return _("extended")
        return "" if self.days_left is None else str(self.days_left)

    @property
    def status_text(self):
        return str(PromiseStatus(self.status).label)

    @property
    def lights(self):
        """(light, what it means, count) in LIGHT_ORDER."""
        return [
            (light, LIGHT_WORDS[light], count)
            for light, count in zip(LIGHT_ORDER, self.figures.lights, strict=True)
        ]

    @property
    def this_year(self):
        return self.figures.years[0]

    @property
    def last_year(self):
        return self.figures.years[1]

    @property
    def this_year_text(self):
        return year_text(self.this_year)

    @property
    def last_year_text(self):
        return year_text(self.last_year)

    @property
    def problems_text(self):
        """ "2 open, 1 needs attention", or "none open"."""
        figures = self.figures
        if not figures.open_problems:
            return _("none open")
        parts = [
            ngettext("%(count)s open", "%(count)s open", figures.open_problems)
            % {"count": figures.open_problems}
        ]
        if figures.attention:
            parts.append(
                ngettext("%(count)s needs attention", "%(count)s need attention", figures.attention)
                % {"count": figures.attention}
            )
        return ", ".join(parts)

    @property
    def trends(self):
        return dict(zip(TREND_ORDER, self.figures.trends, strict=True))

    @property
    def trends_text(self):
        """ "2 improving, 1 worsening", zeros left out; "no indicators" when it has none."""
        counts = self.trends
        parts = [
            TREND_COUNTS[trend](count) % {"count": count}
            for trend, count in counts.items()
            if count
        ]
        return ", ".join(parts) if parts else _("no indicators")


TREND_COUNTS = {
    outcome.IMPROVING: lambda n: ngettext("%(count)s improving", "%(count)s improving", n),
    outcome.WORSENING: lambda n: ngettext("%(count)s worsening", "%(count)s worsening", n),
    outcome.UNCHANGED: lambda n: ngettext("%(count)s unchanged", "%(count)s unchanged", n),
    outcome.NO_DATA: lambda n: ngettext("%(count)s without values", "%(count)s without values", n),
}


def year_text(year):
    """A year's quota periods in words: "3 of 8 met, 1 missed, 4 open" (upcoming ones said
    too), or "no quota periods"."""
    if year is None:
        return _("no quota periods")
    parts = [
        ngettext("%(met)s of %(count)s met", "%(met)s of %(count)s met", year.periods)
        % {"met": year.met, "count": year.periods}
    ]
    if year.missed:
        parts.append(
            ngettext("%(count)s missed", "%(count)s missed", year.missed) % {"count": year.missed}
        )
    if year.open:
        parts.append(
            ngettext("%(count)s in progress", "%(count)s in progress", year.open)
            % {"count": year.open}
        )
    if year.upcoming:
        parts.append(
            ngettext("%(count)s upcoming", "%(count)s upcoming", year.upcoming)
            % {"count": year.upcoming}
        )
    return ", ".join(parts)


def fill(rows, as_of):
    """Give each of ``rows`` that has none its :class:`Figures` (:func:`figures_for`)."""
    missing = [row for row in rows if row.figures is None]
    if missing:
        found = figures_for([row.promise for row in missing], as_of)
        for row in missing:
            row.figures = found[row.promise.pk]


# ---------------------------------------------------------------------------------------------
# Sorting


_SWEDISH_LAST = str.maketrans({"å": "{", "ä": "|", "æ": "|", "ö": "}", "ø": "}"})


def swedish(text):
    """A key that sorts ``text`` as a Swedish reader expects: any case alike, Å, Ä and Ö after
    Z in that order, other accented letters with their base letter (É with E)."""
    text = text.casefold().translate(_SWEDISH_LAST)
    return "".join(c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c))


def _share_met(year):
    return None if year is None else year.met / year.periods


@dataclass(frozen=True)
class Column:
    """A column the overview may be sorted by: its name in ``?sort=``, its header, its key
    (None sorts last ascending, first descending, as PostgreSQL's NULLs), and whether the key
    needs the row's figures."""

    name: str
    label: object
    key: object
    figures: bool = False


COLUMNS = [
    Column("municipality", gettext_lazy("Municipality"), lambda r: swedish(r.municipality)),
    Column("county", gettext_lazy("County"), lambda r: swedish(r.county) if r.county else None),
    Column("police_area", gettext_lazy("Local police area"), lambda r: swedish(r.police_area)),
    Column(
        "validity",
        gettext_lazy("Valid"),
        lambda r: (r.promise.valid_from, r.promise.valid_until, r.promise.until_superseded),
    ),
    Column("days_left", gettext_lazy("Days left"), lambda r: r.days_left),
    Column("status", gettext_lazy("Status"), lambda r: STATUS_ORDER.index(r.status)),
    *[
        Column(str(light), light.label, lambda r, i=index: r.figures.lights[i], figures=True)
        for index, light in enumerate(LIGHT_ORDER)
    ],
    Column("this_year", gettext_lazy("This year"), lambda r: _share_met(r.this_year), True),
    Column("last_year", gettext_lazy("Last year"), lambda r: _share_met(r.last_year), True),
    Column(
        "problems",
        gettext_lazy("Local problems"),
        lambda r: (r.figures.open_problems, r.figures.attention),
        figures=True,
    ),
    Column(
        "indicators",
        gettext_lazy("Indicators"),
        # The net trend: improving less worsening.
        lambda r: r.figures.trends[0] - r.figures.trends[1],
        figures=True,
    ),
]
SORTS = {column.name: column for column in COLUMNS}
DEFAULT_SORT = "municipality"


@dataclass(frozen=True)
class Sort:
    column: Column
    descending: bool = False

    @property
    def value(self):
        return f"{'-' if self.descending else ''}{self.column.name}"

    def apply(self, rows):
        """``rows`` sorted in place: by the column, ties in the default order (municipality,
        the newest promise first)."""
        rows.sort(key=lambda r: (swedish(r.municipality), -r.promise.valid_from.toordinal()))
        if self.column.name != DEFAULT_SORT or self.descending:
            rows.sort(key=lambda r: _nulls_last(self.column.key(r)), reverse=self.descending)


def _nulls_last(value):
    return (True, 0) if value is None else (False, value)


def sort_from(query):
    """The :class:`Sort` in ``?sort=`` (a column's name, with "-" before it for descending); a
    BadParameter (400) naming the choices for anything else."""
    value = query.get("sort", "").strip()
    if not value:
        return Sort(SORTS[DEFAULT_SORT])
    column = SORTS.get(value.removeprefix("-"))
    if column is None:
        raise BadParameter(
            _(
                "sort must be one of %(choices)s, with “-” before it for the reverse order; "
                "not %(value)s."
            )
            % {"choices": ", ".join(SORTS), "value": shown(value)}
        )
    return Sort(column, value.startswith("-"))


# ---------------------------------------------------------------------------------------------
# The page


class OverviewFilter(forms.Form):
    """County, police area and status; the police areas offered are those of the person's
    promises (a police area of no promise of theirs is no choice, so it tells them nothing)."""

    county = forms.ChoiceField(label=gettext_lazy("County"), required=False)
    police_area = forms.ChoiceField(label=gettext_lazy("Local police area"), required=False)
    status = forms.ChoiceField(label=gettext_lazy("Status"), required=False)

    def __init__(self, data, *, police_areas):
        super().__init__(data)
        self.fields["county"].choices = [("", _("All counties")), *County.choices]
        self.fields["police_area"].choices = [("", _("All police areas")), *police_areas]
        self.fields["status"].choices = [("", _("All statuses")), *PromiseStatus.choices]

    def admits(self, row):
        data = self.cleaned_data
        promise = row.promise
        return (
            (not data["county"] or promise.municipality.county == data["county"])
            and (not data["police_area"] or str(promise.police_area_id) == data["police_area"])
            and (not data["status"] or row.status == data["status"])
        )

    def query(self):
        """The filter as a query string (what was chosen only)."""
        query = QueryDict(mutable=True)
        for name, value in self.cleaned_data.items():
            if value:
                query[name] = value
        return query


def police_areas_of(promises):
    """(id, name) of the police areas of ``promises``, by name."""
    areas = {p.police_area_id: p.police_area.name for p in promises}
    return sorted(((str(pk), name) for pk, name in areas.items()), key=lambda a: swedish(a[1]))


@dataclass
class Overview:
    """The overview of ``user``'s promises as of ``as_of``, filtered and sorted by ``query``.

    ``rows`` is None when the filter cannot be read (the page shows the form's errors).
    """

    as_of: datetime.date
    form: OverviewFilter
    sort: Sort
    rows: list | None
    member: bool  # belongs to an organisation, or is a national admin: has promises to see
    national: bool

    @classmethod
    def build(cls, user, as_of, query):
        """Read, filter and sort: the figures of every row when the sort needs them, else of
        none yet (:meth:`page` makes the page's, the workbook every row's)."""
        sort = sort_from(query)
        promises = list(overview_promises(user))
        form = OverviewFilter(query, police_areas=police_areas_of(promises))
        national = is_national_admin(user)
        overview = cls(as_of, form, sort, None, national or bool(memberships(user)), national)
        if not form.is_valid():
            return overview
        rows = [Row(p, p.status_on(as_of), as_of) for p in promises]
        overview.rows = [row for row in rows if form.admits(row)]
        if sort.column.figures:
            fill(overview.rows, as_of)
        sort.apply(overview.rows)
        return overview

    def file_key(self, base_url):
        """The key of the workbook of these rows (followup.overview_file): their promises as
        they stand, their order, the language and the address its links are under."""
        keys = figure_keys([row.promise for row in self.rows], self.as_of)
        return list_key(
            keys, "overview.xlsx", self.sort.value, translation.get_language(), base_url
        )

    def page(self, number):
        """Page ``number`` of the rows (the last when past it), each with its figures."""
        page = Paginator(self.rows, PAGE_SIZE).get_page(number)
        fill(page.object_list, self.as_of)
        return page

    def query(self, **changes):
        """The address's query for a link: the filter and sort, with ``changes``."""
        query = self.form.query()
        if self.sort.value != DEFAULT_SORT:
            query["sort"] = self.sort.value
        for name, value in changes.items():
            query[name] = value
        return query.urlencode()

    @property
    def years(self):
        """The two years whose quota periods are shown: this one and the one before."""
        return self.as_of.year, self.as_of.year - 1

    def label(self, column):
        """A column's header: the year itself for the two years' columns."""
        return {"this_year": str(self.years[0]), "last_year": str(self.years[1])}.get(
            column.name, column.label
        )

    @property
    def sort_label(self):
        return self.label(self.sort.column)

    @cached_property
    def headers(self):
        """Each sortable column's header by its name: label, its link's query (the reverse
        order when the rows are sorted by it, else ascending) and aria-sort."""
        found = {}
        for column in COLUMNS:
            current = self.sort.column is column
            aria = ("descending" if self.sort.descending else "ascending") if current else ""
            reverse = current and not self.sort.descending
            found[column.name] = SortHeader(
                self.label(column),
                self.query(sort=f"{'-' if reverse else ''}{column.name}"),
                aria,
            )
        return found

    @property
    def light_headers(self):
        """The traffic lights' headers in LIGHT_ORDER: each with what it means in words and
        its colour (a swatch beside the words, never alone)."""
        return [
            LightHeader(self.headers[str(light)], LIGHT_WORDS[light], LIGHT_COLOURS[light][0])
            for light in LIGHT_ORDER
        ]


@dataclass(frozen=True)
class LightHeader:
    header: "SortHeader"
    words: object
    colour: str


@dataclass(frozen=True)
class SortHeader:
    label: object
    query: str
    aria_sort: str  # "ascending", "descending", or "" when the rows are not sorted by it
