"""The public list /promises/: one current promise per municipality, grouped by county and police
area, with the municipality's other public promises under it.

Which promise is a municipality's *current* one is decided by the database in one pass over the
public promises (a window numbering each municipality's promises), and the list is filtered and
ordered there too; a page then reads the public promises of its 25 municipalities. A page at
national scale (290 municipalities, 1,500 promises) costs the same three queries as a page of
the demo (the police areas offered, the municipalities listed, the page's promises). Only
public, published promises are ever read here.
"""

import datetime
from dataclasses import dataclass, field
from html import escape as escape_html

from django.core.paginator import Paginator
from django.db.models import Case, Exists, OuterRef, Value, When
from django.db.models.expressions import RawSQL
from django.urls import reverse
from django.utils.safestring import mark_safe
from django.utils.translation import ngettext

from .enums import County, PromiseStatus
from .models import Organisation, Promise

PAGE_SIZE = 25  # municipalities on a page
# What a row shows, and what its status needs: not the promise's long texts.
LISTED_FIELDS = [
    "title", "slug", "valid_from", "valid_until", "until_superseded", "published",
    "municipality", "police_area__name",
]  # fmt: skip
# The counties in Statistics Sweden's order (by code), then the municipalities without one.
WITHOUT_COUNTY_LAST = Case(When(municipality__county="", then=Value(1)), default=Value(0))


# Each municipality's public promises numbered in the order of the rule of :func:`current_ids`;
# the first of each is its current one. In force on the day (PromiseQuerySet.in_force_on, as a
# join rather than a subquery per row): started and not past valid_until, or past it while it
# runs on until a new promise is given and no published successor (at most one, a constraint)
# has started. Plain SQL that SQLite and PostgreSQL read alike: written by the ORM (a window
# and its emulation of QUALIFY), the same query cost the page three milliseconds of Python.
CURRENT_SQL = """
SELECT ranked.id FROM (
  SELECT p.id, ROW_NUMBER() OVER (
    PARTITION BY p.municipality_id
    ORDER BY
      CASE
        WHEN p.valid_from <= %(day)s AND (
          (NOT p.until_superseded AND p.valid_until >= %(day)s)
          OR (p.until_superseded AND s.id IS NULL)
        ) THEN 0
        WHEN p.valid_from > %(day)s THEN 1
        ELSE 2
      END,
      CASE WHEN p.valid_from > %(day)s THEN p.valid_from END,
      p.valid_from DESC,
      p.id DESC
  ) AS place
  FROM {promise} p
  LEFT JOIN {promise} s ON s.replaces_id = p.id AND s.published AND s.valid_from <= %(day)s
  WHERE p.public AND p.published
) ranked
WHERE ranked.place = 1
"""


def current_ids(day):
    """The ids of the public promises that are their municipality's current one on ``day``, as
    a subquery (``pk__in``).

    The one in force (the latest to start, should two be); where none is in force, the next to
    start (a promise signed for the coming year is news, the one that ran out is history); where
    none is coming either, the latest that ran out (the highest id breaks a tie).
    """
    # Each %(day)s a parameter of its own: the drivers' placeholders are positional. The day as
    # ISO text, which both compare with a date column as a date.
    sql = CURRENT_SQL.format(promise=Promise._meta.db_table)
    return RawSQL(sql.replace("%(day)s", "%s"), [day.isoformat()] * sql.count("%(day)s"))


def police_area_choices():
    """(id, name) of the police areas that are party to a public promise, by name: the list's
    filter offers these."""
    return list(
        Promise.objects.public()
        .order_by("police_area__name")
        .values_list("police_area_id", "police_area__name")
        .distinct()
    )


def current_promises(day, *, query="", status="", county="", police_area=None):
    """The municipalities' current promises (:func:`current_ids`) in the list's order: county (by
    code; the municipalities without one last), police area, municipality.

    Narrowed to the municipalities that lie in ``county`` and whose name, or the title or police
    area of any of whose public promises, holds every word of ``query`` (a search for an older
    promise's title finds its municipality, and the older promise under it); and to those whose
    current promise has ``status`` on ``day`` or was signed by ``police_area``.
    """
    promises = Promise.objects.filter(pk__in=current_ids(day))
    if county:
        promises = promises.filter(municipality__county=county)
    if query.split():
        matching = Promise.objects.public().filter(municipality=OuterRef("municipality"))
        promises = promises.filter(Exists(matching.matching(query)))
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

    municipality: str  # its name
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
        per municipality of Sweden), then every public promise of the page's municipalities, the
        current ones and the others, in one more."""
        keys = list(
            current_promises(day, **filters).values_list(
                "pk",
                "municipality__county",
                "police_area_id",
                "municipality_id",
                "municipality__name",
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
            # The dates kept on one line (a phone would break them at a hyphen). Joined as text
            # and escaped here, once a link: format_html for each part took a fifth of the page.
            dates = (
                f'<span class="text-nowrap">{promise.valid_from.isoformat()} – '
                f"{promise.valid_until.isoformat()}</span>"
            )
            parts = [escape_html(police_area)] if police_area else []
            parts += [dates, escape_html(labels[status])]
            details = mark_safe("".join(f" · {part}" for part in parts))  # every part escaped
            return Listed(promise.title, f"{head}{promise.slug}{tail}", status, details)

        start = page.start_index() - 1
        previous = keys[start - 1] if start else None
        ids = [key[0] for key in page.object_list]
        chosen = set(ids)
        current, others = {}, {}
        for promise in (
            Promise.objects.public()
            .filter(municipality__in=[key[3] for key in page.object_list])
            .select_related("police_area")
            .only(*LISTED_FIELDS)
            .with_successor_start()
            .order_by("-valid_from", "-pk")
        ):
            if promise.pk in chosen:
                current[promise.pk] = promise
            else:
                others.setdefault(promise.municipality_id, []).append(promise)
        rows = [(key, current[key[0]]) for key in page.object_list]
        return cls(page, cls.groups_of(rows, previous, others, listed))

    @staticmethod
    def groups_of(rows, previous, others, listed):
        """``rows`` (in the list's order: each a key, id, county, police area, municipality and
        its name, with its current promise) as county and police-area groups; ``previous`` is
        the key of the row before them, or None; ``others`` the municipalities' other promises
        by municipality id, newest first; ``listed(promise, police_area)`` a promise's Listed."""
        groups = []
        for (_pk, county, area, municipality, name), promise in rows:
            if not groups or groups[-1].code != county:
                continues = previous is not None and previous[1] == county
                groups.append(CountyGroup(county, continues))
            areas = groups[-1].police_areas
            if not areas or areas[-1].police_area.pk != area:
                continues = previous is not None and previous[1:3] == (county, area)
                areas.append(PoliceAreaGroup(promise.police_area, continues))
            # An older promise signed by another police area names it.
            also = [
                listed(other, other.police_area_id != area and other.police_area.name)
                for other in others.get(municipality, [])
            ]
            areas[-1].rows.append(Row(name, listed(promise), also))
            previous = None  # only a page's first groups can continue the page before's
        return groups
