"""Factories for the domain, with traits for the kinds of organisation and commitment."""

import datetime
from decimal import Decimal

import factory
from django.contrib.auth import get_user_model
from factory.django import DjangoModelFactory

from commitments.enums import CommitmentKind, OrganisationKind, Role
from commitments.models import (
    Activity,
    Commitment,
    FocusArea,
    Indicator,
    IndicatorValue,
    LocalProblem,
    Membership,
    Organisation,
    Promise,
)


class OrganisationFactory(DjangoModelFactory):
    class Meta:
        model = Organisation
        django_get_or_create = ["name"]

    name = factory.Sequence(lambda n: f"Stödföreningen {n}")
    kind = OrganisationKind.OTHER

    class Params:
        police = factory.Trait(
            kind=OrganisationKind.POLICE_AREA,
            name=factory.Sequence(lambda n: f"Lokalpolisområde {n}"),
        )
        municipality = factory.Trait(
            kind=OrganisationKind.MUNICIPALITY, name=factory.Sequence(lambda n: f"Kommun {n}")
        )


class UserFactory(DjangoModelFactory):
    class Meta:
        model = get_user_model()
        django_get_or_create = ["username"]
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    email = factory.LazyAttribute(lambda u: f"{u.username}@example.org")
    password = factory.django.Password("secret-password")

    class Params:
        admin = factory.Trait(is_staff=True, is_superuser=True)


class MembershipFactory(DjangoModelFactory):
    class Meta:
        model = Membership

    user = factory.SubFactory(UserFactory)
    organisation = factory.SubFactory(OrganisationFactory)
    role = Role.REPORTER


class PromiseFactory(DjangoModelFactory):
    class Meta:
        model = Promise

    municipality = factory.SubFactory(OrganisationFactory, municipality=True)
    police_area = factory.SubFactory(OrganisationFactory, police=True)
    title = factory.Sequence(lambda n: f"Medborgarlöfte {n}")
    slug = factory.Sequence(lambda n: f"lofte-{n}")
    valid_from = datetime.date(2024, 1, 1)
    valid_until = datetime.date(2025, 12, 31)
    published = True
    public = False

    class Params:
        draft = factory.Trait(published=False)
        open_ended = factory.Trait(until_superseded=True)


class FocusAreaFactory(DjangoModelFactory):
    class Meta:
        model = FocusArea

    promise = factory.SubFactory(PromiseFactory)
    title = factory.Sequence(lambda n: f"Inriktning {n}")
    position = factory.Sequence(lambda n: n)


class LocalProblemFactory(DjangoModelFactory):
    class Meta:
        model = LocalProblem

    focus_area = factory.SubFactory(FocusAreaFactory)
    title = factory.Sequence(lambda n: f"Problembild {n}")


class IndicatorFactory(DjangoModelFactory):
    """The safety survey's share feeling unsafe at night: lower is better, baseline 18 %."""

    class Meta:
        model = Indicator

    promise = factory.SubFactory(PromiseFactory)
    key = factory.Sequence(lambda n: f"indikator-{n}")
    name = factory.Sequence(lambda n: f"Andel som känner sig otrygga {n}")
    unit = "percent"
    direction = "lower_is_better"
    source = "Polisens trygghetsmätning"
    baseline_on = datetime.date(2023, 10, 1)
    baseline_value = Decimal("18.0")
    target = Decimal("15.0")


class IndicatorValueFactory(DjangoModelFactory):
    class Meta:
        model = IndicatorValue

    indicator = factory.SubFactory(IndicatorFactory)
    measured_on = factory.Sequence(lambda n: datetime.date(2024, 1, 1) + datetime.timedelta(n))
    value = Decimal("17.2")


class CommitmentFactory(DjangoModelFactory):
    """A quota "two per year" for the police area unless a trait says otherwise."""

    class Meta:
        model = Commitment
        skip_postgeneration_save = True

    focus_area = factory.SubFactory(FocusAreaFactory)
    promise = factory.SelfAttribute("focus_area.promise")
    key = factory.Sequence(lambda n: f"atagande-{n}")
    text = factory.Sequence(lambda n: f"Åtagande nummer {n}.")
    kind = CommitmentKind.QUOTA
    quota_target = 2
    quota_per = "year"
    position = factory.Sequence(lambda n: n)

    class Params:
        milestone = factory.Trait(kind=CommitmentKind.MILESTONE, quota_target=None, quota_per="")
        ongoing = factory.Trait(kind=CommitmentKind.ONGOING, quota_target=None, quota_per="")
        conditional = factory.Trait(
            kind=CommitmentKind.CONDITIONAL, quota_target=None, quota_per=""
        )

    @factory.post_generation
    def responsible(self, create, extracted, **kwargs):
        if create:
            self.responsible.set(extracted if extracted is not None else [self.promise.police_area])


class ActivityFactory(DjangoModelFactory):
    class Meta:
        model = Activity

    commitment = factory.SubFactory(CommitmentFactory)
    occurred_on = datetime.date(2024, 6, 1)
    quantity = 1
    description = "Genomfört enligt plan."
    organisation = factory.LazyAttribute(lambda a: a.commitment.responsible.first())
