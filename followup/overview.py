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

**How it stays fast.** A row's figures (:class:`Figures`, a few numbers) come from the follow-up
engine, the same as each dashboard's, and are cached by the promise's change stamp and the day
(:mod:`followup.caching`): each promise's under its own key, and those of a whole list under a
digest of all its promises' keys, so that a list none of whose promises changed is one read of
the cache. Figures not cached are made from facts read in six queries whatever the number of
promises (:func:`compute_figures`); the activities are streamed promise by promise, so memory
holds one promise's at a time. Only the figures shown are made: sorted by a column of the
promise itself (municipality, county, police area, validity, days left, status), those of the
page; sorted by a figure, or exported, those of every row.
"""

import datetime
import unicodedata
from collections import Counter, defaultdict
from dataclasses import dataclass
from functools import cached_property
from itertools import groupby
from operator import itemgetter

from django import forms
from django.conf import settings
from django.core.paginator import Paginator
from django.http import QueryDict
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from alvsbyn_promises.errors import BadParameter, shown
from commitments.access import is_national_admin, memberships, visible_promises
from commitments.enums import County, LocalProblemStatus, PromiseStatus
from commitments.models import Activity

from . import indicators as outcome
from .caching import cache_key, cached_values, digest, store
from .engine import ActivityFacts, follow_up
from .loading import (
    NOBODY,
    activity_rows,
    commitments_of,
    followed_commitments,
    indicators_of,
    problems_of,
    promise_facts,
)
from .progress import LIGHT_COLOURS, LIGHT_ORDER, LIGHT_WORDS

PAGE_SIZE = 100
# Activities read from the database at a time while streaming them (a server-side cursor on
# PostgreSQL): about a typical promise's year.
STREAM_CHUNK = 5000

TREND_ORDER = (outcome.IMPROVING, outcome.WORSENING, outcome.UNCHANGED, outcome.NO_DATA)
# A promise no longer in force has no days left.
ENDED = {PromiseStatus.SUPERSEDED, PromiseStatus.EXPIRED}
STATUS_ORDER = list(PromiseStatus)


# ---------------------------------------------------------------------------------------------
# A promise's figures


@dataclass(frozen=True)
class Figures:
    """What a row shows of a promise's follow-up as of a day (cached: plain numbers)."""

    lights: tuple  # how many commitments stand at each light, in LIGHT_ORDER
    years: tuple  # YearSummary of the day's year and of the year before (None: no period)
    open_problems: int  # local problems not closed
    attention: int  # of those, how many need attention (followup.problems: BRÅ slow)
    trends: tuple  # how many outcome indicators have each trend, in TREND_ORDER


def figures_of(followup):
    """The :class:`Figures` of a :class:`~followup.results.Followup`."""
    lights = Counter(result.light for result in followup.commitments)
    years = {year.year: year for year in followup.years}
    trends = Counter(result.trend for result in followup.indicators)
    still_open = [p for p in followup.problems if p.facts.status != LocalProblemStatus.CLOSED]
    return Figures(
        lights=tuple(lights[light] for light in LIGHT_ORDER),
        years=(years.get(followup.as_of.year), years.get(followup.as_of.year - 1)),
        open_problems=len(still_open),
        attention=sum(bool(p.attention) for p in still_open),
        trends=tuple(trends[trend] for trend in TREND_ORDER),
    )


def figure_keys(promises, as_of):
    """The cache key of each of ``promises``' figures as of ``as_of``, by promise id (None for
    a promise without a change stamp: never cached)."""
    # The figures are numbers, the same in every language: kept once, under the default's.
    with translation.override(settings.LANGUAGE_CODE):
        return {p.pk: cache_key(p, "overview", as_of) for p in promises}


def list_key(keys, name, *parts):
    """A key for what is made of a whole list of promises whose figures' ``keys`` these are (the
    list's figures, its workbook), with ``parts`` it also depends on; None when a promise has no
    stamp. The figures' keys hold each promise's stamp: any change makes a new key."""
    if not keys or not all(keys.values()):
        return None
    return f"followup:{name}:{digest(keys.values())}:{len(keys)}:{digest(map(str, parts))}"


def figures_for(promises, as_of):
    """The :class:`Figures` of each of ``promises`` as of ``as_of``, by promise id: the list's
    from the cache in one read when none of its promises changed, else each promise's, and those
    not cached made by :func:`compute_figures`. The promises are read with their change stamps
    and successors' start (as :func:`overview_promises` reads them)."""
    promises = list(promises)
    keys = figure_keys(promises, as_of)
    whole = list_key(keys, "overview-list")
    if whole:
        found = cached_values([whole]).get(whole)
        if found is not None:
            return found
    cached = cached_values(keys.values())
    found = {pk: cached[key] for pk, key in keys.items() if key in cached}
    missing = [p for p in promises if p.pk not in found]
    for pk, figures in compute_figures(missing, as_of).items():
        found[pk] = figures
        if keys[pk]:
            store(keys[pk], figures)
    if whole:
        store(whole, found)
    return found


def compute_figures(promises, as_of):
    """The :class:`Figures` of ``promises`` as of ``as_of``, by promise id, each from the
    engine's follow-up of the promise (:func:`followup.engine.follow_up`), in six queries
    whatever the number of promises: the commitments and their responsible parties, who took
    part in the activities of followed commitments, the indicators, the local problems, and the
    activities, streamed in promise order so that one promise's are held at a time. Open plans
    are not read: they change no status, and the overview shows no plan."""
    if not promises:
        return {}
    by_id = {p.pk: p for p in promises}
    ids = list(by_id)
    commitments = commitments_of(ids)
    participants = _participants(set().union(*map(followed_commitments, commitments.values())))
    indicators = indicators_of(ids)
    problems = problems_of(ids)

    def figures(pk, activities):
        facts = promise_facts(by_id[pk], as_of)
        return figures_of(
            follow_up(
                facts, commitments[pk], activities, as_of, indicators[pk], problems=problems[pk]
            )
        )

    found = {}
    stream = (
        activity_rows(ids)
        .order_by("promise_id", "occurred_on", "pk")  # the index (promise, occurred_on, id)
        .iterator(chunk_size=STREAM_CHUNK)
    )
    for pk, rows in groupby(stream, key=itemgetter(1)):
        activities = [ActivityFacts(*row[2:], participants.get(row[0], NOBODY)) for row in rows]
        found[pk] = figures(pk, activities)
    for pk in ids:
        if pk not in found:  # no activity counts
            found[pk] = figures(pk, [])
    return found


def _participants(commitment_ids):
    """Who took part in the activities of ``commitment_ids`` (followed commitments and their
    sub-commitments): a frozenset of organisation ids by activity id, in one query."""
    if not commitment_ids:
        return {}
    taking_part = defaultdict(set)
    rows = Activity.participants.through.objects.filter(activity__commitment__in=commitment_ids)
    for activity_id, organisation_id in rows.values_list("activity_id", "organisation_id"):
        taking_part[activity_id].add(organisation_id)
    return {pk: frozenset(ids) for pk, ids in taking_part.items()}


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
