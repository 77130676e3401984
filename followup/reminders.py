"""Weekly reminders: each reporter and coordinator hears of their organisation's commitments
that need attention, in one email, and nobody hears anything when all is well."""

from collections import defaultdict
from dataclasses import dataclass, field

from django.conf import settings
from django.core.mail import EmailMessage, get_connection
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from django.utils.translation import ngettext

from commitments.access import REPORTING_ROLES
from commitments.enums import FollowupStatus
from commitments.models import Membership, Promise

from .loading import followup_for
from .todo import IN_FORCE

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


def send_reminders(as_of):
    """Send the due reminders (in Swedish); returns how many emails went out."""
    with translation.override(settings.LANGUAGE_CODE):
        reminders = due_reminders(as_of)
        messages = [
            EmailMessage(
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
            for reminder in reminders
        ]
        if messages:
            get_connection().send_messages(messages)
    return len(messages)
