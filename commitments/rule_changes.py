"""What re-importing a promise file (``import_promise --replace``) does to its logged activities.

A file may move the promise's dates, change who is responsible for a commitment or which
activity kinds its quota counts. Activities logged under the old rules may then fall outside the
new ones: outside the days in force (no rule counts them), carried out by an organisation no
longer responsible for their commitment, or of a kind a commitment no longer counts. Such an
import is refused unless forced; forced, it says so in the promise's history.

Publishing a successor, which ends the promise it replaces sooner, is another matter: that
promise's activities are moved or kept (:func:`commitments.services.displaced_activities`).
"""

import datetime
from collections import Counter
from dataclasses import dataclass, field

from django.utils.translation import ngettext

from .enums import CommitmentKind
from .models import Activity, Commitment, Promise

# How many commitments a message names before it says how many more there are.
NAMED = 10
# simple_history's change reason holds at most this many characters.
REASON_LENGTH = 100


@dataclass(frozen=True)
class Rules:
    """What decides whether a promise's activities count, as the database holds it: the days
    in force and, per commitment key, the responsible parties (organisation ids), the kinds its
    quota counts (empty: every kind) and its parent's key."""

    valid_from: datetime.date
    end: datetime.date | None  # None: in force until a new promise is given
    responsible: dict
    kinds: dict
    parents: dict

    @classmethod
    def of(cls, promise):
        """The rules of ``promise`` as saved, in four queries."""
        promise = Promise.objects.with_parties().get(pk=promise.pk)
        commitments = list(
            Commitment.objects.filter(promise=promise).prefetch_related("responsible")
        )
        keys = {c.pk: c.key for c in commitments}
        return cls(
            valid_from=promise.valid_from,
            end=promise.effective_end(),
            responsible={c.key: frozenset(o.pk for o in c.responsible.all()) for c in commitments},
            kinds={
                c.key: tuple(c.quota_kinds) if c.kind == CommitmentKind.QUOTA else ()
                for c in commitments
            },
            parents={c.key: keys.get(c.parent_id) for c in commitments},
        )

    def in_force(self, day):
        return self.valid_from <= day and (self.end is None or day <= self.end)

    def chain(self, key):
        """``key`` and the keys of the commitments above it, nearest first."""
        chain = []
        while key is not None and key not in chain:
            chain.append(key)
            key = self.parents.get(key)
        return chain

    def counting(self, key, kind):
        """The keys of the commitments that count an activity of ``kind`` logged on ``key``
        (it counts for every commitment above its own): those whose kinds allow it."""
        return {k for k in self.chain(key) if not self.kinds.get(k) or kind in self.kinds[k]}


@dataclass
class Stranded:
    """The logged activities that counted under the old rules and fall outside the new: for
    each reason, how many activities, and how many per commitment key."""

    span: str  # the new days in force, as text
    outside: Counter = field(default_factory=Counter)  # outside the days in force
    not_responsible: Counter = field(default_factory=Counter)  # by an organisation no longer so
    kinds: Counter = field(default_factory=Counter)  # per commitment whose kinds drop them
    totals: Counter = field(default_factory=Counter)  # activities per reason

    def __bool__(self):
        return bool(self.totals)

    def __len__(self):
        """The number of activities (one falling out for two reasons counted once)."""
        return self.totals["any"]

    def messages(self):
        """(field of the file, what happens) for each reason that applies."""
        result = []
        if self.outside:
            count = self.totals["outside"]
            result.append(
                (
                    "valid_from, valid_until",
                    ngettext(
                        "%(count)s logged activity would fall outside the days the promise is "
                        "in force (%(span)s), where no rule counts it: %(commitments)s",
                        "%(count)s logged activities would fall outside the days the promise is "
                        "in force (%(span)s), where no rule counts them: %(commitments)s",
                        count,
                    )
                    % {"count": count, "span": self.span, "commitments": _named(self.outside)},
                )
            )
        if self.not_responsible:
            count = self.totals["not_responsible"]
            result.append(
                (
                    "responsible",
                    ngettext(
                        "%(count)s logged activity was carried out by an organisation that "
                        "would no longer be responsible for its commitment: %(commitments)s",
                        "%(count)s logged activities were carried out by an organisation that "
                        "would no longer be responsible for their commitment: %(commitments)s",
                        count,
                    )
                    % {"count": count, "commitments": _named(self.not_responsible)},
                )
            )
        if self.kinds:
            count = self.totals["kinds"]
            result.append(
                (
                    "quota.kinds",
                    ngettext(
                        "%(count)s logged activity is of a kind that a commitment would no "
                        "longer count: %(commitments)s",
                        "%(count)s logged activities are of a kind that a commitment would no "
                        "longer count: %(commitments)s",
                        count,
                    )
                    % {"count": count, "commitments": _named(self.kinds)},
                )
            )
        return result

    def history_reason(self):
        """What the promise's history says of an import that went through all the same."""
        reason = ngettext(
            "Imported anyway: %(count)s logged activity outside the new rules",
            "Imported anyway: %(count)s logged activities outside the new rules",
            len(self),
        ) % {"count": len(self)}
        return reason[:REASON_LENGTH]


def _named(counts):
    """ "hundsok (3), enkat (1)": the commitments with the most first, at most :data:`NAMED`."""
    ranked = sorted(counts.items(), key=lambda item: (-item[1], item[0]))
    text = ", ".join(f"{key} ({count})" for key, count in ranked[:NAMED])
    if len(ranked) > NAMED:
        more = len(ranked) - NAMED
        text += " " + ngettext("and %(count)s more", "and %(count)s more", more) % {"count": more}
    return text


def stranded_activities(promise, before: Rules, after: Rules) -> Stranded | None:
    """The activities of ``promise`` that counted under the rules ``before`` and fall outside
    the rules ``after`` (see :class:`Stranded`), or None when none do.

    Only activities in force before are looked at (the others counted for nothing already);
    they are read in one query, a chunk at a time.
    """
    end = after.end.isoformat() if after.end else ""
    stranded = Stranded(span=f"{after.valid_from.isoformat()} – {end}".rstrip())
    rows = (
        # Not those a convening gave: the import has just made them follow the file's problems.
        Activity.objects.for_promise(promise)
        .filter(local_problem__isnull=True)
        .order_by()
        .values_list("commitment__key", "occurred_on", "organisation_id", "kind")
    )
    for key, day, organisation, kind in rows.iterator(chunk_size=2000):
        if not before.in_force(day):
            continue
        reasons = set()
        if not after.in_force(day):
            stranded.outside[key] += 1
            reasons.add("outside")
        else:
            if organisation in before.responsible.get(key, ()) and (
                organisation not in after.responsible.get(key, ())
            ):
                stranded.not_responsible[key] += 1
                reasons.add("not_responsible")
            # Commitments still above it whose kinds counted it and no longer do.
            lost = (before.counting(key, kind) & set(after.chain(key))) - after.counting(key, kind)
            for commitment in lost:
                stranded.kinds[commitment] += 1
            if lost:
                reasons.add("kinds")
        stranded.totals.update(reasons)
        if reasons:
            stranded.totals["any"] += 1
    return stranded or None
