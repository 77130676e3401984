"""Planned activities: what a party intends to carry out against a commitment, and when.

A plan does not count. Carried out, it becomes an activity in one step (the plan is closed and
linked to it); a plan whose day has passed without that is overdue. Plans let the follow-up say
whether the open quotas are covered ("1 till behövs före 2025-12-31 · 1 planerad 2025-11-12").
"""

import datetime

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from ..dates import in_bounds
from ..enums import PlanStatus
from .commitments import Commitment
from .constraints import one_of
from .guard import GuardedModel
from .organisations import Organisation
from .records import History
from .versions import Versioned


class PlannedActivity(Versioned, GuardedModel):
    """A planerad aktivitet: a day, a commitment, the organisation that will carry it out."""

    # The commitment's promise, kept on the row as an activity keeps it: a promise's plans are
    # read by one index whatever the database holds.
    promise = models.ForeignKey(
        "Promise",
        on_delete=models.CASCADE,
        related_name="plans",
        editable=False,
        db_index=False,  # the index below leads with it
        verbose_name=_("promise"),
    )
    commitment = models.ForeignKey(
        Commitment, on_delete=models.CASCADE, related_name="plans", verbose_name=_("commitment")
    )
    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        related_name="plans",
        verbose_name=_("carried out by"),
    )
    planned_on = models.DateField(_("planned for"))
    kind = models.CharField(_("kind of activity"), max_length=100, blank=True)
    place = models.CharField(_("place"), max_length=200, blank=True)
    note = models.TextField(_("note"), max_length=2_000, blank=True)
    status = models.CharField(
        _("status"), max_length=20, choices=PlanStatus, default=PlanStatus.OPEN
    )
    # Set when it was carried out: the activity it became.
    activity = models.OneToOneField(
        "Activity",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="plan",
        verbose_name=_("activity"),
    )
    cancel_reason = models.TextField(_("why it was cancelled"), max_length=500, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("planned by"),
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    history = History()
    stale_message = _("Someone else has changed the plan since you opened it.")
    deleted_message = _("Someone else has deleted the plan since you opened it.")

    class Meta:
        verbose_name = _("planned activity")
        verbose_name_plural = _("planned activities")
        ordering = ["planned_on", "pk"]
        constraints = [
            one_of("status", PlanStatus, "planned_activity_status_valid"),
            models.CheckConstraint(
                condition=Q(status=PlanStatus.CANCELLED) | Q(cancel_reason=""),
                name="planned_activity_reason_only_when_cancelled",
                violation_error_message=_("Only a cancelled plan has a reason."),
                violation_error_code="reason_not_cancelled",
            ),
        ]
        indexes = [
            # A promise's open plans by day: the plan list, the follow-up, the calendar feed.
            models.Index(fields=["promise", "status", "planned_on"], name="plan_promise_open"),
        ]

    def __str__(self):
        return f"{self.planned_on} {self.commitment.key}"

    def clean(self):
        """What an activity checks of its commitment (commitments.models.Activity.clean), for
        every way a plan is made (the staff forms add: from today on): its organisation is
        responsible for the commitment, its kind one the quota counts, its day in force."""
        if not self.commitment_id:
            return
        commitment = self.commitment
        errors = commitment.entry_errors(
            self.organisation if self.organisation_id else None, self.kind
        )
        day = self.planned_on
        if isinstance(day, datetime.date) and in_bounds(day):
            promise = commitment.promise
            if not promise.is_in_force_on(day):
                errors["planned_on"] = ValidationError(
                    _("The date must be within the days the promise is in force (%(span)s)."),
                    code="outside_promise",
                    params={"span": promise.in_force_span()},
                )
        if errors:
            raise ValidationError(errors)

    def save(self, *args, **kwargs):
        if self.commitment_id:
            commitment = PlannedActivity.commitment.field.get_cached_value(self, default=None)
            if commitment is not None and commitment.pk == self.commitment_id:
                self.promise_id = commitment.promise_id
            elif self.promise_id is None:
                self.promise_id = (
                    Commitment.objects.filter(pk=self.commitment_id)
                    .values_list("promise_id", flat=True)
                    .get()
                )
        super().save(*args, **kwargs)
