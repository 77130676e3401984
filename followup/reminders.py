"""Weekly reminders: each reporter and coordinator hears of their organisation's commitments
that need attention, in one email, and nobody hears anything when all is well. Coordinators of
a party also hear of the promise's outcome indicators that have had no value for more than 13
months (:func:`followup.indicators.is_overdue`): the survey figures are theirs to enter.
Everyone also hears of their organisation's overdue plans and of its plans for the coming week.
The municipality's coordinators and reviewers (the BRÅ chair) hear of the local problems that
need attention (:mod:`followup.problems`): raised and BRÅ not convened, convened and no plan."""

import datetime
import logging
import smtplib
from collections import defaultdict
from dataclasses import dataclass, field

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.mail import EmailMessage, get_connection
from django.core.validators import validate_email
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from django.utils.translation import ngettext

from commitments.access import REPORTING_ROLES, party_ids
from commitments.enums import FollowupStatus, PlanStatus, Role
from commitments.models import Membership, PlannedActivity, Promise

from . import problems
from .indicators import is_overdue, last_measured
from .loading import followup_for
from .todo import IN_FORCE

logger = logging.getLogger(__name__)

# A reminder names the plans of this many days ahead (and every overdue one).
PLANS_AHEAD = datetime.timedelta(days=7)

ATTENTION = {
    FollowupStatus.BEHIND,
    FollowupStatus.AT_RISK,
    FollowupStatus.INACTIVE,
    FollowupStatus.MISSED,
}


@dataclass
class Item:
    result: object  # a CommitmentResult needing attention
    log_url: str


@dataclass
class IndicatorItem:
    result: object  # an IndicatorResult with no value for too long
    last_measured: object  # the day of its last value or baseline, or None
    entry_url: str


@dataclass
class ProblemItem:
    result: object  # a followup.problems.ProblemResult needing attention
    url: str  # its page


@dataclass
class PromiseItems:
    promise: object
    items: list = field(default_factory=list)
    indicators: list = field(default_factory=list)  # IndicatorItems
    problems: list = field(default_factory=list)  # ProblemItems
    overdue_plans: list = field(default_factory=list)  # PlannedActivity, open, day passed
    coming_plans: list = field(default_factory=list)  # PlannedActivity, open, the coming week

    @property
    def plans_url(self):
        return settings.SITE_URL + reverse("plan_list", args=[self.promise.slug])

    def add_plan(self, plan, as_of):
        plans = self.overdue_plans if plan.planned_on < as_of else self.coming_plans
        if plan not in plans:  # a member of two organisations
            plans.append(plan)

    @property
    def url(self):
        return settings.SITE_URL + reverse("dashboard", args=[self.promise.slug])

    def add(self, result):
        if any(item.result is result for item in self.items):  # responsible twice over
            return
        path = reverse("activity_create", args=[self.promise.slug])
        self.items.append(Item(result, f"{settings.SITE_URL}{path}?commitment={result.key}"))

    def add_problem(self, result):
        if any(item.result is result for item in self.problems):  # coordinator and reviewer
            return
        path = reverse("problem_detail", args=[self.promise.slug, result.id])
        self.problems.append(ProblemItem(result, settings.SITE_URL + path))

    def add_indicator(self, result, last):
        if any(item.result is result for item in self.indicators):  # coordinator of two parties
            return
        path = reverse("indicator_value_create", args=[self.promise.slug, result.key])
        self.indicators.append(IndicatorItem(result, last, settings.SITE_URL + path))


@dataclass
class Reminder:
    user: object
    organisations: list  # the names of those they report for that have something to hear
    promises: list
    reviewing: list = field(default_factory=list)  # names of those they review, likewise

    @property
    def count(self):
        """How many commitments need attention."""
        return sum(len(p.items) for p in self.promises)

    @property
    def problem_count(self):
        """How many local problems need attention."""
        return sum(len(p.problems) for p in self.promises)

    @property
    def indicator_count(self):
        """How many indicators need a new value."""
        return sum(len(p.indicators) for p in self.promises)

    @property
    def plan_count(self):
        """How many plans are overdue or due in the coming week."""
        return sum(len(p.overdue_plans) + len(p.coming_plans) for p in self.promises)


def due_reminders(as_of):
    """One :class:`Reminder` per person with something to hear about, as of ``as_of``."""
    people = defaultdict(list)  # organisation name: [users]
    members = defaultdict(list)  # organisation id: [(user, organisation name)]
    coordinators = defaultdict(list)  # organisation id: [(user, organisation name)]
    councils = defaultdict(list)  # organisation id: [(user, role)], coordinators and reviewers
    for membership in Membership.objects.filter(
        role__in=[*REPORTING_ROLES, Role.REVIEWER], user__is_active=True
    ).select_related("user", "organisation"):
        if membership.role != Role.REPORTER:
            councils[membership.organisation_id].append((membership.user, membership.role))
        if membership.user.email and membership.role in REPORTING_ROLES:
            people[membership.organisation.name].append(membership.user)
            members[membership.organisation_id].append(
                (membership.user, membership.organisation.name)
            )
            if membership.role == Role.COORDINATOR:
                coordinators[membership.organisation_id].append(
                    (membership.user, membership.organisation.name)
                )

    found = defaultdict(dict)  # user: {promise id: PromiseItems}
    organisations = defaultdict(set)
    reviewing = defaultdict(set)
    promises = [
        p
        for p in Promise.objects.published().with_parties().order_by("slug")
        if p.status_on(as_of) in IN_FORCE
    ]
    plans = defaultdict(list)  # promise id: its open plans up to a week ahead, in one query
    for plan in (
        PlannedActivity.objects.filter(
            promise__in=[p.pk for p in promises],
            status=PlanStatus.OPEN,
            planned_on__lte=as_of + PLANS_AHEAD,
        )
        .select_related("commitment")
        .order_by("planned_on", "pk")
    ):
        plans[plan.promise_id].append(plan)
    for promise in promises:
        for plan in plans[promise.pk]:
            for user, name in members.get(plan.organisation_id, []):
                found[user].setdefault(promise.pk, PromiseItems(promise)).add_plan(plan, as_of)
                organisations[user].add(name)
        followup = followup_for(promise, as_of)
        for result in followup.commitments:
            if result.status not in ATTENTION:
                continue
            for name in result.facts.responsible:
                for user in people.get(name, []):
                    found[user].setdefault(promise.pk, PromiseItems(promise)).add(result)
                    organisations[user].add(name)
        waiting = problems.attention(followup)
        for user, role in councils.get(promise.municipality_id, []) if waiting else ():
            if not user.email:
                continue
            items = found[user].setdefault(promise.pk, PromiseItems(promise))
            for result in waiting:
                items.add_problem(result)
            names = reviewing if role == Role.REVIEWER else organisations
            names[user].add(promise.municipality.name)
        overdue = [r for r in followup.indicators if is_overdue(r, promise.valid_from)]
        for party in party_ids(promise) if overdue else ():
            for user, name in coordinators.get(party, []):
                items = found[user].setdefault(promise.pk, PromiseItems(promise))
                for result in overdue:
                    last = last_measured(result, None)
                    items.add_indicator(result, last)
                organisations[user].add(name)
    return [
        Reminder(
            user,
            sorted(organisations[user]),
            list(found[user].values()),
            sorted(reviewing[user] - organisations[user]),
        )
        for user in sorted(found, key=lambda u: u.username)
    ]


@dataclass
class Outcome:
    """What a run of :func:`send_reminders` did."""

    sent: int = 0
    skipped: list = field(default_factory=list)  # user names whose reminder did not go out


def send_reminders(as_of):
    """Send the due reminders (in Swedish) and return the :class:`Outcome`.

    One person's reminder never stops another's: a stored address that is no e-mail address,
    or one the mail server refuses, is logged and skipped, and the others still go out.
    """
    outcome = Outcome()
    with translation.override(settings.LANGUAGE_CODE):
        for reminder in due_reminders(as_of):
            problem = _send(reminder, as_of)
            if problem:
                logger.warning("Reminder to %s not sent: %s", reminder.user.username, problem)
                outcome.skipped.append(reminder.user.username)
            else:
                outcome.sent += 1
    return outcome


def _send(reminder, as_of):
    """Send one reminder; return why it could not be sent, or ``None``."""
    try:
        validate_email(reminder.user.email)
    except ValidationError:
        return "the stored address is not an e-mail address"
    if reminder.count:
        subject = ngettext(
            "Citizen promises: %(count)s commitment needs attention",
            "Citizen promises: %(count)s commitments need attention",
            reminder.count,
        ) % {"count": reminder.count}
    elif reminder.problem_count:
        subject = ngettext(
            "Citizen promises: %(count)s local problem needs attention",
            "Citizen promises: %(count)s local problems need attention",
            reminder.problem_count,
        ) % {"count": reminder.problem_count}
    elif reminder.indicator_count:
        subject = ngettext(
            "Citizen promises: %(count)s indicator needs a new value",
            "Citizen promises: %(count)s indicators need a new value",
            reminder.indicator_count,
        ) % {"count": reminder.indicator_count}
    else:
        subject = ngettext(
            "Citizen promises: %(count)s planned activity is overdue or due this week",
            "Citizen promises: %(count)s planned activities are overdue or due this week",
            reminder.plan_count,
        ) % {"count": reminder.plan_count}
    message = EmailMessage(
        subject=subject,
        body=render_to_string(
            "followup/reminder_email.txt", {"reminder": reminder, "as_of": as_of}
        ),
        to=[reminder.user.email],
    )
    try:
        # Its own connection for each message: a refused address or a dropped connection
        # then costs that message alone.
        get_connection().send_messages([message])
    except (smtplib.SMTPException, OSError, ValueError) as error:
        return f"the mail server refused it: {error}"
    return None
