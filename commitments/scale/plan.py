"""The national data set's structure: organisations, users, promises in replace chains, focus
areas, local problems and commitments, as rows (dicts of attnames) held in memory — some tens
of thousands at Sweden's scale — and the facts the activities are drawn from."""

import datetime
import itertools
import math
from collections import defaultdict
from dataclasses import dataclass, field

from django.contrib.auth import get_user_model
from django.utils.text import slugify

from ..dates import add_months
from ..enums import County, OrganisationKind, Role
from ..models import Membership, Organisation, Promise
from . import texts
from .commitments import focus_areas_and_commitments

# Sweden's scale at 1,500 promises: 290 municipalities, 115 local police areas, 280 other
# parties (685 organisations); fewer promises, proportionally fewer of each.
SCALE_PROMISES = 1500
MUNICIPALITIES = 290
POLICE_AREAS = 115
OTHER_PARTIES = 280
# A chain of promises reaches back at most this many years (unless it holds more promises).
CHAIN_YEARS = 12
STAFF = [(Role.COORDINATOR, 1), (Role.REPORTER, 2), (Role.REVIEWER, 1)]
# A seeded user's first name says the role, the last name the organisation.
TITLES = {Role.COORDINATOR: "Samordnare", Role.REPORTER: "Rapportör", Role.REVIEWER: "Granskare"}
VOWELS = set("aeiouyåäö")


@dataclass
class Org:
    id: int
    name: str
    kind: str
    stem: str
    reporters: list = field(default_factory=list)  # user ids who log for it
    police_area: "Org | None" = None  # a municipality's
    others: list = field(default_factory=list)  # a municipality's other parties


@dataclass
class PromiseFacts:
    id: int
    slug: str
    municipality: Org
    police_area: Org
    others: list
    first_day: datetime.date | None  # the days activities may be dated: in force, not future
    last_day: datetime.date | None
    created_at: datetime.datetime
    weight: float = 0.0
    commitments: list = field(default_factory=list)


class Plan:
    """Rows by model (``rows[Model]``: dicts of attnames, ids given) and the promises' facts."""

    def __init__(self, rng, ids, today, password):
        self.rng, self.ids, self.today, self.password = rng, ids, today, password
        self.rows = defaultdict(list)
        self.promises = []
        self.slugs = set()
        self.admin_id = None
        # Nothing seeded is older than the first promise's signature: a season before it.
        self.seeded_at = None

    def add(self, model, **values):
        values.setdefault("id", self.ids.next(model))
        self.rows[model].append(values)
        return values["id"]

    # Organisations and users

    def organisations(self, promises):
        rng = self.rng
        share = min(1.0, promises / SCALE_PROMISES)
        counts = [max(1, round(n * share)) for n in (MUNICIPALITIES, POLICE_AREAS, OTHER_PARTIES)]
        stems = [p + s for p, s in itertools.product(texts.PREFIXES, texts.SUFFIXES)]
        stems = rng.sample(stems, counts[0])
        municipalities = [
            self._org(municipality_name(stem), OrganisationKind.MUNICIPALITY, stem)
            for stem in stems
        ]
        # Every police area serves one municipality or more; it is named after its first.
        order = rng.sample(municipalities, len(municipalities))
        police = []
        for index, first in enumerate(order[: counts[1]]):
            suffix = rng.choice(texts.POLICE_AREA_SUFFIXES)
            police.append(
                self._org(
                    f"Lokalpolisområde {first.stem}{suffix}",
                    OrganisationKind.POLICE_AREA,
                    first.stem,
                )
            )
            first.police_area = police[index]
        for municipality in order[counts[1] :]:
            municipality.police_area = rng.choice(police)
        # A police area lies in one county, as its municipalities do.
        counties = {org.id: rng.choice(County.values) for org in police}
        rows = {row["id"]: row for row in self.rows[Organisation]}
        for municipality in municipalities:
            rows[municipality.id]["county"] = counties[municipality.police_area.id]
        for index in range(counts[2]):
            home = municipalities[index % len(municipalities)]
            pattern = texts.OTHER_PARTIES[(index // len(municipalities)) % len(texts.OTHER_PARTIES)]
            name = pattern.format(stem=home.stem)
            home.others.append(self._org(name, OrganisationKind.OTHER, home.stem))
        return municipalities

    def _org(self, name, kind, stem):
        return Org(self.add(Organisation, name=name, kind=kind, county=""), name, kind, stem)

    def users(self, municipalities):
        """Staff of every organisation, a few local admins, and one superuser ``admin``."""
        local_admins = []
        self.admin_id = self._user("admin", "Nationell", "administratör", staff=True, su=True)
        for index, municipality in enumerate(municipalities):
            for org in [municipality, municipality.police_area, *municipality.others]:
                if org.reporters:
                    continue  # a police area serving several municipalities
                staff = STAFF if org.kind != OrganisationKind.OTHER else [(Role.REPORTER, 1)]
                for role, count in staff:
                    for n in range(1, count + 1):
                        # One local admin in thirty municipalities: their coordinators.
                        staff_tick = org is municipality and role == Role.COORDINATOR
                        staff_tick = staff_tick and index % 30 == 0
                        name = username(org.id, role, n)
                        user = self._user(name, TITLES[role], org.name, staff=staff_tick)
                        self.add(Membership, user_id=user, organisation_id=org.id, role=role)
                        if role != Role.REVIEWER:
                            org.reporters.append(user)
                        if staff_tick:
                            local_admins.append(user)
                        if role == Role.COORDINATOR and org is municipality:
                            # A municipality's coordinator coordinates its other parties too.
                            for other in municipality.others:
                                self.add(
                                    Membership, user_id=user, organisation_id=other.id, role=role
                                )
        return local_admins

    def _user(self, name, first_name, last_name, staff=False, su=False):
        return self.add(
            get_user_model(),
            password=self.password,
            last_login=None,
            is_superuser=su,
            username=name,
            first_name=first_name,
            last_name=last_name,
            email=f"{name}@example.org",
            is_staff=staff,
            is_active=True,
            date_joined=self.seeded_at,
        )

    # Promises

    def chains(self, promises, municipalities):
        """Each municipality's promises, oldest first: consecutive, one to five years each."""
        rng = self.rng
        base, extra = divmod(promises, len(municipalities))
        lengths = [base] * len(municipalities)
        for index in rng.sample(range(len(municipalities)), extra):
            lengths[index] += 1
        for _ in range(len(municipalities) // 3):  # some municipalities renew more often
            give, take = rng.randrange(len(lengths)), rng.randrange(len(lengths))
            if lengths[give] > 1:
                lengths[give] -= 1
                lengths[take] += 1
        return [self._chain(m, k) for m, k in zip(municipalities, lengths, strict=True)]

    def _chain(self, municipality, length):
        """The (valid_from, valid_until, published) of one chain, oldest first."""
        rng, today = self.rng, self.today
        years = rng.choices([1, 2, 3, 4, 5], weights=[30, 30, 20, 12, 8], k=length)
        ending = rng.random() if length > 1 else 1.0
        successor = "draft" if ending < 0.04 else "upcoming" if ending < 0.08 else None
        in_force = length - (successor is not None)
        while sum(years[:in_force]) > max(CHAIN_YEARS, in_force):
            years[years.index(max(years[:in_force]))] -= 1
        month = rng.choice([1, 1, 1, 1, 1, 1, 4, 7, 9])
        current = years[in_force - 1]
        year = today.year - rng.randrange(current)
        if datetime.date(year, month, 1) > today:
            year -= 1
        if rng.random() < 0.1:  # ended: expired, or extended until a new promise is given
            year -= current
        starts = [datetime.date(year, month, 1)]
        for span in reversed(years[: in_force - 1]):
            starts.insert(0, add_months(starts[0], -12 * span))
        ends = [
            add_months(s, 12 * y) - datetime.timedelta(days=1)
            for s, y in zip(starts, years[:in_force], strict=True)
        ]
        chain = [(s, e, True) for s, e in zip(starts, ends, strict=True)]
        if successor:
            start = ends[-1] + datetime.timedelta(days=1)
            published = successor == "upcoming" and start > today
            end = add_months(start, 12 * years[-1]) - datetime.timedelta(days=1)
            chain.append((start, end, published))
        return chain

    def promise_rows(self, municipality, chain):
        """A municipality's promises (see :meth:`chains`), each replacing the one before, with
        their focus areas and commitments."""
        rng, today = self.rng, self.today
        previous = None
        for position, (start, end, published) in enumerate(chain):
            last_published = position == len(chain) - 1 or not chain[position + 1][2]
            until_superseded = rng.random() < 0.5
            others = [o for o in municipality.others if rng.random() < 0.6]
            signed_on = min(start - datetime.timedelta(days=rng.randrange(5, 60)), today)
            created_at = moment(signed_on, rng, today)
            # The days an activity may be dated: in force (a published successor starts the day
            # after valid_until) and not in the future. Drafts and upcoming promises have none.
            last_day = today if until_superseded and last_published else min(end, today)
            span = (start, last_day) if published and start <= last_day else (None, None)
            slug = self._slug(municipality, start)
            stem = municipality.stem
            title = f"Medborgarlöfte {stem} {start.year}"
            if end.year > start.year:
                title = f"{title}–{end.year}"
            promise_id = self.add(
                Promise,
                version=1,
                municipality_id=municipality.id,
                police_area_id=municipality.police_area.id,
                title=title,
                slug=slug,
                signed_on=signed_on,
                valid_from=start,
                valid_until=end,
                until_superseded=until_superseded,
                replaces_id=previous,
                public=published and rng.random() < 0.75,
                published=published,
                summary=(
                    f"{municipality.police_area.name} och {municipality.name} lovar att "
                    "tillsammans arbeta för ökad trygghet."
                ),
                basis="Medborgardialoger, polisens trygghetsmätning och kommunens lägesbild.",
                followup="Uppföljning sker i BRÅ varje tertial och redovisas för kommunstyrelsen.",
                source_url="",
                contact_role="Trygghetssamordnare",
                contact_email=f"trygghet@{slugify(stem)}.example",
                contact_phone="",
                contact_url="",
                created_at=created_at,
                updated_at=created_at,
            )
            for other in others:
                self.add(
                    Promise.other_parties.through, promise_id=promise_id, organisation_id=other.id
                )
            facts = PromiseFacts(
                promise_id, slug, municipality, municipality.police_area, others, *span, created_at
            )
            if span[0]:
                days = (span[1] - span[0]).days + 1
                facts.weight = rng.lognormvariate(0, 0.9) * min(days, 3650)
            focus_areas_and_commitments(self, facts, start, end)
            self.promises.append(facts)
            previous = promise_id

    def _slug(self, municipality, start):
        slug = Promise(municipality=Organisation(name=municipality.name), valid_from=start)
        slug = base = slug.slug_suggestion
        for n in itertools.count(2):
            if slug not in self.slugs:
                self.slugs.add(slug)
                return slug
            slug = f"{base}-{n}"


def municipality_name(stem):
    """The municipality of a place: "Sandviks kommun", but "Piteå kommun" (no genitive s
    after a vowel or an s)."""
    if stem[-1] in VOWELS or stem[-1] in "sx":
        return f"{stem} kommun"
    return f"{stem}s kommun"


def username(organisation_id, role, n=1):
    """The seeded user of an organisation in a role: ``org12-coordinator1``,
    ``org12-reporter2``, ``org12-reviewer1`` (other parties have one reporter only)."""
    return f"org{organisation_id}-{role}{n}"


def moment(day, rng, today=None):
    """An aware moment on ``day`` in office hours (UTC); in the first hour of ``today``, so
    that nothing is dated later today than the seeding (the same every time of the day)."""
    hour = 0 if day == today else rng.randrange(6, 16)
    return datetime.datetime.combine(
        day, datetime.time(hour, rng.randrange(60)), tzinfo=datetime.UTC
    )


def spread(total, weights):
    """``total`` split in proportion to ``weights`` (whole numbers, summing to ``total``)."""
    whole = sum(weights)
    if not whole:
        return [0] * len(weights)
    shares = [total * w / whole for w in weights]
    counts = [math.floor(s) for s in shares]
    order = sorted(range(len(shares)), key=lambda i: counts[i] - shares[i])
    for index in order[: total - sum(counts)]:
        counts[index] += 1
    return counts
