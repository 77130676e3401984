"""Plain data read from a promise file."""

import datetime
from dataclasses import dataclass, field
from decimal import Decimal

from ..enums import LocalProblemStatus

FORMAT = 1


@dataclass
class QuotaData:
    target: int
    per: str
    unit: str = ""
    unit_one: str = ""
    average: bool = False
    kinds: list = field(default_factory=list)


@dataclass
class CommitmentData:
    line: int
    path: str
    key: str
    text: str
    kind: str
    responsible: list  # Organisation names
    quota: QuotaData | None = None
    due_on: datetime.date | None = None
    publish_activities: bool = False
    group: str = ""
    follows: str = ""  # the key of the commitment it follows
    follows_line: int | None = None
    triggered_by: str = ""  # "" or what gives a conditional commitment activities by itself
    children: list = field(default_factory=list)
    lines: dict = field(default_factory=dict)  # the line of each field, by its name in the file

    def walk(self):
        """This commitment and its sub-commitments, depth first."""
        yield self
        for child in self.children:
            yield from child.walk()


@dataclass
class LocalProblemData:
    line: int
    path: str
    title: str
    description: str = ""
    status: str = LocalProblemStatus.RAISED
    raised_on: datetime.date | None = None
    action_plan: str = ""
    commitments: list = field(default_factory=list)
    lines: dict = field(default_factory=dict)
    place: str = ""
    convened_on: datetime.date | None = None
    participants: list = field(default_factory=list)  # Organisation names
    meeting_note: str = ""
    plan_adopted_on: datetime.date | None = None
    closed_on: datetime.date | None = None
    outcome: str = ""


@dataclass
class FocusAreaData:
    line: int
    path: str
    title: str
    description: str = ""
    commitments: list = field(default_factory=list)
    local_problems: list = field(default_factory=list)
    lines: dict = field(default_factory=dict)


@dataclass
class IndicatorValueData:
    line: int
    path: str
    measured_on: datetime.date | None
    value: Decimal | None
    note: str = ""
    source_url: str = ""
    lines: dict = field(default_factory=dict)


@dataclass
class IndicatorData:
    line: int
    path: str
    key: str
    name: str
    unit: str
    direction: str
    source: str = ""
    focus_area: str | None = None  # the title of a focus area of the file
    baseline_on: datetime.date | None = None
    baseline_value: Decimal | None = None
    target: Decimal | None = None
    values: list = field(default_factory=list)  # IndicatorValueData, in the file's order
    lines: dict = field(default_factory=dict)  # "baseline.date" and "baseline.value" too


@dataclass
class PromiseData:
    slug: str
    slug_line: int
    title: str
    municipality: str
    police_area: str
    other_parties: list
    signed_on: datetime.date | None
    valid_from: datetime.date
    valid_until: datetime.date
    until_superseded: bool
    replaces: str | None
    replaces_line: int
    public: bool
    published: bool
    source_url: str
    summary: str
    basis: str
    followup: str
    focus_areas: list
    lines: dict = field(default_factory=dict)
    party_lines: dict = field(default_factory=dict)  # the line of each of other_parties
    indicators: list = field(default_factory=list)  # IndicatorData; optional in a file
    county: str = ""  # the municipality's county's code; "" when the file names none
    contact_role: str = ""
    contact_email: str = ""
    contact_phone: str = ""
    contact_url: str = ""

    def commitments(self):
        """Every commitment of the file, depth first in the file's order."""
        for area in self.focus_areas:
            for commitment in area.commitments:
                yield from commitment.walk()
            for problem in area.local_problems:
                for commitment in problem.commitments:
                    yield from commitment.walk()
