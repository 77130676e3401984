"""Activities: what staff did against a commitment."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxLengthValidator, MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.db.models.functions import Length
from django.db.models.lookups import LessThanOrEqual
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from ..dates import in_bounds
from ..enums import CommitmentKind, ReviewStatus
from .commitments import Commitment, normalise_kind
from .constraints import one_of
from .guard import GuardedModel
from .organisations import Organisation
from .records import History
from .versions import Versioned

MAX_QUANTITY = 10_000
MAX_DESCRIPTION = 2_000
QUANTITY_MESSAGE = _("The quantity must be a whole number from 1 to 10,000.")
DESCRIPTION_EMPTY_MESSAGE = _("Describe what was done.")
DESCRIPTION_LENGTH_MESSAGE = _("The description can be at most 2,000 characters.")


class ActivityQuerySet(models.QuerySet):
    def for_promise(self, promise):
        return self.filter(promise=promise)

    def bulk_create(self, objs, *args, **kwargs):
        """Bulk creation sends no signal and calls no save(): each activity's promise is set
        here from its commitment (one query for those whose commitment is not at hand)."""
        objs = list(objs)
        missing = {a.commitment_id for a in objs if a.promise_id is None and a.commitment_id}
        held = {
            a.commitment_id: a.commitment.promise_id
            for a in objs
            if a.commitment_id in missing and Activity.commitment.is_cached(a)
        }
        asked = missing - held.keys()
        if asked:
            held.update(Commitment.objects.filter(pk__in=asked).values_list("pk", "promise_id"))
        for activity in objs:
            if activity.promise_id is None and activity.commitment_id:
                activity.promise_id = held[activity.commitment_id]
        return super().bulk_create(objs, *args, **kwargs)

    def counted(self):
        """Those that count: approved (in a promise that asks for review, a submitted or
        returned activity counts nowhere, nor is it published; without review all are)."""
        return self.filter(review_status=ReviewStatus.APPROVED)

    def in_period(self, start, end):
        return self.filter(occurred_on__gte=start, occurred_on__lte=end)

    def of_organisations(self, organisations):
        return self.filter(organisation__in=organisations)

    def outside_days_in_force(self, promise):
        """Those dated outside ``promise``'s days in force: no rule counts them (a successor
        published later may have ended the promise before them)."""
        outside = Q(occurred_on__lt=promise.valid_from)
        end = promise.effective_end()
        if end is not None:
            outside |= Q(occurred_on__gt=end)
        return self.for_promise(promise).filter(outside)


class Activity(Versioned, GuardedModel):
    """A genomförd aktivitet: what staff did against a commitment."""

    commitment = models.ForeignKey(
        Commitment,
        on_delete=models.PROTECT,
        related_name="activities",
        verbose_name=_("commitment"),
        db_index=False,  # first in the index on (commitment, occurred_on)
    )
    # The commitment's promise, kept with the activity (set on every save): a promise's pages
    # list its activities newest first, which the index on (promise, occurred_on, id) serves
    # whatever the database holds; through the commitment PostgreSQL may instead walk every
    # activity of the country by date (docs/performance.md).
    promise = models.ForeignKey(
        "Promise",
        on_delete=models.PROTECT,
        related_name="+",
        editable=False,
        db_index=False,  # the index below leads with it
        verbose_name=_("promise"),
    )
    occurred_on = models.DateField(_("date"))
    quantity = models.PositiveIntegerField(
        _("quantity"),
        default=1,
        validators=[
            MinValueValidator(1, message=QUANTITY_MESSAGE),
            MaxValueValidator(MAX_QUANTITY, message=QUANTITY_MESSAGE),
        ],
    )
    kind = models.CharField(_("kind of activity"), max_length=100, blank=True)
    completes = models.BooleanField(
        _("completes the commitment"),
        default=False,
        help_text=_("For a milestone: this activity completes it."),
    )
    description = models.TextField(
        _("description"),
        max_length=MAX_DESCRIPTION,
        validators=[MaxLengthValidator(MAX_DESCRIPTION, message=DESCRIPTION_LENGTH_MESSAGE)],
        error_messages={"blank": DESCRIPTION_EMPTY_MESSAGE},
        help_text=_("What was done. Never personal data."),
    )
    place = models.CharField(_("place"), max_length=200, blank=True)
    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        related_name="activities",
        verbose_name=_("carried out by"),
    )
    participants = models.ManyToManyField(
        Organisation,
        blank=True,
        related_name="participations",
        verbose_name=_("participating organisations"),
    )
    # The local problem whose convening gave this activity by itself (a commitment triggered by
    # local problems); it goes when that step is taken back or the problem deleted.
    local_problem = models.ForeignKey(
        "LocalProblem",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        editable=False,
        related_name="activities",
        verbose_name=_("local problem convened"),
    )
    reported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="reported_activities",
        verbose_name=_("reported by"),
    )
    imported_from = models.ForeignKey(
        "ActivityImport",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        editable=False,
        related_name="activities",
        verbose_name=_("imported from"),
    )
    # The log form's one-time token: the same form posted twice (a double click, a retry after a
    # dropped connection) stores one activity. Unique, so that of two posts racing one insert
    # wins and the other finds it.
    submission = models.UUIDField(_("submission"), null=True, blank=True, editable=False)
    # Review (a promise may require it for some parties' activities): only an approved activity
    # counts and shows on public pages. Approved unless the promise asks for review.
    review_status = models.CharField(
        _("review"),
        max_length=20,
        choices=ReviewStatus,
        default=ReviewStatus.APPROVED,
        editable=False,
    )
    review_reason = models.TextField(
        _("why it was returned"), max_length=1_000, blank=True, editable=False
    )
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        editable=False,
        related_name="+",
        verbose_name=_("reviewed by"),
    )
    reviewed_at = models.DateTimeField(_("reviewed"), null=True, blank=True, editable=False)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    history = History(m2m_fields=[participants])
    objects = ActivityQuerySet.as_manager()
    stale_message = _("Someone else has changed the activity since you opened it.")
    deleted_message = _("Someone else has deleted the activity since you opened it.")

    class Meta:
        verbose_name = _("activity")
        verbose_name_plural = _("activities")
        ordering = ["-occurred_on", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(quantity__gte=1, quantity__lte=MAX_QUANTITY),
                name="activity_quantity_in_range",
                violation_error_message=QUANTITY_MESSAGE,
                violation_error_code="quantity_range",
            ),
            models.CheckConstraint(
                condition=~Q(description=""),
                name="activity_description_not_empty",
                violation_error_message=DESCRIPTION_EMPTY_MESSAGE,
                violation_error_code="description_empty",
            ),
            models.CheckConstraint(
                condition=LessThanOrEqual(Length("description"), MAX_DESCRIPTION),
                name="activity_description_max_length",
                violation_error_message=DESCRIPTION_LENGTH_MESSAGE,
                violation_error_code="description_too_long",
            ),
            models.UniqueConstraint(fields=["submission"], name="activity_submission_once"),
            one_of("review_status", ReviewStatus, "activity_review_status_valid"),
        ]
        indexes = [
            # A commitment's activities by date (the engine, the lists of a promise); it serves
            # every look-up by commitment alone too, so the foreign key has no index of its own.
            models.Index(fields=["commitment", "occurred_on"]),
            # The admin's list of every activity, newest first (Meta.ordering), read a page at
            # a time from the end of the index instead of sorting a million rows.
            models.Index(fields=["occurred_on", "id"], name="activity_occurred_on_id"),
            # A promise's activities newest first (its list, the dashboard's latest, the public
            # page), whatever the database holds: through the commitment, PostgreSQL may take
            # the index above and walk the whole country's activities to find a promise's ten
            # latest (5 s at a million).
            models.Index(fields=["promise", "occurred_on", "id"], name="activity_promise_newest"),
        ]

    def __str__(self):
        return f"{self.occurred_on} {self.commitment.key} ×{self.quantity}"

    def save(self, *args, **kwargs):
        # Kinds are compared ignoring case and spaces; store them so, to filter them in SQL.
        self.kind = normalise_kind(self.kind)
        if self.commitment_id:
            commitment = Activity.commitment.field.get_cached_value(self, default=None)
            if commitment is not None and commitment.pk == self.commitment_id:
                self.promise_id = commitment.promise_id
            else:
                self.promise_id = (
                    Commitment.objects.filter(pk=self.commitment_id)
                    .values_list("promise_id", flat=True)
                    .get()
                )
        update_fields = kwargs.get("update_fields")
        if update_fields is not None and "commitment" in update_fields:
            kwargs["update_fields"] = {*update_fields, "promise"}
        super().save(*args, **kwargs)

    def clean(self):
        """Cross-checks with the commitment and its promise; see :meth:`date_error`."""
        if not self.commitment_id:
            return
        commitment = self.commitment
        errors = commitment.entry_errors(
            self.organisation if self.organisation_id else None, self.kind
        )
        if self.occurred_on and in_bounds(self.occurred_on):  # else clean_fields said so
            error = self.date_error(commitment.promise, self.occurred_on)
            if error:
                errors["occurred_on"] = error
        if self.completes and commitment.kind != CommitmentKind.MILESTONE:
            errors["completes"] = ValidationError(
                _("Only a milestone can be completed."), code="not_milestone"
            )
        if errors:
            raise ValidationError(errors)

    def validate_constraints(self, exclude=None):
        # The checks on quantity and description say what the fields' validators said in
        # clean_fields; asked again, each would cost a query. The database still enforces them.
        super().validate_constraints(exclude={*(exclude or ()), "quantity", "description"})

    @staticmethod
    def date_error(promise, day):
        """Why an activity cannot be dated ``day`` in ``promise``, or None."""
        if day > timezone.localdate():
            return ValidationError(_("The date cannot be in the future."), code="future")
        if not promise.is_in_force_on(day):
            return ValidationError(
                _("The date must be within the days the promise is in force (%(span)s)."),
                code="outside_promise",
                params={"span": promise.in_force_span()},
            )
        return None
