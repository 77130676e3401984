"""Commitments: what the parties promise to do, and how each is followed up."""

from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator, slug_re
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from ..enums import CommitmentKind, QuotaPer, Trigger
from .constraints import one_of
from .guard import GuardedModel
from .organisations import Organisation
from .problems import LocalProblem
from .promises import FocusArea, Promise
from .records import History
from .versions import Versioned

TARGET_MESSAGE = _("The target must be at least 1.")
TRIGGER_MESSAGE = _("Only a conditional commitment can be triggered by something.")


class CommitmentQuerySet(models.QuerySet):
    def for_promise(self, promise):
        return self.filter(promise=promise)

    def with_key(self, key):
        """The commitment whose key is ``key`` (a query of one or none).

        Text that cannot be a key (not a slug: a NUL, which PostgreSQL refuses in a query,
        spaces, punctuation) finds none without asking the database.
        """
        if not isinstance(key, str) or not slug_re.match(key):
            return self.none()
        return self.filter(key=key)

    def for_organisations(self, organisations):
        """Commitments any of ``organisations`` is responsible for."""
        return self.filter(responsible__in=organisations).distinct()


class Commitment(Versioned, GuardedModel):
    """An åtagande: what one or more parties promise to do, and how it is followed up."""

    promise = models.ForeignKey(
        Promise,
        on_delete=models.CASCADE,
        related_name="commitments",
        verbose_name=_("promise"),
        db_index=False,  # first in the unique (promise, key)
    )
    focus_area = models.ForeignKey(
        FocusArea,
        on_delete=models.CASCADE,
        related_name="commitments",
        verbose_name=_("focus area"),
    )
    local_problem = models.ForeignKey(
        LocalProblem,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="commitments",
        verbose_name=_("local problem"),
        help_text=_("For a measure of a local problem's action plan."),
    )
    parent = models.ForeignKey(
        "self",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="children",
        verbose_name=_("part of"),
        help_text=_("Activities on a sub-commitment also count for the commitment it is part of."),
    )
    follows = models.ForeignKey(
        "self",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="followers",
        verbose_name=_("follows"),
        help_text=_(
            "It also counts the activities of this commitment in which one of its own responsible "
            "parties took part (carried it out or participated)."
        ),
    )
    group = models.CharField(
        _("sub-heading"),
        max_length=200,
        blank=True,
        help_text=_(
            "The sub-heading of the focus area it stands under, e.g. “Förebyggande arbete i "
            "skolan”. Sub-commitments stand under their parent and have none."
        ),
    )
    key = models.SlugField(
        _("key"),
        max_length=80,
        db_index=False,  # looked up within its promise only: the unique (promise, key)
        help_text=_("Short, unique within the promise; used when importing activities."),
    )
    text = models.TextField(_("text"))
    responsible = models.ManyToManyField(
        Organisation, related_name="responsible_for", verbose_name=_("responsible")
    )
    kind = models.CharField(
        _("kind"), max_length=20, choices=CommitmentKind, default=CommitmentKind.QUOTA
    )
    quota_target = models.PositiveIntegerField(
        _("target"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1, message=TARGET_MESSAGE)],
    )
    quota_per = models.CharField(_("per"), max_length=20, choices=QuotaPer, blank=True)
    quota_unit = models.CharField(
        _("unit"), max_length=100, blank=True, help_text=_("For example: checks, dog searches.")
    )
    quota_unit_one = models.CharField(
        _("unit in the singular"),
        max_length=100,
        blank=True,
        help_text=_("For example: check, dog search. Used when the number is one."),
    )
    quota_average = models.BooleanField(
        _("on average"),
        default=False,
        help_text=_("Judged over the whole validity rather than every period."),
    )
    quota_kinds = models.JSONField(
        _("activity kinds that count"),
        default=list,
        blank=True,
        help_text=_("Leave empty to count every activity."),
    )
    due_on = models.DateField(_("due on"), null=True, blank=True)
    triggered_by = models.CharField(
        _("triggered by"),
        max_length=20,
        choices=Trigger,
        blank=True,
        help_text=_(
            "A conditional commitment gets an activity by itself each time this happens: "
            '"BRÅ sammankallas vid uppkomna lokala problembilder".'
        ),
    )
    position = models.PositiveIntegerField(_("position"), default=0)
    publish_activities = models.BooleanField(
        _("publish the activities"),
        default=False,
        help_text=_(
            "Show the dates and descriptions of its activities on the public page. Never the "
            "names of staff."
        ),
    )

    history = History(m2m_fields=[responsible])
    objects = CommitmentQuerySet.as_manager()
    stale_message = _("Someone else has changed the commitment since you opened it.")
    deleted_message = _("Someone else has deleted the commitment since you opened it.")

    class Meta:
        verbose_name = _("commitment")
        verbose_name_plural = _("commitments")
        ordering = ["promise", "focus_area__position", "position", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["promise", "key"],
                name="commitment_key_unique_per_promise",
                violation_error_message=_("The promise already has a commitment with this key."),
            ),
            one_of("kind", CommitmentKind, "commitment_kind_valid"),
            one_of("triggered_by", Trigger, "commitment_triggered_by_valid", blank=True),
            models.CheckConstraint(
                condition=Q(triggered_by="") | Q(kind="conditional"),
                name="commitment_triggered_by_conditional_only",
                violation_error_message=TRIGGER_MESSAGE,
                violation_error_code="triggered_not_conditional",
            ),
            models.CheckConstraint(
                condition=Q(quota_per__in=[*QuotaPer.values, ""]),
                name="commitment_quota_per_valid",
                violation_error_message=_("Unknown period."),
                violation_error_code="invalid_choice",
            ),
            models.CheckConstraint(
                condition=Q(quota_target__isnull=True) | Q(quota_target__gte=1),
                name="commitment_quota_target_at_least_one",
                violation_error_message=TARGET_MESSAGE,
                violation_error_code="target_too_small",
            ),
            models.CheckConstraint(
                condition=(Q(kind="quota", quota_target__isnull=False) & ~Q(quota_per=""))
                | (
                    ~Q(kind="quota")
                    & Q(
                        quota_target__isnull=True,
                        quota_per="",
                        quota_unit="",
                        quota_unit_one="",
                        quota_average=False,
                        quota_kinds=[],
                    )
                ),
                name="commitment_quota_fields_only_for_quota",
                violation_error_message=_(
                    "A quota needs a target and a period; other kinds have neither."
                ),
                violation_error_code="quota_fields",
            ),
            models.CheckConstraint(
                condition=Q(kind="milestone") | Q(due_on__isnull=True),
                name="commitment_due_on_only_for_milestone",
                violation_error_message=_("Only a milestone has a due date."),
                violation_error_code="due_on_not_milestone",
            ),
            models.CheckConstraint(
                condition=~Q(parent=F("pk")),
                name="commitment_not_own_parent",
                violation_error_message=_("A commitment cannot be part of itself."),
                violation_error_code="cycle",
            ),
            models.CheckConstraint(
                condition=~Q(follows=F("pk")),
                name="commitment_does_not_follow_itself",
                violation_error_message=_("A commitment cannot follow itself."),
                violation_error_code="follows_itself",
            ),
            models.CheckConstraint(
                condition=Q(parent__isnull=True) | Q(group=""),
                name="commitment_group_only_at_the_top",
                violation_error_message=_(
                    "A sub-commitment stands under its parent and has no sub-heading of its own."
                ),
                violation_error_code="group_on_sub_commitment",
            ),
        ]

    def __str__(self):
        return f"{self.key}: {self.text[:60]}"

    def save(self, *args, **kwargs):
        self.quota_kinds = normalise_kinds(self.quota_kinds)
        super().save(*args, **kwargs)

    def clean(self):
        errors = {}
        if self.focus_area_id and self.promise_id and self.focus_area.promise_id != self.promise_id:
            errors["focus_area"] = ValidationError(
                _("The focus area belongs to another promise."), code="other_promise"
            )
        if (
            self.local_problem_id
            and self.focus_area_id
            and self.local_problem.focus_area_id != self.focus_area_id
        ):
            errors["local_problem"] = ValidationError(
                _("The local problem belongs to another focus area."), code="other_focus_area"
            )
        if self.parent_id:
            if self.parent.promise_id != self.promise_id:
                errors["parent"] = ValidationError(
                    _("A sub-commitment must belong to the same promise."), code="other_promise"
                )
            elif self.pk and any(a.pk == self.pk for a in self.parent.ancestors(include_self=True)):
                errors["parent"] = ValidationError(
                    _("A commitment cannot be part of one of its own sub-commitments."),
                    code="cycle",
                )
        if self.follows_id and self.follows.promise_id != self.promise_id:
            errors["follows"] = ValidationError(
                _("It can only follow a commitment of the same promise."), code="other_promise"
            )
        if self.triggered_by and self.kind != CommitmentKind.CONDITIONAL:
            errors["triggered_by"] = ValidationError(
                TRIGGER_MESSAGE, code="triggered_not_conditional"
            )
        if self.kind == CommitmentKind.QUOTA:
            if self.quota_target is None:
                errors["quota_target"] = ValidationError(
                    _("A quota needs a target."), code="missing_target"
                )
            if not self.quota_per:
                errors["quota_per"] = ValidationError(
                    _("A quota needs a period."), code="missing_period"
                )
        if errors:
            raise ValidationError(errors)

    def ancestors(self, include_self=False):
        """The chain of commitments this one is part of, nearest first (a cycle stops the walk)."""
        chain, seen = [], set()
        step = self if include_self else self.parent
        while step is not None and step.pk not in seen:
            chain.append(step)
            seen.add(step.pk)
            step = step.parent
        return chain

    def validate_responsible(self, organisations):
        """Responsible parties must be parties of the promise."""
        parties = {o.pk for o in self.promise.parties()}
        outsiders = [o.name for o in organisations if o.pk not in parties]
        if not organisations:
            raise ValidationError(
                {"responsible": ValidationError(_("Choose at least one party."), code="no_party")}
            )
        if outsiders:
            raise ValidationError(
                {
                    "responsible": ValidationError(
                        _("%(names)s is not a party of the promise."),
                        code="not_a_party",
                        params={"names": ", ".join(outsiders)},
                    )
                }
            )

    # Responsible parties the caller knows already (a form whose choices guarantee them), so
    # that checking an activity's organisation against them asks the database nothing.
    known_responsible = frozenset()

    def is_responsible(self, organisation_id):
        """Whether ``organisation_id`` is one of the commitment's responsible parties."""
        if organisation_id in self.known_responsible:
            return True
        return organisation_id in {o.pk for o in self.responsible.all()}

    def allows_kind(self, kind):
        """Whether an activity of ``kind`` counts for this commitment's quota."""
        return not self.quota_kinds or normalise_kind(kind) in self.quota_kinds

    def entry_errors(self, organisation, kind):
        """{field: error} of what an activity or a plan on this commitment says of itself: the
        organisation carrying it out is responsible for it, and its kind one the quota counts.
        ``organisation`` is an Organisation or None."""
        errors = {}
        if organisation is not None and not self.is_responsible(organisation.pk):
            errors["organisation"] = ValidationError(
                _("%(organisation)s is not responsible for this commitment."),
                code="not_responsible",
                params={"organisation": organisation},
            )
        if kind and not self.allows_kind(kind):
            errors["kind"] = ValidationError(
                _("This commitment counts only: %(kinds)s."),
                code="kind_not_allowed",
                params={"kinds": ", ".join(self.quota_kinds)},
            )
        return errors


def normalise_kind(kind):
    """Activity kinds are compared ignoring case and surrounding spaces."""
    return (kind or "").strip().casefold()


def normalise_kinds(kinds):
    """A list of distinct, normalised kinds in their first order."""
    return list(dict.fromkeys(normalise_kind(k) for k in kinds or [] if normalise_kind(k)))
