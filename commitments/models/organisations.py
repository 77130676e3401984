"""Organisations and their staff."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from ..enums import County, OrganisationKind, Role
from .constraints import one_of
from .guard import GuardedModel


class Organisation(GuardedModel):
    name = models.CharField(_("name"), max_length=200, unique=True)
    kind = models.CharField(
        _("kind"), max_length=20, choices=OrganisationKind, default=OrganisationKind.OTHER
    )
    county = models.CharField(
        _("county"),
        max_length=2,
        choices=County,
        blank=True,
        help_text=_("A municipality's county (län): the public list groups promises by it."),
    )

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("organisation")
        verbose_name_plural = _("organisations")
        ordering = ["name"]
        constraints = [
            one_of("kind", OrganisationKind, "organisation_kind_valid"),
            one_of("county", County, "organisation_county_valid", blank=True),
        ]

    def __str__(self):
        return self.name

    @property
    def party_order(self):
        """Sort key of parties: the police area, the municipality, then the others by name."""
        return {OrganisationKind.POLICE_AREA: 0, OrganisationKind.MUNICIPALITY: 1}.get(
            self.kind, 2
        ), self.name


class Membership(GuardedModel):
    """A user's place in an organisation, and what the role allows."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="memberships",
        verbose_name=_("user"),
        db_index=False,  # first in the unique (user, organisation)
    )
    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.CASCADE,
        related_name="memberships",
        verbose_name=_("organisation"),
    )
    role = models.CharField(_("role"), max_length=20, choices=Role, default=Role.REPORTER)

    # Who may log and read is evidence too: every membership given, changed or taken away.
    history = HistoricalRecords()

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
