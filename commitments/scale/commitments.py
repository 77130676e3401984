"""The focus areas, local problems and commitments of one promise: 10–40 commitments of every
kind and period, with sub-commitments, follows and sub-headings, responsible parties among the
promise's parties."""

import datetime
import itertools
from dataclasses import dataclass

from django.utils.text import slugify

from ..enums import CommitmentKind, LocalProblemStatus, QuotaPer
from ..models import Commitment, FocusArea, LocalProblem
from . import texts

# Targets of a quota, by period: (fewest, most).
TARGETS = {
    QuotaPer.DAY: (1, 1), QuotaPer.WEEK: (1, 5), QuotaPer.MONTH: (1, 4),
    QuotaPer.QUARTER: (1, 3), QuotaPer.TERTIAL: (1, 2), QuotaPer.HALF_YEAR: (1, 2),
    QuotaPer.YEAR: (1, 6), QuotaPer.VALIDITY: (2, 12),
}  # fmt: skip
# How many activities a commitment draws, relative to the others of its promise.
WEIGHTS = {
    QuotaPer.DAY: 10, QuotaPer.WEEK: 6, QuotaPer.MONTH: 3, QuotaPer.QUARTER: 2,
    QuotaPer.TERTIAL: 1.5, QuotaPer.HALF_YEAR: 1.2, QuotaPer.YEAR: 1, QuotaPer.VALIDITY: 1,
    CommitmentKind.ONGOING: 2, CommitmentKind.MILESTONE: 0.4, CommitmentKind.CONDITIONAL: 0.6,
}  # fmt: skip


@dataclass
class CommitmentFacts:
    """What an activity on a commitment is drawn from."""

    id: int
    kind: str
    area: texts.Area
    responsible: tuple  # Org
    kinds: tuple
    weight: float
    done: bool = False  # a milestone: its latest activity completes it
    takes_part: tuple = ()  # organisations whose follower counts what they take part in


def focus_areas_and_commitments(plan, promise, start, end):
    """Three to five focus areas, some local problems, 10–40 commitments of every kind."""
    rng = plan.rng
    areas = rng.sample(texts.AREAS, rng.randint(3, 5))
    builder = Commitments(plan, promise, start, end, budget=rng.randint(10, 40))
    area_ids = [
        plan.add(
            FocusArea,
            promise_id=promise.id,
            title=area.title,
            description=area.description,
            position=position,
        )
        for position, area in enumerate(areas)
    ]
    # Every kind in every promise, whatever its budget; then the local problems' measures.
    for kind in [CommitmentKind.MILESTONE, CommitmentKind.ONGOING, CommitmentKind.CONDITIONAL]:
        index = rng.randrange(len(areas))
        builder.top_level(areas[index], area_ids[index], kind)
    for area, area_id in zip(areas, area_ids, strict=True):
        if area.title == "Lokala problem" or rng.random() < 0.15:
            builder.local_problems(area, area_id)
    while builder.budget > 0:
        index = rng.randrange(len(areas))
        kind = rng.choices(list(CommitmentKind), [65, 13, 12, 10])[0]
        builder.top_level(areas[index], area_ids[index], kind)


class Commitments:
    """The commitments of one promise, added one at a time until its budget is spent."""

    def __init__(self, plan, promise, start, end, budget):
        self.plan, self.promise, self.start, self.end = plan, promise, start, end
        self.rng, self.budget = plan.rng, budget
        self.keys = set()
        self.position = itertools.count()
        pers = list(QuotaPer)
        self.pers = itertools.cycle(self.rng.sample(pers, len(pers)))

    def parties(self, hint):
        promise, rng = self.promise, self.rng
        police, municipality = promise.police_area, promise.municipality
        chosen = {
            "police": [police],
            "municipality": [municipality],
            "both": [police, municipality],
            "other": [rng.choice(promise.others)] if promise.others else [municipality],
        }[hint]
        if promise.others and hint != "police" and rng.random() < 0.15:
            chosen = [*chosen, *(o for o in [rng.choice(promise.others)] if o not in chosen)]
        return chosen

    def key(self, stem):
        key = base = slugify(stem)[:70]
        for n in itertools.count(2):
            if key not in self.keys:
                self.keys.add(key)
                return key
            key = f"{base}-{n}"

    def quota(self, per=None, average=None):
        rng = self.rng
        per = per or next(self.pers)
        low, high = TARGETS[per]
        if average is None:
            average = rng.random() < (0.8 if per == QuotaPer.DAY else 0.1)
        return {
            "quota_target": rng.randint(low, high),
            "quota_per": per,
            "quota_average": average and per != QuotaPer.VALIDITY,
        }

    def add(self, area, area_id, kind, stem, text, responsible, **extra):
        """Add one commitment (kind, texts, parties) and return its facts."""
        rng, plan = self.rng, self.plan
        self.budget -= 1
        quota = extra.pop("quota", None) if kind == CommitmentKind.QUOTA else None
        unit, unit_one = extra.pop("units", ("", ""))
        kinds = list(extra.pop("kinds", ()))
        values = {
            "version": 1, "promise_id": self.promise.id, "focus_area_id": area_id,
            "local_problem_id": None, "parent_id": None, "follows_id": None, "group": "",
            "key": self.key(stem), "text": text, "kind": kind, "quota_target": None,
            "quota_per": "", "quota_unit": "", "quota_unit_one": "", "quota_average": False,
            "quota_kinds": [], "due_on": None, "position": next(self.position),
            "publish_activities": rng.random() < 0.2, "triggered_by": "",
        }  # fmt: skip
        if quota:
            values.update(quota, quota_unit=unit, quota_unit_one=unit_one, quota_kinds=kinds)
        if kind == CommitmentKind.MILESTONE and rng.random() < 0.7:
            values["due_on"] = self.start + datetime.timedelta(
                days=rng.randrange((self.end - self.start).days + 1)
            )
        values.update(extra)
        commitment_id = plan.add(Commitment, **values)
        for org in responsible:
            plan.add(
                Commitment.responsible.through, commitment_id=commitment_id, organisation_id=org.id
            )
        weight = WEIGHTS[values["quota_per"] or kind] * rng.lognormvariate(0, 0.5)
        facts = CommitmentFacts(
            commitment_id, kind, area, tuple(responsible), tuple(kinds), weight,
            done=kind == CommitmentKind.MILESTONE and rng.random() < 0.6,
        )  # fmt: skip
        self.promise.commitments.append(facts)
        return facts, values

    def top_level(self, area, area_id, kind):
        rng = self.rng
        templates = {
            CommitmentKind.QUOTA: area.quotas,
            CommitmentKind.MILESTONE: area.milestones,
            CommitmentKind.ONGOING: area.ongoing,
            CommitmentKind.CONDITIONAL: area.conditional,
        }[kind]
        stem, text, *units, hint = rng.choice(templates)
        suffix = rng.choice(texts.QUOTA_SUFFIXES) if kind == CommitmentKind.QUOTA else ""
        responsible = self.parties(hint)
        extra = {"group": rng.choice(area.groups) if rng.random() < 0.4 else ""}
        if kind == CommitmentKind.QUOTA:
            extra.update(quota=self.quota(), units=units)
            if rng.random() < 0.3:
                extra["kinds"] = rng.sample(area.kinds, rng.randint(1, 2))
        parent, values = self.add(
            area, area_id, kind, stem + suffix, f"{text}{suffix}.", responsible, **extra
        )
        if kind != CommitmentKind.QUOTA:
            return
        if self.budget > 1 and rng.random() < 0.2:
            self.children(area, area_id, parent, values, responsible)
        if self.budget > 0 and responsible == [self.promise.police_area] and rng.random() < 0.3:
            # "Kommun: deltagande vid kontroll" counts the police's activities it takes part in.
            municipality = self.promise.municipality
            follower, _ = self.add(
                area, area_id, kind, f"{values['key']}-deltagande",
                f"Kommunen deltar: {text[0].lower()}{text[1:]}{suffix}.", [municipality],
                quota=self.quota(QuotaPer.YEAR, False), units=units, follows_id=parent.id,
            )  # fmt: skip
            follower.weight *= 0.2
            parent.takes_part = (municipality,)

    def children(self, area, area_id, parent, values, responsible, depth=0):
        """One or two sub-commitments (one may have its own), the parent's kinds and period."""
        rng = self.rng
        for suffix in rng.sample(texts.CHILD_SUFFIXES, rng.randint(1, 2)):
            if self.budget <= 0:
                return
            own = responsible if rng.random() < 0.7 else [rng.choice(responsible)]
            target = max(1, values["quota_target"] // 2)
            quota = {**self.quota(values["quota_per"], values["quota_average"])}
            quota["quota_target"] = target
            child, child_values = self.add(
                area, area_id, CommitmentKind.QUOTA, f"{values['key']}-{suffix}",
                f"{values['text'].rstrip('.')}, {suffix}.", own, quota=quota,
                units=(values["quota_unit"], values["quota_unit_one"]), kinds=parent.kinds,
                parent_id=parent.id, local_problem_id=values["local_problem_id"],
            )  # fmt: skip
            if depth == 0 and self.budget > 0 and rng.random() < 0.15:
                self.children(area, area_id, child, child_values, own, depth + 1)

    def local_problems(self, area, area_id):
        rng, plan = self.rng, self.plan
        for position, (title, description) in enumerate(
            rng.sample(texts.LOCAL_PROBLEMS, rng.randint(1, 3))
        ):
            status = rng.choice(list(LocalProblemStatus))
            raised_on = self.start + datetime.timedelta(
                days=rng.randrange(max(1, (min(self.end, plan.today) - self.start).days + 1))
            )
            # Each step a few weeks after the one before, never after today.
            steps = list(LocalProblemStatus).index(status)
            days = [min(raised_on, plan.today)]
            for _step in range(3):
                days.append(min(days[-1] + datetime.timedelta(days=rng.randint(7, 60)), plan.today))
            problem_id = plan.add(
                LocalProblem,
                version=1,
                focus_area_id=area_id,
                title=title,
                description=description,
                place="",
                status=status,
                raised_on=days[0],
                convened_on=days[1] if steps >= 1 else None,
                meeting_note="",
                plan_adopted_on=days[2] if steps >= 2 else None,
                action_plan="" if status == LocalProblemStatus.RAISED else "Riktade åtgärder.",
                closed_on=days[3] if steps >= 3 else None,
                outcome="Färre anmälningar efter åtgärderna." if steps >= 3 else "",
                position=position,
            )
            adopted = status in (LocalProblemStatus.PLAN_ADOPTED, LocalProblemStatus.CLOSED)
            if adopted and self.budget > 0:
                stem, text, unit, unit_one = rng.choice(texts.MEASURES)
                self.add(
                    area, area_id, CommitmentKind.QUOTA, f"{slugify(title)}-{stem}",
                    f"{text}: {title.lower()}.", self.parties("both"), quota=self.quota(),
                    units=(unit, unit_one), local_problem_id=problem_id,
                )  # fmt: skip
