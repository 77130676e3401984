"""Local problems (lokala problembilder) and the rules of their steps' days; the steps
themselves are taken by :mod:`commitments.problems`."""

import datetime

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from ..dates import in_bounds
from ..enums import LocalProblemStatus
from .constraints import one_of
from .guard import GuardedModel
from .organisations import Organisation
from .promises import FocusArea
from .records import History
from .versions import Versioned

STEP_ORDER_MESSAGE = _("A step cannot be dated before the step before it.")
STEP_NOT_REACHED_MESSAGE = _(
    "The problem has not come to this step: its status is %(status)s. Give this day with the "
    "step's status or a later one, or leave it empty."
)
# Each step's day, in the order the steps are taken, with the status that reaches it.
STEPS = [
    ("raised_on", LocalProblemStatus.RAISED),
    ("convened_on", LocalProblemStatus.CONVENED),
    ("plan_adopted_on", LocalProblemStatus.PLAN_ADOPTED),
    ("closed_on", LocalProblemStatus.CLOSED),
]
STATUS_ORDER = list(LocalProblemStatus.values)


def reached(status, step_status):
    """Whether a problem of ``status`` has taken the step that gives ``step_status``."""
    return STATUS_ORDER.index(status) >= STATUS_ORDER.index(step_status)


# The steps' days, each pair in the order they must come.
STEP_DATE_PAIRS = [
    ("raised_on", "convened_on"),
    ("convened_on", "plan_adopted_on"),
    ("plan_adopted_on", "closed_on"),
    ("raised_on", "plan_adopted_on"),
    ("raised_on", "closed_on"),
    ("convened_on", "closed_on"),
]


def step_user(verbose_name):
    """Who recorded a local problem's step (kept when the user is removed: null)."""
    return models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        editable=False,
        related_name="+",
        verbose_name=verbose_name,
    )


class LocalProblem(Versioned, GuardedModel):
    """A lokal problembild: raised during the year, BRÅ convened, an action plan adopted with its
    measures (commitments of the problem), closed with its outcome.

    Steps go forward in order, each with its day and who recorded it; reopening a closed problem
    needs a reason (kept as its history record's reason). See :mod:`commitments.problems`.
    """

    focus_area = models.ForeignKey(
        FocusArea,
        on_delete=models.CASCADE,
        related_name="local_problems",
        verbose_name=_("focus area"),
        db_index=False,  # first in the unique (focus_area, title)
    )
    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    place = models.CharField(_("place"), max_length=200, blank=True)
    status = models.CharField(
        _("status"), max_length=20, choices=LocalProblemStatus, default=LocalProblemStatus.RAISED
    )
    raised_on = models.DateField(_("raised on"), null=True, blank=True)
    convened_on = models.DateField(_("BRÅ convened on"), null=True, blank=True)
    meeting_note = models.TextField(_("note from the meeting"), blank=True)
    participants = models.ManyToManyField(
        Organisation,
        blank=True,
        related_name="+",
        verbose_name=_("participating organisations"),
    )
    plan_adopted_on = models.DateField(_("action plan adopted on"), null=True, blank=True)
    action_plan = models.TextField(_("action plan"), blank=True)
    closed_on = models.DateField(_("closed on"), null=True, blank=True)
    outcome = models.TextField(_("outcome"), blank=True, help_text=_("What changed."))
    position = models.PositiveIntegerField(_("position"), default=0)
    raised_by = step_user(_("raised by"))
    convened_by = step_user(_("convening recorded by"))
    plan_adopted_by = step_user(_("action plan recorded by"))
    closed_by = step_user(_("closed by"))

    history = History(m2m_fields=[participants])
    stale_message = _("Someone else has changed the local problem since you opened it.")
    deleted_message = _("Someone else has deleted the local problem since you opened it.")

    class Meta:
        verbose_name = _("local problem")
        verbose_name_plural = _("local problems")
        ordering = ["focus_area", "position", "pk"]
        constraints = [
            one_of("status", LocalProblemStatus, "local_problem_status_valid"),
            models.UniqueConstraint(
                fields=["focus_area", "title"],
                name="local_problem_title_unique_per_focus_area",
                violation_error_message=_(
                    "The focus area already has a local problem with this title."
                ),
            ),
            *[
                models.CheckConstraint(
                    condition=Q(**{f"{earlier}__isnull": True})
                    | Q(**{f"{later}__isnull": True})
                    | Q(**{f"{later}__gte": F(earlier)}),
                    name=f"local_problem_{later}_not_before_{earlier}",
                    violation_error_message=STEP_ORDER_MESSAGE,
                    violation_error_code="step_before_previous",
                )
                for earlier, later in STEP_DATE_PAIRS
            ],
        ]

    def clean(self):
        super().clean()
        errors = {}
        if self.status in STATUS_ORDER:  # else the status's own error says what is wrong
            for name, step_status in STEPS:
                day = getattr(self, name)
                # A day not a date or outside the years has its own error: one thing at a time.
                dated = isinstance(day, datetime.date) and in_bounds(day)
                if dated and not reached(self.status, step_status):
                    label = LocalProblemStatus(self.status).label
                    errors[name] = ValidationError(
                        STEP_NOT_REACHED_MESSAGE, code="step_not_reached", params={"status": label}
                    )
        for earlier, later in STEP_DATE_PAIRS:
            first, then = getattr(self, earlier), getattr(self, later)
            if first and then and then < first:
                errors.setdefault(later, STEP_ORDER_MESSAGE)
        if errors:
            raise ValidationError(errors)

    @property
    def promise(self):
        return self.focus_area.promise

    def __str__(self):
        return self.title
