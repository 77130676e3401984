"""Weekly reminders: each reporter and coordinator hears of their organisation's commitments
that need attention, in one email, and nobody hears anything when all is well."""

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

from commitments.access import REPORTING_ROLES
from commitments.enums import FollowupStatus
from commitments.models import Membership, Promise

from .loading import followup_for
from .todo import IN_FORCE

logger = logging.getLogger(__name__)

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
class PromiseItems:
    promise: object
    items: list = field(default_factory=list)

    @property
    def url(self):
        return settings.SITE_URL + reverse("dashboard", args=[self.promise.slug])

    def add(self, result):
        if any(item.result is result for item in self.items):  # responsible twice over
            return
        path = reverse("activity_create", args=[self.promise.slug])
        self.items.append(Item(result, f"{settings.SITE_URL}{path}?commitment={result.key}"))


@dataclass
class Reminder:
    user: object
    organisations: list
    promises: list

    @property
    def count(self):
        return sum(len(p.items) for p in self.promises)


def due_reminders(as_of):
    """One :class:`Reminder` per person with something to hear about, as of ``as_of``."""
    people = defaultdict(list)  # organisation name: [users]
    for membership in Membership.objects.filter(
        role__in=REPORTING_ROLES, user__is_active=True
    ).select_related("user", "organisation"):
        if membership.user.email:
            people[membership.organisation.name].append(membership.user)

    found = defaultdict(dict)  # user: {promise id: PromiseItems}
    organisations = defaultdict(set)
    for promise in Promise.objects.published().with_parties().order_by("slug"):
        if promise.status_on(as_of) not in IN_FORCE:
            continue
        for result in followup_for(promise, as_of).commitments:
            if result.status not in ATTENTION:
                continue
            for name in result.facts.responsible:
                for user in people.get(name, []):
                    found[user].setdefault(promise.pk, PromiseItems(promise)).add(result)
                    organisations[user].add(name)
    return [
        Reminder(user, sorted(organisations[user]), list(found[user].values()))
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
    message = EmailMessage(
        subject=ngettext(
            "Citizen promises: %(count)s commitment needs attention",
            "Citizen promises: %(count)s commitments need attention",
            reminder.count,
        )
        % {"count": reminder.count},
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
