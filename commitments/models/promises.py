"""Promises, their focus areas and their local problems."""

import datetime

from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator, slug_re
from django.db import models
from django.db.models import Exists, F, OuterRef, Q, Subquery
from django.urls import reverse
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from ..dates import MAX_SPAN_YEARS, in_bounds, span_end
from ..enums import OrganisationKind, PromiseStatus
from .guard import GuardedModel
from .organisations import Organisation
from .records import History
from .subqueries import JoinedOrganisationIds, OnTheRow
from .versions import Versioned


class SuccessorStart(OnTheRow):
    """The first day of the promise's earliest published successor, or NULL."""

    output_field = models.DateField()

    def sql_for(self, connection):
        published = "TRUE" if connection.vendor == "postgresql" else "1"
        return (
            "SELECT MIN(s.valid_from) FROM commitments_promise s "
            f"WHERE s.replaces_id = {{row}} AND s.published = {published}"
        )


class PromiseQuerySet(models.QuerySet):
    def published(self):
        return self.filter(published=True)

    def public(self):
        return self.filter(published=True, public=True)

    def with_slug(self, slug):
        """The promise whose slug is ``slug`` (a query of one or none).

        Text that cannot be a slug (a NUL, or a lone surrogate: a byte of a command's argument
        that is not UTF-8) finds none without asking the database, whose driver cannot send it.
        """
        if not isinstance(slug, str) or not slug_re.match(slug):
            return self.none()
        return self.filter(slug=slug)

    def with_successor_start(self):
        """Each with the start of its earliest published successor (``successor_from``, None
        when it has none), read in the same query: what its days in force turn on."""
        return self.annotate(successor_from=SuccessorStart())

    def with_party_ids(self):
        """Each with the ids of its other parties joined by commas (``other_party_id_text``),
        and of the parties whose activities wait for review (``review_for_id_text``), read in
        the same query: who may see it and log in it (commitments.access), and whether what
        they log waits for review (commitments.review), ask for no more."""
        return self.annotate(
            other_party_id_text=JoinedOrganisationIds(
                "commitments_promise_other_parties", "promise_id"
            ),
        ).with_review_party_ids()

    def with_review_party_ids(self):
        """Each with the ids of the parties whose activities wait for review, joined by commas
        (``review_for_id_text``; commitments.review reads it), in the same query."""
        return self.annotate(
            review_for_id_text=JoinedOrganisationIds("commitments_promise_review_for", "promise_id")
        )

    def in_force_on(self, day):
        """Promises in force on ``day``: :meth:`Promise.is_in_force_on` in SQL. One valid until a
        new promise is given stays in force after its end date until a published successor
        starts (and stops when one starts, even before its own end date)."""
        superseded = Promise.objects.filter(
            replaces=OuterRef("pk"), published=True, valid_from__lte=day
        )
        return self.filter(valid_from__lte=day).filter(
            Q(until_superseded=False, valid_until__gte=day)
            | Q(until_superseded=True) & ~Exists(superseded)
        )

    def matching(self, text):
        """Promises whose title, municipality or police area holds every word of ``text``
        (any case; on SQLite, letters outside ASCII such as Å match only in their own case)."""
        query = self
        for word in text.split():
            query = query.filter(
                Q(title__icontains=word)
                | Q(municipality__name__icontains=word)
                | Q(police_area__name__icontains=word)
            )
        return query

    def with_parties(self):
        return self.select_related("municipality", "police_area", "change_stamp").prefetch_related(
            "other_parties", "successors"
        )

    def with_party(self, organisations):
        """Promises to which any of ``organisations`` is a party."""
        return self.filter(
            Q(municipality__in=organisations)
            | Q(police_area__in=organisations)
            | Q(other_parties__in=organisations)
        ).distinct()

    def in_status_on(self, status, day):
        """Those whose :meth:`Promise.status_on` ``day`` is ``status``, decided in one query
        (a list of every promise in Sweden is not read row by row to filter it).

        The same steps as ``status_on``: a draft; upcoming; past the effective end (superseded
        once a successor has started, else expired); extended past ``valid_until``; active.
        The successor is the published promise that replaces it (at most one: a constraint).
        """
        successor_from = Subquery(
            Promise.objects.filter(replaces=OuterRef("pk"), published=True)
            .order_by("valid_from")
            .values("valid_from")[:1]
        )
        promises = self.annotate(successor_from=successor_from)
        succeeded = Q(successor_from__lte=day)  # a successor has started (false without one)
        not_succeeded = Q(successor_from__isnull=True) | Q(successor_from__gt=day)
        # Past the effective end: valid_until, or the day before the successor starts.
        ended = Q(until_superseded=False, valid_until__lt=day) | Q(
            until_superseded=True, successor_from__lte=day
        )
        running = Q(until_superseded=False, valid_until__gte=day) | (
            Q(until_superseded=True) & not_succeeded
        )
        started = Q(published=True, valid_from__lte=day)
        conditions = {
            PromiseStatus.DRAFT: Q(published=False),
            PromiseStatus.UPCOMING: Q(published=True, valid_from__gt=day),
            PromiseStatus.SUPERSEDED: started & ended & succeeded,
            PromiseStatus.EXPIRED: started & ended & not_succeeded,
            PromiseStatus.EXTENDED: started & running & Q(valid_until__lt=day),
            PromiseStatus.ACTIVE: started & running & Q(valid_until__gte=day),
        }
        return promises.filter(conditions[PromiseStatus(status)])


CONTACT_FIELDS = ("role", "email", "phone", "url")


class Promise(Versioned, GuardedModel):
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
    # Whom residents may ask about the promise: a function, never a person's name.
    contact_role = models.CharField(
        _("contact"),
        max_length=200,
        blank=True,
        help_text=_('A function, not a person\'s name: "Trygghetssamordnare".'),
    )
    contact_email = models.EmailField(_("contact e-mail"), max_length=200, blank=True)
    contact_phone = models.CharField(
        _("contact phone"),
        max_length=40,
        blank=True,
        validators=[
            RegexValidator(
                r"^\+?[0-9][0-9 ()-]*$",
                _("Enter a phone number: digits, spaces, brackets and dashes, with + first."),
            )
        ],
        help_text=_('The function\'s number, with spaces: "0929-170 00".'),
    )
    contact_url = models.URLField(
        _("contact page"),
        max_length=500,
        blank=True,
        help_text=_("The municipality's page about the promise or its safety work."),
    )
    review_for = models.ManyToManyField(
        Organisation,
        blank=True,
        related_name="+",
        verbose_name=_("review the activities of"),
        help_text=_(
            "A new activity a reporter of one of these parties logs waits as submitted until a "
            "coordinator of the party approves it; only approved activities count and are "
            "published. Leave empty for no review."
        ),
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    history = History(m2m_fields=[other_parties, review_for])
    objects = PromiseQuerySet.as_manager()
    stale_message = _("Someone else has changed the promise since you opened it.")
    deleted_message = _("Someone else has deleted the promise since you opened it.")

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

    @property
    def contact(self):
        """Whom residents may ask (role, email, phone, url; None where not given), or None."""
        fields = {name: getattr(self, f"contact_{name}") or None for name in CONTACT_FIELDS}
        return fields if any(fields.values()) else None

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
        if (
            self.valid_from
            and self.valid_until
            and in_bounds(self.valid_from)
            and in_bounds(self.valid_until)  # else clean_fields said so
            and self.valid_until > span_end(self.valid_from)
        ):
            errors["valid_until"] = ValidationError(
                _(
                    "A promise is valid for at most %(years)s years: from %(start)s until "
                    "%(last)s at the latest."
                ),
                code="too_long",
                params={
                    "years": MAX_SPAN_YEARS,
                    "start": self.valid_from.isoformat(),
                    "last": span_end(self.valid_from).isoformat(),
                },
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

    def successor_start(self):
        """The first day of its successor (:meth:`successor`), or None: from the annotation
        ``successor_from`` where the query made it (:meth:`PromiseQuerySet.with_successor_start`),
        else from its successors."""
        if hasattr(self, "successor_from"):
            return self.successor_from
        successor = self.successor()
        return successor.valid_from if successor is not None else None

    def effective_end(self):
        """The last day in force, or None while it runs on until a new promise is given."""
        if not self.until_superseded:
            return self.valid_until
        start = self.successor_start()
        if start is None:
            return None
        return start - datetime.timedelta(days=1)

    def in_force_span(self):
        """The days in force as text: "2024-01-01 – 2025-12-31", open-ended "2024-01-01 –"."""
        end = self.effective_end()
        return f"{self.valid_from.isoformat()} – {end.isoformat() if end else ''}".rstrip()

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
            start = self.successor_start()
            if start is not None and start <= day:
                return PromiseStatus.SUPERSEDED
            return PromiseStatus.EXPIRED
        if day > self.valid_until:
            return PromiseStatus.EXTENDED
        return PromiseStatus.ACTIVE

    def length(self):
        """The nominal length, valid_from to valid_until inclusive."""
        return self.valid_until - self.valid_from + datetime.timedelta(days=1)


class FocusArea(GuardedModel):
    promise = models.ForeignKey(
        Promise,
        on_delete=models.CASCADE,
        related_name="focus_areas",
        verbose_name=_("promise"),
        db_index=False,  # first in the unique (promise, title)
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
