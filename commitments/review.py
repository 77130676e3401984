"""Review: a promise may ask that what the reporters of some parties log is approved first.

A promise names the parties whose activities wait for review (``Promise.review_for``). A new
activity a reporter of such a party logs, or a change a reporter makes to one, is *submitted*
(Inskickad) until a coordinator of its organisation (or an admin of the promise) approves it,
or returns it with a reason; the reporter is emailed, corrects it and it is submitted again.
Only approved activities count in the follow-up and appear on public pages. Coordinators' and
admins' own entries need no approval; without review every activity is approved.
"""

import logging
import smtplib

from django.conf import settings
from django.core.mail import EmailMessage, get_connection
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation

from .access import can_administer, memberships
from .enums import ReviewStatus, Role
from .models import Activity
from .models.subqueries import split_ids

logger = logging.getLogger(__name__)


def review_party_ids(promise):
    """The ids of the parties whose activities wait for review (read with the promise by
    ``PromiseQuerySet.with_party_ids``, else asked once)."""
    if "review_for_id_text" in promise.__dict__:
        promise._review_party_ids = split_ids(promise.__dict__.pop("review_for_id_text"))
    if "_review_party_ids" not in promise.__dict__:
        promise._review_party_ids = frozenset(promise.review_for.values_list("pk", flat=True))
    return promise._review_party_ids


def coordinates(user, organisation_id):
    return any(
        m.organisation_id == organisation_id and m.role == Role.COORDINATOR
        for m in memberships(user)
    )


def needs_review(user, promise, organisation_id):
    """Whether what ``user`` logs or changes for ``organisation_id`` waits for approval."""
    if organisation_id not in review_party_ids(promise):
        return False
    return not (coordinates(user, organisation_id) or can_administer(user, promise))


def can_review(user, activity, promise):
    """A coordinator of the organisation that carried it out, or an admin of the promise."""
    return coordinates(user, activity.organisation_id) or can_administer(user, promise)


def submit_if_needed(activity, user, promise):
    """Mark ``activity`` (about to be saved by ``user``) submitted when it needs review; it
    then no longer counts until approved."""
    if needs_review(user, promise, activity.organisation_id):
        activity.review_status = ReviewStatus.SUBMITTED
        activity.review_reason = ""


def approve(activity, user):
    activity.review_status = ReviewStatus.APPROVED
    activity.review_reason = ""
    activity.reviewed_by = user
    activity.reviewed_at = timezone.now()
    activity._history_user = user
    activity.save()


def return_to_reporter(activity, user, reason):
    """Return the activity with ``reason``; its reporter is emailed when the change is saved."""
    activity.review_status = ReviewStatus.RETURNED
    activity.review_reason = reason
    activity.reviewed_by = user
    activity.reviewed_at = timezone.now()
    activity._history_user = user
    activity.full_clean(exclude=["commitment", "organisation"])
    activity.save()
    transaction.on_commit(lambda: email_returned(activity))


def email_returned(activity):
    """Tell the reporter (in Swedish) why their activity was returned and where to correct it.
    A failing mail server is logged: the return itself stands."""
    reporter = activity.reported_by
    if reporter is None or not reporter.email:
        return
    path = reverse("activity_detail", args=[activity.commitment.promise.slug, activity.pk])
    with translation.override(settings.LANGUAGE_CODE):
        body = render_to_string(
            "commitments/review_returned_email.txt",
            {"activity": activity, "url": settings.SITE_URL + path},
        )
        subject = translation.gettext("Citizen promises: an activity was returned to you")
    try:
        get_connection().send_messages([EmailMessage(subject, body, to=[reporter.email])])
    except (smtplib.SMTPException, OSError, ValueError) as error:
        logger.warning("Return of activity %s not emailed: %s", activity.pk, error)


def waiting(promise):
    """The promise's activities waiting for review."""
    return Activity.objects.for_promise(promise).filter(review_status=ReviewStatus.SUBMITTED)


def waiting_count(promise):
    """How many of the promise's activities wait for review (no query without review)."""
    return waiting(promise).count() if review_party_ids(promise) else 0
