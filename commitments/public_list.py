"""The public list /promises/: one current promise per municipality, grouped by county and police
area, with the municipality's other public promises under it.

Which promise is a municipality's *current* one is decided by the database in one pass over the
public promises (a window numbering each municipality's promises), and the list is filtered and
ordered there too; a page then reads its 25 promises and their municipalities' other promises.
A page at national scale (290 municipalities, 1,500 promises) costs the same four queries as a
page of the demo. Only public, published promises are ever read here.
"""

import datetime
from dataclasses import dataclass, field

from django.core.paginator import Paginator
from django.db.models import Case, Exists, F, FilteredRelation, OuterRef, Q, Value, When, Window
from django.db.models.functions import RowNumber
from django.urls import reverse
from django.utils.html import format_html, format_html_join
from django.utils.translation import ngettext

from .enums import County, OrganisationKind, PromiseStatus
from .models import Organisation, Promise

PAGE_SIZE = 25  # municipalities on a page
# What a row shows, and what its status needs: not the promise's long texts.
LISTED_FIELDS = [
    "title", "slug", "valid_from", "valid_until", "until_superseded", "published",
    "municipality", "police_area__name",
]  # fmt: skip
# The counties in Statistics Sweden's order (by code), then the municipalities without one.
WITHOUT_COUNTY_LAST = Case(When(municipality__county="", then=Value(1)), default=Value(0))


def current(day, promises=None):
    """``promises`` (by default every public promise; else a query of public promises that
    keeps or drops each municipality's promises together) narrowed to each municipality's
    current one on ``day``.

    The one in force (the latest to start, should two be); where none is in force, the next to
    start (a promise signed for the coming year is news, the one that ran out is history); where
    none is coming either, the latest that ran out (the highest id breaks a tie).
    """
    # In force on the day (PromiseQuerySet.in_force_on, as a join rather than a subquery per
    # row): started and not past valid_until, or past it while it runs on until a new promise is
    # given and no published successor (at most one: a constraint) has started.
    started = FilteredRelation(
        "successors", condition=Q(successors__published=True, successors__valid_from__lte=day)
    )
    in_force = Q(valid_from__lte=day) & (
        Q(until_superseded=False, valid_until__gte=day)
        | Q(until_superseded=True, successor_started__isnull=True)
    )
    upcoming = Q(valid_from__gt=day)
    tier = Case(When(in_force, then=Value(0)), When(upcoming, then=Value(1)), default=Value(2))
    soonest = Case(When(upcoming, then=F("valid_from")), default=None)  # upcoming: soonest first
    order = [tier.asc(), soonest.asc(), F("valid_from").desc(), F("pk").desc()]
    return (
        (Promise.objects.public() if promises is None else promises)
        .order_by()
        .annotate(successor_started=started)
        .annotate(place=Window(RowNumber(), partition_by=[F("municipality")], order_by=order))
        .filter(place=1)
    )


def current_ids(day):
    """The ids of the public promises that are their municipality's current one on ``day``
    (:func:`current`): a query."""
    return current(day).values("pk")


def police_area_choices():
    """(id, name) of the police areas that are party to a public promise, by name: the list's
    filter offers these."""
    public = Promise.objects.public().filter(police_area=OuterRef("pk"))
    return list(
        Organisation.objects.filter(kind=OrganisationKind.POLICE_AREA)
        .filter(Exists(public))
        .order_by("name")
        .values_list("pk", "name")
    )


def current_promises(day, *, query="", status="", county="", police_area=None):
    """The municipalities' current promises (:func:`current`) in the list's order: county (by
    code; the municipalities without one last), police area, municipality.

    Narrowed to the municipalities that lie in ``county`` and whose name, or the title or police
    area of any of whose public promises, holds every word of ``query`` (a search for an older
    promise's title finds its municipality, and the older promise under it); and to those whose
    current promise has ``status`` on ``day`` or was signed by ``police_area``.
    """
    # What keeps or drops all of a municipality's promises together narrows them before the
    # choice (the same choice, of fewer), in the one query that makes it.
    promises = Promise.objects.public()
    if county:
        promises = promises.filter(municipality__county=county)
    if query.split():
        matching = Promise.objects.public().filter(municipality=OuterRef("municipality"))
        promises = promises.filter(Exists(matching.matching(query)))
    promises = current(day, promises)
    # What tells a municipality's promises apart narrows the chosen ones, after the choice.
    if status or police_area is not None:
        promises = Promise.objects.filter(pk__in=promises.values("pk"))
        if status:
            promises = promises.in_status_on(status, day)
        if police_area is not None:
            promises = promises.filter(police_area=police_area)
    return promises.order_by(
        WITHOUT_COUNTY_LAST, "municipality__county", "police_area__name", "municipality__name"
    )


@dataclass
class Listed:
    """A promise as the list shows it: its title and address, and what follows the title (the
    police area where it is not the row's, the dates, the status on the day), written once in
    Python rather than piece by piece in the template for every link."""

    title: str
    href: str
    status: str
    details: str


@dataclass
class Row:
    """A municipality: its current promise and its other public promises, newest first."""

    municipality: Organisation
    current: Listed
    others: list

    @property
    def others_summary(self):
        count = len(self.others)
        return ngettext("%(counter)s other promise", "%(counter)s other promises", count) % {
            "counter": count
        }


@dataclass
class PoliceAreaGroup:
    police_area: Organisation
    continued: bool  # begun on the page before
    rows: list = field(default_factory=list)


@dataclass
class CountyGroup:
    code: str  # "" for the municipalities whose county is not given
    continued: bool  # begun on the page before
    police_areas: list = field(default_factory=list)

    @property
    def label(self):
        return County(self.code).label if self.code else ""


@dataclass
class PublicList:
    """A page of the list: the page (of municipalities) and its groups, county by county and
    police area by police area. A page's first groups are marked as continued when they began
    on the page before (their headings are repeated)."""

    page: object
    groups: list

    @classmethod
    def build(cls, day: datetime.date, number, **filters):
        """Page ``number`` (past the last: the last) of :func:`current_promises` of ``day`` and
        ``filters``: the ordered keys of every listed municipality in one query (at most one row
        per municipality of Sweden), then the page's promises and the other public promises of
        its municipalities in one query each."""
        keys = list(
            current_promises(day, **filters).values_list(
                "pk", "municipality__county", "police_area_id"
            )
        )
        page = Paginator(keys, PAGE_SIZE).get_page(number)
        if not keys:
            return cls(page, [])
        # The address of a promise's page, reversed once rather than for every link; the
        # statuses' names, translated once.
        head, _dash, tail = reverse("promise_detail", args=["-"]).rpartition("-")
        labels = {status: str(status.label) for status in PromiseStatus}

        def listed(promise, police_area=None):
            status = promise.status_on(day)
            # The dates kept on one line: a phone would break them at a hyphen.
            dates = format_html(
                '<span class="text-nowrap">{} – {}</span>',
                promise.valid_from.isoformat(),
                promise.valid_until.isoformat(),
            )
            parts = [police_area, dates, labels[status]] if police_area else [dates, labels[status]]
            details = format_html_join("", " · {}", ((part,) for part in parts))
            return Listed(promise.title, f"{head}{promise.slug}{tail}", status, details)

        start = page.start_index() - 1
        previous = keys[start - 1] if start else None
        ids = [pk for pk, _county, _area in page.object_list]
        promises = (
            Promise.objects.filter(pk__in=ids)
            .select_related("municipality", "police_area")
            .only(*LISTED_FIELDS, "municipality__name", "municipality__county")
            .with_successor_start()
            .in_bulk()
        )
        others = {}
        for promise in (
            Promise.objects.public()
            .filter(municipality__in=[promises[pk].municipality_id for pk in ids])
            .exclude(pk__in=ids)
            .select_related("police_area")
            .only(*LISTED_FIELDS)
            .with_successor_start()
            .order_by("-valid_from", "-pk")
        ):
            others.setdefault(promise.municipality_id, []).append(promise)
        return cls(page, cls.groups_of([promises[pk] for pk in ids], previous, others, listed))

    @staticmethod
    def groups_of(promises, previous, others, listed):
        """``promises`` (in the list's order) as county and police-area groups; ``previous`` is
        the key (id, county, police area) of the row before them, or None; ``others`` their
        municipalities' other promises by municipality id, newest first; ``listed(promise,
        police_area)`` a promise's Listed."""
        groups = []
        for promise in promises:
            county = promise.municipality.county
            if not groups or groups[-1].code != county:
                continues = previous is not None and previous[1] == county
                groups.append(CountyGroup(county, continues))
            areas = groups[-1].police_areas
            if not areas or areas[-1].police_area.pk != promise.police_area_id:
                continues = previous is not None and previous[1:] == (
                    county,
                    promise.police_area_id,
                )
                areas.append(PoliceAreaGroup(promise.police_area, continues))
            areas[-1].rows.append(
                Row(
                    promise.municipality,
                    listed(promise),
                    [
                        # An older promise signed by another police area names it.
                        listed(
                            other,
                            other.police_area_id != promise.police_area_id
                            and other.police_area.name,
                        )
                        for other in others.get(promise.municipality_id, [])
                    ],
                )
            )
            previous = None  # only a page's first groups can continue the page before's
        return groups
