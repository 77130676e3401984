"""The domain: organisations and their staff, promises, focus areas, commitments, activities.

Invariants a single row can break are database constraints (named, with a message); rules that
look at other rows are ``clean()`` / ``validate_*`` methods, called by forms and imports alike.
"""

import datetime

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import (
    MaxLengthValidator,
    MaxValueValidator,
    MinValueValidator,
    slug_re,
)
from django.db import models
from django.db.models import F, Q
from django.db.models.functions import Length
from django.db.models.lookups import LessThanOrEqual
from django.urls import reverse
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from .enums import (
    CommitmentKind,
    LocalProblemStatus,
    OrganisationKind,
    PromiseStatus,
    QuotaPer,
    Role,
)
from .validators import reject_personal_identity_number

MAX_QUANTITY = 10_000
MAX_DESCRIPTION = 2_000
QUANTITY_MESSAGE = _("The quantity must be a whole number from 1 to 10,000.")
DESCRIPTION_EMPTY_MESSAGE = _("Describe what was done.")
DESCRIPTION_LENGTH_MESSAGE = _("The description can be at most 2,000 characters.")
TARGET_MESSAGE = _("The target must be at least 1.")


def one_of(field, choices, name):
    """A check constraint that keeps a choices field to its choices."""
    return models.CheckConstraint(
        condition=Q(**{f"{field}__in": choices.values}),
        name=name,
        violation_error_message=_("Unknown value."),
        violation_error_code="invalid_choice",
    )


class Organisation(models.Model):
    name = models.CharField(_("name"), max_length=200, unique=True)
    kind = models.CharField(
        _("kind"), max_length=20, choices=OrganisationKind, default=OrganisationKind.OTHER
    )

    class Meta:
        verbose_name = _("organisation")
        verbose_name_plural = _("organisations")
        ordering = ["name"]
        constraints = [one_of("kind", OrganisationKind, "organisation_kind_valid")]

    def __str__(self):
        return self.name


class Membership(models.Model):
    """A user's place in an organisation, and what the role allows."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="memberships",
        verbose_name=_("user"),
    )
    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.CASCADE,
        related_name="memberships",
        verbose_name=_("organisation"),
    )
    role = models.CharField(_("role"), max_length=20, choices=Role, default=Role.REPORTER)

    class Meta:
        verbose_name = _("membership")
        verbose_name_plural = _("memberships")
        ordering = ["organisation__name", "user__username"]
        constraints = [
            models.UniqueConstraint(
                fields=["user", "organisation"],
                name="membership_once_per_organisation",
                violation_error_message=_("The user is already a member of this organisation."),
            ),
            one_of("role", Role, "membership_role_valid"),
        ]

    def __str__(self):
        return f"{self.user} ({self.organisation}, {self.get_role_display()})"


class PromiseQuerySet(models.QuerySet):
    def published(self):
        return self.filter(published=True)

    def public(self):
        return self.filter(published=True, public=True)

    def with_parties(self):
        return self.select_related("municipality", "police_area").prefetch_related(
            "other_parties", "successors"
        )

    def with_party(self, organisations):
        """Promises to which any of ``organisations`` is a party."""
        return self.filter(
            Q(municipality__in=organisations)
            | Q(police_area__in=organisations)
            | Q(other_parties__in=organisations)
        ).distinct()


class Promise(models.Model):
    """A medborgarlöfte: signed by one police area and one municipality, valid over a period."""

    municipality = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        related_name="+",
        limit_choices_to={"kind": OrganisationKind.MUNICIPALITY},
        verbose_name=_("municipality"),
    )
    police_area = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        related_name="+",
        limit_choices_to={"kind": OrganisationKind.POLICE_AREA},
        verbose_name=_("local police area"),
    )
    other_parties = models.ManyToManyField(
        Organisation,
        blank=True,
        related_name="promises_as_other_party",
        verbose_name=_("other parties"),
    )
    title = models.CharField(_("title"), max_length=200)
    slug = models.SlugField(_("short name"), max_length=100, unique=True)
    signed_on = models.DateField(_("signed on"), null=True, blank=True)
    valid_from = models.DateField(_("valid from"))
    valid_until = models.DateField(_("valid until"))
    until_superseded = models.BooleanField(
        _("valid until a new promise is given"),
        default=False,
        help_text=_("The promise stays in force after its end date until its successor starts."),
    )
    replaces = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="successors",
        verbose_name=_("replaces"),
    )
    public = models.BooleanField(
        _("public"), default=False, help_text=_("Anyone may read the promise and its follow-up.")
    )
    published = models.BooleanField(
        _("published"), default=False, help_text=_("Unpublished promises are drafts.")
    )
    summary = models.TextField(_("summary"), blank=True)
    basis = models.TextField(
        _("basis"), blank=True, help_text=_("The dialogues and analyses the promise rests on.")
    )
    followup = models.TextField(
        _("follow-up"),
        blank=True,
        help_text=_("How follow-up is done (BRÅ, public health council)."),
    )
    source_url = models.URLField(_("source"), max_length=500, blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    history = HistoricalRecords(m2m_fields=[other_parties])
    objects = PromiseQuerySet.as_manager()

    class Meta:
        verbose_name = _("promise")
        verbose_name_plural = _("promises")
        ordering = ["municipality__name", "-valid_from"]
        constraints = [
            models.CheckConstraint(
                condition=Q(valid_until__gte=F("valid_from")),
                name="promise_valid_until_after_valid_from",
                violation_error_message=_("The end date cannot be before the start date."),
                violation_error_code="valid_until_before_valid_from",
            ),
            models.CheckConstraint(
                condition=~Q(replaces=F("pk")),
                name="promise_does_not_replace_itself",
                violation_error_message=_("A promise cannot replace itself."),
                violation_error_code="replaces_itself",
            ),
            models.UniqueConstraint(
                fields=["replaces"],
                condition=Q(published=True),
                name="promise_one_published_successor",
                violation_error_message=_("That promise already has a published successor."),
            ),
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("promise_detail", args=[self.slug])

    def clean(self):
        errors = {}
        if self.municipality_id and self.municipality.kind != OrganisationKind.MUNICIPALITY:
            errors["municipality"] = ValidationError(
                _("Choose an organisation of the kind municipality."), code="wrong_kind"
            )
        if self.police_area_id and self.police_area.kind != OrganisationKind.POLICE_AREA:
            errors["police_area"] = ValidationError(
                _("Choose an organisation of the kind local police area."), code="wrong_kind"
            )
        if self.replaces_id:
            error = self.replaces_error(self.replaces)
            if error:
                errors["replaces"] = error
        if errors:
            raise ValidationError(errors)

    def replaces_error(self, predecessor):
        """Why this promise cannot replace ``predecessor``, or None."""
        seen = {self.pk} if self.pk else set()
        step = predecessor
        while step is not None:
            if step.pk in seen or step is self:
                return ValidationError(
                    _("The chain of replaced promises would form a cycle."), code="cycle"
                )
            seen.add(step.pk)
            step = step.replaces
        if self.valid_from and predecessor.valid_from >= self.valid_from:
            return ValidationError(
                _("A successor must start after the promise it replaces."), code="starts_too_early"
            )
        return None

    @property
    def slug_suggestion(self):
        """The slug derived from the municipality and the start year ("alvsbyns-2024")."""
        name = self.municipality.name
        for suffix in (" kommun", " stad"):
            name = name.removesuffix(suffix)
        return slugify(f"{name} {self.valid_from.year}")

    def parties(self):
        """The police area, the municipality, then the other parties by name."""
        others = list(self.other_parties.all()) if self.pk else []
        return [self.police_area, self.municipality, *sorted(others, key=lambda o: o.name)]

    def party_token(self, organisation):
        """The name a promise file uses for a party: police, municipality or the party's name."""
        if organisation.pk == self.police_area_id:
            return "police"
        if organisation.pk == self.municipality_id:
            return "municipality"
        return organisation.name

    def successor(self):
        """The published promise that replaces this one (the earliest, should there be several)."""
        successors = [p for p in self.successors.all() if p.published]
        return min(successors, key=lambda p: p.valid_from, default=None)

    def effective_end(self):
        """The last day in force, or None while it runs on until a new promise is given."""
        if not self.until_superseded:
            return self.valid_until
        successor = self.successor()
        if successor is None:
            return None
        return successor.valid_from - datetime.timedelta(days=1)

    def is_in_force_on(self, day):
        end = self.effective_end()
        return self.valid_from <= day and (end is None or day <= end)

    def status_on(self, day):
        """The promise's :class:`PromiseStatus` as of ``day``."""
        if not self.published:
            return PromiseStatus.DRAFT
        if day < self.valid_from:
            return PromiseStatus.UPCOMING
        end = self.effective_end()
        if end is not None and day > end:
            successor = self.successor()
            if successor is not None and successor.valid_from <= day:
                return PromiseStatus.SUPERSEDED
            return PromiseStatus.EXPIRED
        if day > self.valid_until:
            return PromiseStatus.EXTENDED
        return PromiseStatus.ACTIVE

    def length(self):
        """The nominal length, valid_from to valid_until inclusive."""
        return self.valid_until - self.valid_from + datetime.timedelta(days=1)


class FocusArea(models.Model):
    promise = models.ForeignKey(
        Promise, on_delete=models.CASCADE, related_name="focus_areas", verbose_name=_("promise")
    )
    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    position = models.PositiveIntegerField(_("position"), default=0)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("focus area")
        verbose_name_plural = _("focus areas")
        ordering = ["promise", "position", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["promise", "title"],
                name="focus_area_title_unique_per_promise",
                violation_error_message=_("The promise already has a focus area with this title."),
            )
        ]

    def __str__(self):
        return self.title


class LocalProblem(models.Model):
    """A lokal problembild: raised during the year, met by an action plan's measures."""

    focus_area = models.ForeignKey(
        FocusArea,
        on_delete=models.CASCADE,
        related_name="local_problems",
        verbose_name=_("focus area"),
    )
    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    status = models.CharField(
        _("status"), max_length=20, choices=LocalProblemStatus, default=LocalProblemStatus.RAISED
    )
    raised_on = models.DateField(_("raised on"), null=True, blank=True)
    action_plan = models.TextField(_("action plan"), blank=True)
    position = models.PositiveIntegerField(_("position"), default=0)

    history = HistoricalRecords()

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
        ]

    def __str__(self):
        return self.title


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


class Commitment(models.Model):
    """An åtagande: what one or more parties promise to do, and how it is followed up."""

    promise = models.ForeignKey(
        Promise, on_delete=models.CASCADE, related_name="commitments", verbose_name=_("promise")
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
    key = models.SlugField(
        _("key"),
        max_length=80,
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
    position = models.PositiveIntegerField(_("position"), default=0)
    publish_activities = models.BooleanField(
        _("publish the activities"),
        default=False,
        help_text=_(
            "Show the dates and descriptions of its activities on the public page. Never the "
            "names of staff."
        ),
    )

    history = HistoricalRecords(m2m_fields=[responsible])
    objects = CommitmentQuerySet.as_manager()

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

    def allows_kind(self, kind):
        """Whether an activity of ``kind`` counts for this commitment's quota."""
        return not self.quota_kinds or normalise_kind(kind) in self.quota_kinds


def normalise_kind(kind):
    """Activity kinds are compared ignoring case and surrounding spaces."""
    return (kind or "").strip().casefold()


def normalise_kinds(kinds):
    """A list of distinct, normalised kinds in their first order."""
    return list(dict.fromkeys(normalise_kind(k) for k in kinds or [] if normalise_kind(k)))


class ActivityQuerySet(models.QuerySet):
    def for_promise(self, promise):
        return self.filter(commitment__promise=promise)

    def in_period(self, start, end):
        return self.filter(occurred_on__gte=start, occurred_on__lte=end)

    def of_organisations(self, organisations):
        return self.filter(organisation__in=organisations)


class Activity(models.Model):
    """A genomförd aktivitet: what staff did against a commitment."""

    commitment = models.ForeignKey(
        Commitment,
        on_delete=models.PROTECT,
        related_name="activities",
        verbose_name=_("commitment"),
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
        validators=[
            MaxLengthValidator(MAX_DESCRIPTION, message=DESCRIPTION_LENGTH_MESSAGE),
            reject_personal_identity_number,
        ],
        error_messages={"blank": DESCRIPTION_EMPTY_MESSAGE},
        help_text=_("What was done. Never personal data."),
    )
    place = models.CharField(
        _("place"), max_length=200, blank=True, validators=[reject_personal_identity_number]
    )
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
    reported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="reported_activities",
        verbose_name=_("reported by"),
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    history = HistoricalRecords(m2m_fields=[participants])
    objects = ActivityQuerySet.as_manager()

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
        ]
        indexes = [models.Index(fields=["commitment", "occurred_on"])]

    def __str__(self):
        return f"{self.occurred_on} {self.commitment.key} ×{self.quantity}"

    def save(self, *args, **kwargs):
        # Kinds are compared ignoring case and spaces; store them so, to filter them in SQL.
        self.kind = normalise_kind(self.kind)
        super().save(*args, **kwargs)

    def clean(self):
        """Cross-checks with the commitment and its promise; see :meth:`date_error`."""
        if not self.commitment_id:
            return
        errors = {}
        commitment = self.commitment
        responsible = {o.pk for o in commitment.responsible.all()}
        if self.organisation_id and self.organisation_id not in responsible:
            errors["organisation"] = ValidationError(
                _("%(organisation)s is not responsible for this commitment."),
                code="not_responsible",
                params={"organisation": self.organisation},
            )
        if self.occurred_on:
            error = self.date_error(commitment.promise, self.occurred_on)
            if error:
                errors["occurred_on"] = error
        if self.kind and not commitment.allows_kind(self.kind):
            errors["kind"] = ValidationError(
                _("This commitment counts only: %(kinds)s."),
                code="kind_not_allowed",
                params={"kinds": ", ".join(commitment.quota_kinds)},
            )
        if self.completes and commitment.kind != CommitmentKind.MILESTONE:
            errors["completes"] = ValidationError(
                _("Only a milestone can be completed."), code="not_milestone"
            )
        if errors:
            raise ValidationError(errors)

    @staticmethod
    def date_error(promise, day):
        """Why an activity cannot be dated ``day`` in ``promise``, or None."""
        if day > timezone.localdate():
            return ValidationError(_("The date cannot be in the future."), code="future")
        if not promise.is_in_force_on(day):
            end = promise.effective_end()
            return ValidationError(
                _("The date must be within the days the promise is in force (%(span)s)."),
                code="outside_promise",
                params={
                    "span": f"{promise.valid_from.isoformat()} – {end.isoformat() if end else ''}"
                },
            )
        return None
