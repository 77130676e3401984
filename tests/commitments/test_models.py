import datetime

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from commitments.enums import PromiseStatus
from commitments.models import Activity, Commitment, Membership, Organisation, Promise
from tests.factories import (
    ActivityFactory,
    CommitmentFactory,
    FocusAreaFactory,
    LocalProblemFactory,
    MembershipFactory,
    OrganisationFactory,
    PromiseFactory,
    UserFactory,
)
from tests.personal_data import refusal

D = datetime.date


def messages_of(excinfo):
    return excinfo.value.message_dict


def assert_db_refuses(constraint, create):
    """The database itself refuses the row, naming the constraint."""
    with pytest.raises(IntegrityError) as excinfo, transaction.atomic():
        create()
    message = str(excinfo.value)
    # PostgreSQL names every constraint; SQLite names check constraints only.
    assert constraint in message or message.startswith("UNIQUE constraint failed")


@pytest.mark.django_db
class TestDatabaseConstraints:
    """Each invariant of a single row is kept by the database and explained by full_clean()."""

    def test_quantity_below_one_is_refused(self, focus_area):
        activity = ActivityFactory.build(
            commitment=CommitmentFactory(focus_area=focus_area), quantity=0
        )
        activity.organisation = focus_area.promise.police_area
        with pytest.raises(ValidationError) as excinfo:
            activity.full_clean()
        assert "Mängden måste vara ett heltal från 1 till 10 000." in str(excinfo.value)
        assert_db_refuses("activity_quantity_in_range", activity.save)

    def test_quantity_above_ten_thousand_is_refused(self, focus_area):
        commitment = CommitmentFactory(focus_area=focus_area)
        activity = ActivityFactory.build(
            commitment=commitment, quantity=10_001, organisation=focus_area.promise.police_area
        )
        assert_db_refuses("activity_quantity_in_range", activity.save)

    def test_empty_description_is_refused(self, focus_area):
        commitment = CommitmentFactory(focus_area=focus_area)
        activity = ActivityFactory.build(
            commitment=commitment, description="", organisation=focus_area.promise.police_area
        )
        assert_db_refuses("activity_description_not_empty", activity.save)

    def test_description_over_2000_characters_is_refused(self, focus_area):
        commitment = CommitmentFactory(focus_area=focus_area)
        activity = ActivityFactory.build(
            commitment=commitment,
            description="x" * 2001,
            organisation=focus_area.promise.police_area,
        )
        with pytest.raises(ValidationError) as excinfo:
            activity.full_clean()
        assert "Beskrivningen får vara högst 2 000 tecken." in str(excinfo.value)
        assert_db_refuses("activity_description_max_length", activity.save)

    def test_target_below_one_is_refused(self, focus_area):
        commitment = CommitmentFactory.build(
            focus_area=focus_area, promise=focus_area.promise, quota_target=0
        )
        with pytest.raises(ValidationError) as excinfo:
            commitment.full_clean()
        assert "Målet måste vara minst 1." in str(excinfo.value)
        assert_db_refuses("commitment_quota_target_at_least_one", commitment.save)

    def test_valid_until_before_valid_from_is_refused(self, promise):
        promise.valid_until = D(2023, 12, 31)
        with pytest.raises(ValidationError) as excinfo:
            promise.full_clean()
        assert "Slutdatumet kan inte vara före startdatumet." in str(excinfo.value)
        assert_db_refuses("promise_valid_until_after_valid_from", promise.save)

    def test_quota_needs_target_and_period(self, focus_area):
        commitment = CommitmentFactory.build(
            focus_area=focus_area, promise=focus_area.promise, quota_target=None, quota_per=""
        )
        with pytest.raises(ValidationError) as excinfo:
            commitment.full_clean()
        assert messages_of(excinfo)["quota_target"] == [
            "Ett kvantitativt åtagande behöver ett mål."
        ]
        assert messages_of(excinfo)["quota_per"] == ["Ett kvantitativt åtagande behöver en period."]
        assert_db_refuses("commitment_quota_fields_only_for_quota", commitment.save)

    @pytest.mark.parametrize(
        "fields",
        [
            {"quota_target": 2},
            {"quota_per": "year"},
            {"quota_unit": "kontroller"},
            {"quota_average": True},
            {"quota_kinds": ["skolbesök"]},
        ],
    )
    def test_other_kinds_have_no_quota_fields(self, focus_area, fields):
        commitment = CommitmentFactory.build(
            focus_area=focus_area, promise=focus_area.promise, ongoing=True, **fields
        )
        with pytest.raises(ValidationError) as excinfo:
            commitment.full_clean()
        assert (
            "Ett kvantitativt åtagande behöver ett mål och en period; andra slag har inget av dem."
            in str(excinfo.value)
        )
        assert_db_refuses("commitment_quota_fields_only_for_quota", commitment.save)

    def test_unknown_period_is_refused(self, focus_area):
        commitment = CommitmentFactory.build(
            focus_area=focus_area, promise=focus_area.promise, quota_per="fortnight"
        )
        with pytest.raises(ValidationError) as excinfo:
            commitment.full_clean()
        assert "quota_per" in messages_of(excinfo)
        assert_db_refuses("commitment_quota_per_valid", commitment.save)

    def test_unknown_kind_is_refused(self, focus_area):
        commitment = CommitmentFactory.build(
            focus_area=focus_area, promise=focus_area.promise, kind="wish"
        )
        with pytest.raises(ValidationError) as excinfo:
            commitment.full_clean()
        assert messages_of(excinfo)["kind"] == ["Värdet 'wish' är inget giltigt alternativ."]
        assert_db_refuses("commitment_kind_valid", commitment.save)

    def test_due_date_only_for_milestones(self, focus_area):
        commitment = CommitmentFactory.build(
            focus_area=focus_area, promise=focus_area.promise, due_on=D(2024, 6, 1)
        )
        with pytest.raises(ValidationError) as excinfo:
            commitment.full_clean()
        assert "Bara en milstolpe har ett slutdatum." in str(excinfo.value)
        assert_db_refuses("commitment_due_on_only_for_milestone", commitment.save)

    def test_key_is_unique_per_promise(self, focus_area):
        CommitmentFactory(focus_area=focus_area, key="hundsok")
        duplicate = CommitmentFactory.build(
            focus_area=focus_area, promise=focus_area.promise, key="hundsok"
        )
        with pytest.raises(ValidationError) as excinfo:
            duplicate.full_clean()
        assert "Löftet har redan ett åtagande med den här nyckeln." in str(excinfo.value)
        assert_db_refuses("commitment_key_unique_per_promise", duplicate.save)

    def test_same_key_is_fine_in_another_promise(self, focus_area):
        CommitmentFactory(focus_area=focus_area, key="hundsok")
        CommitmentFactory(key="hundsok").full_clean()

    def test_commitment_cannot_be_its_own_parent(self, focus_area):
        commitment = CommitmentFactory(focus_area=focus_area)
        commitment.parent = commitment
        assert_db_refuses("commitment_not_own_parent", commitment.save)

    def test_promise_cannot_replace_itself(self, promise):
        promise.replaces = promise
        with pytest.raises(ValidationError) as excinfo:
            promise.full_clean()
        assert "cycle" in [e.code for e in excinfo.value.error_dict["replaces"]]
        assert_db_refuses("promise_does_not_replace_itself", promise.save)

    def test_only_one_published_successor(self, promise):
        PromiseFactory(replaces=promise, valid_from=D(2026, 1, 1), valid_until=D(2027, 12, 31))
        second = PromiseFactory.build(
            replaces=promise,
            valid_from=D(2026, 3, 1),
            valid_until=D(2027, 12, 31),
            municipality=promise.municipality,
            police_area=promise.police_area,
        )
        with pytest.raises(ValidationError) as excinfo:
            second.full_clean()
        assert "Det löftet har redan en publicerad efterträdare." in str(excinfo.value)
        assert_db_refuses("promise_one_published_successor", second.save)

    def test_draft_successors_do_not_count_as_published(self, promise):
        PromiseFactory(replaces=promise, valid_from=D(2026, 1, 1), valid_until=D(2027, 12, 31))
        PromiseFactory(
            replaces=promise, draft=True, valid_from=D(2026, 1, 1), valid_until=D(2027, 12, 31)
        )
        assert promise.successors.count() == 2

    def test_unknown_organisation_kind_is_refused(self, db):
        assert_db_refuses(
            "organisation_kind_valid", lambda: Organisation.objects.create(name="X", kind="club")
        )

    def test_membership_once_per_organisation(self, promise):
        user = UserFactory()
        MembershipFactory(user=user, organisation=promise.municipality)
        duplicate = Membership(user=user, organisation=promise.municipality, role="reviewer")
        with pytest.raises(ValidationError) as excinfo:
            duplicate.full_clean()
        assert "Användaren är redan medlem i organisationen." in str(excinfo.value)
        assert_db_refuses("membership_once_per_organisation", duplicate.save)

    def test_unknown_role_is_refused(self, promise):
        assert_db_refuses(
            "membership_role_valid",
            lambda: Membership.objects.create(
                user=UserFactory(), organisation=promise.municipality, role="boss"
            ),
        )

    def test_unknown_local_problem_status_is_refused(self, focus_area):
        problem = LocalProblemFactory.build(focus_area=focus_area, status="solved")
        assert_db_refuses("local_problem_status_valid", problem.save)

    def test_local_problem_title_is_unique_per_focus_area(self, focus_area):
        LocalProblemFactory(focus_area=focus_area, title="Trafik")
        duplicate = LocalProblemFactory.build(focus_area=focus_area, title="Trafik")
        with pytest.raises(ValidationError) as excinfo:
            duplicate.full_clean()
        assert "Inriktningen har redan en problembild med den här rubriken." in str(excinfo.value)
        assert_db_refuses("local_problem_title_unique_per_focus_area", duplicate.save)

    def test_focus_area_title_is_unique_per_promise(self, focus_area):
        duplicate = FocusAreaFactory.build(promise=focus_area.promise, title=focus_area.title)
        with pytest.raises(ValidationError) as excinfo:
            duplicate.full_clean()
        assert "Löftet har redan en inriktning med den här rubriken." in str(excinfo.value)
        assert_db_refuses("focus_area_title_unique_per_promise", duplicate.save)


@pytest.mark.django_db
class TestCommitmentValidation:
    def test_responsible_must_be_a_party_of_the_promise(self, focus_area):
        commitment = CommitmentFactory(focus_area=focus_area)
        outsider = OrganisationFactory(name="Bodens kommun", municipality=True)
        with pytest.raises(ValidationError) as excinfo:
            commitment.validate_responsible([focus_area.promise.police_area, outsider])
        assert messages_of(excinfo)["responsible"] == ["Bodens kommun är inte part i löftet."]

    def test_other_parties_may_be_responsible(self, focus_area):
        rescue = OrganisationFactory(name="Räddningstjänsten")
        focus_area.promise.other_parties.add(rescue)
        commitment = CommitmentFactory(focus_area=focus_area)
        commitment.validate_responsible([rescue])

    def test_at_least_one_responsible_party(self, focus_area):
        commitment = CommitmentFactory(focus_area=focus_area)
        with pytest.raises(ValidationError) as excinfo:
            commitment.validate_responsible([])
        assert messages_of(excinfo)["responsible"] == ["Välj minst en part."]

    def test_sub_commitment_must_be_in_the_same_promise(self, focus_area):
        parent = CommitmentFactory()  # another promise
        child = CommitmentFactory.build(
            focus_area=focus_area, promise=focus_area.promise, parent=parent
        )
        with pytest.raises(ValidationError) as excinfo:
            child.full_clean()
        assert messages_of(excinfo)["parent"] == ["Ett delåtagande måste höra till samma löfte."]

    def test_parent_chain_cannot_form_a_cycle(self, focus_area):
        grandparent = CommitmentFactory(focus_area=focus_area)
        parent = CommitmentFactory(focus_area=focus_area, parent=grandparent)
        child = CommitmentFactory(focus_area=focus_area, parent=parent)
        grandparent.parent = child
        with pytest.raises(ValidationError) as excinfo:
            grandparent.full_clean()
        assert messages_of(excinfo)["parent"] == [
            "Ett åtagande kan inte vara en del av ett av sina egna delåtaganden."
        ]

    def test_focus_area_must_be_in_the_same_promise(self, focus_area):
        commitment = CommitmentFactory.build(
            focus_area=FocusAreaFactory(), promise=focus_area.promise
        )
        with pytest.raises(ValidationError) as excinfo:
            commitment.full_clean()
        assert messages_of(excinfo)["focus_area"] == ["Inriktningen hör till ett annat löfte."]

    def test_local_problem_must_be_in_the_same_focus_area(self, focus_area):
        commitment = CommitmentFactory.build(
            focus_area=focus_area, promise=focus_area.promise, local_problem=LocalProblemFactory()
        )
        with pytest.raises(ValidationError) as excinfo:
            commitment.full_clean()
        assert messages_of(excinfo)["local_problem"] == [
            "Problembilden hör till en annan inriktning."
        ]

    def test_kinds_are_stored_normalised(self, focus_area):
        commitment = CommitmentFactory(
            focus_area=focus_area, quota_kinds=[" Trafikkontroll ", "trafikkontroll", "Skolbesök"]
        )
        commitment.refresh_from_db()
        assert commitment.quota_kinds == ["trafikkontroll", "skolbesök"]
        assert commitment.allows_kind("TRAFIKKONTROLL ")
        assert not commitment.allows_kind("fotpatrull")

    def test_ancestors_nearest_first(self, focus_area):
        grandparent = CommitmentFactory(focus_area=focus_area)
        parent = CommitmentFactory(focus_area=focus_area, parent=grandparent)
        child = CommitmentFactory(focus_area=focus_area, parent=parent)
        assert child.ancestors() == [parent, grandparent]


@pytest.mark.django_db
class TestActivityValidation:
    @pytest.fixture(autouse=True)
    def today(self, time_machine):
        time_machine.move_to(datetime.datetime(2025, 6, 15, 12, 0), tick=False)

    @pytest.fixture
    def commitment(self, focus_area):
        return CommitmentFactory(focus_area=focus_area, quota_kinds=["hundsök"])

    def activity(self, commitment, **fields):
        values = {
            "commitment": commitment,
            "occurred_on": D(2025, 6, 1),
            "organisation": commitment.promise.police_area,
            "description": "Hundsök på skolan.",
        }
        values.update(fields)
        return Activity(**values)

    def errors(self, activity):
        with pytest.raises(ValidationError) as excinfo:
            activity.full_clean()
        return excinfo.value.message_dict

    def test_a_valid_activity_passes(self, commitment):
        self.activity(commitment, kind="Hundsök").full_clean()

    def test_organisation_must_be_responsible(self, commitment):
        errors = self.errors(
            self.activity(commitment, organisation=commitment.promise.municipality)
        )
        assert errors["organisation"] == ["Älvsbyns kommun ansvarar inte för det här åtagandet."]

    def test_date_in_the_future(self, commitment):
        errors = self.errors(self.activity(commitment, occurred_on=D(2025, 6, 16)))
        assert errors["occurred_on"] == ["Datumet kan inte vara i framtiden."]

    def test_today_is_allowed(self, commitment):
        self.activity(commitment, occurred_on=D(2025, 6, 15)).full_clean()

    @pytest.mark.parametrize("day", [D(1, 1, 1), D(9999, 12, 31)])
    def test_a_date_outside_1900_to_2100_is_refused_once(self, commitment, day):
        errors = self.errors(self.activity(commitment, occurred_on=day))
        assert errors["occurred_on"] == ["Datum måste vara ett datum under åren 1900–2100."]

    def test_date_before_the_promise(self, commitment):
        errors = self.errors(self.activity(commitment, occurred_on=D(2023, 12, 31)))
        assert errors["occurred_on"] == [
            "Datumet måste ligga inom de dagar löftet gäller (2024-01-01 – 2025-12-31)."
        ]

    def test_kind_must_be_one_the_quota_names(self, commitment):
        errors = self.errors(self.activity(commitment, kind="skolbesök"))
        assert errors["kind"] == ["Det här åtagandet räknar bara: hundsök."]

    def test_only_milestones_are_completed(self, commitment):
        errors = self.errors(self.activity(commitment, completes=True))
        assert errors["completes"] == ["Bara en milstolpe kan slutföras."]

    @pytest.mark.parametrize(
        ("field", "label"),
        [("description", "Beskrivning"), ("place", "Plats"), ("kind", "Slag av aktivitet")],
    )
    def test_personal_identity_number_is_refused(self, commitment, field, label):
        errors = self.errors(self.activity(commitment, **{field: "Kontakt med 850615 1238."}))
        assert refusal(label) in errors[field]


@pytest.mark.django_db
class TestInForce:
    """The in-force rules at every boundary date."""

    @pytest.fixture
    def fixed(self, promise):
        promise.until_superseded = False
        promise.save()
        return promise

    @pytest.fixture
    def open_ended(self, promise):
        promise.until_superseded = True
        promise.save()
        return promise

    def successor(self, promise, starts, **fields):
        return PromiseFactory(
            replaces=promise,
            valid_from=starts,
            valid_until=D(2027, 12, 31),
            municipality=promise.municipality,
            police_area=promise.police_area,
            **fields,
        )

    def status(self, promise, day):
        return Promise.objects.with_parties().get(pk=promise.pk).status_on(day)

    def test_day_before_start_is_upcoming(self, fixed):
        assert self.status(fixed, D(2023, 12, 31)) == PromiseStatus.UPCOMING
        assert not fixed.is_in_force_on(D(2023, 12, 31))

    def test_start_day_is_active(self, fixed):
        assert self.status(fixed, D(2024, 1, 1)) == PromiseStatus.ACTIVE
        assert fixed.is_in_force_on(D(2024, 1, 1))

    def test_valid_until_is_active(self, fixed):
        assert self.status(fixed, D(2025, 12, 31)) == PromiseStatus.ACTIVE
        assert fixed.effective_end() == D(2025, 12, 31)

    def test_day_after_without_until_superseded_is_expired(self, fixed):
        assert self.status(fixed, D(2026, 1, 1)) == PromiseStatus.EXPIRED
        assert not fixed.is_in_force_on(D(2026, 1, 1))

    def test_day_after_with_until_superseded_and_no_successor_is_extended(self, open_ended):
        assert self.status(open_ended, D(2026, 1, 1)) == PromiseStatus.EXTENDED
        assert open_ended.effective_end() is None
        assert open_ended.is_in_force_on(D(2030, 1, 1))

    def test_successor_start_ends_the_old_promise_the_day_before(self, open_ended):
        successor = self.successor(open_ended, D(2026, 3, 1))
        assert open_ended.successor() == successor
        assert open_ended.effective_end() == D(2026, 2, 28)
        assert self.status(open_ended, D(2026, 2, 28)) == PromiseStatus.EXTENDED
        assert self.status(open_ended, D(2026, 3, 1)) == PromiseStatus.SUPERSEDED
        assert self.status(successor, D(2026, 3, 1)) == PromiseStatus.ACTIVE
        assert self.status(successor, D(2026, 2, 28)) == PromiseStatus.UPCOMING

    def test_successor_starting_early_cuts_an_open_ended_promise_short(self, open_ended):
        self.successor(open_ended, D(2025, 7, 1))
        assert open_ended.effective_end() == D(2025, 6, 30)
        assert self.status(open_ended, D(2025, 6, 30)) == PromiseStatus.ACTIVE
        assert self.status(open_ended, D(2025, 7, 1)) == PromiseStatus.SUPERSEDED

    def test_successor_of_a_fixed_promise_supersedes_it_from_its_start(self, fixed):
        self.successor(fixed, D(2026, 2, 1))
        assert fixed.effective_end() == D(2025, 12, 31)
        assert self.status(fixed, D(2026, 1, 15)) == PromiseStatus.EXPIRED
        assert self.status(fixed, D(2026, 2, 1)) == PromiseStatus.SUPERSEDED

    def test_a_draft_successor_is_not_a_new_promise(self, open_ended):
        self.successor(open_ended, D(2026, 3, 1), published=False)
        assert open_ended.successor() is None
        assert self.status(open_ended, D(2026, 6, 1)) == PromiseStatus.EXTENDED

    def test_unpublished_promise_is_a_draft(self, promise):
        promise.published = False
        assert promise.status_on(D(2024, 6, 1)) == PromiseStatus.DRAFT

    def test_successor_must_start_after_its_predecessor(self, promise):
        successor = PromiseFactory.build(
            replaces=promise,
            valid_from=D(2024, 1, 1),
            valid_until=D(2025, 12, 31),
            municipality=promise.municipality,
            police_area=promise.police_area,
        )
        with pytest.raises(ValidationError) as excinfo:
            successor.full_clean()
        assert excinfo.value.message_dict["replaces"] == [
            "En efterträdare måste börja efter det löfte den ersätter."
        ]

    def test_replaces_chain_cannot_form_a_cycle(self, promise):
        successor = self.successor(promise, D(2026, 1, 1))
        promise.replaces = successor
        with pytest.raises(ValidationError) as excinfo:
            promise.full_clean()
        assert excinfo.value.message_dict["replaces"] == [
            "Kedjan av ersatta löften skulle bilda en cirkel."
        ]

    def test_police_area_must_be_a_police_area(self, promise):
        promise.police_area = promise.municipality
        with pytest.raises(ValidationError) as excinfo:
            promise.full_clean()
        assert (
            "Välj en organisation av slaget lokalpolisområde."
            in (excinfo.value.message_dict["police_area"])
        )

    def test_municipality_must_be_a_municipality(self, promise):
        promise.municipality = promise.police_area
        with pytest.raises(ValidationError) as excinfo:
            promise.full_clean()
        assert (
            "Välj en organisation av slaget kommun." in excinfo.value.message_dict["municipality"]
        )

    @pytest.mark.parametrize(
        "valid_from, valid_until",
        [(D(2024, 1, 1), D(2033, 12, 31)), (D(2024, 2, 29), D(2034, 2, 28))],
    )
    def test_a_promise_is_valid_for_ten_years_at_most(self, promise, valid_from, valid_until):
        promise.valid_from, promise.valid_until = valid_from, valid_until
        promise.full_clean()
        promise.valid_until += datetime.timedelta(days=1)
        with pytest.raises(ValidationError) as excinfo:
            promise.full_clean()
        assert excinfo.value.message_dict["valid_until"] == [
            f"Ett löfte gäller i högst 10 år: från {valid_from} till senast {valid_until}."
        ]

    def test_a_promise_from_year_1_to_9999_is_refused_by_each_date(self, promise):
        promise.valid_from, promise.valid_until = D(1, 1, 1), D(9999, 12, 31)
        with pytest.raises(ValidationError) as excinfo:
            promise.full_clean()
        assert excinfo.value.message_dict == {
            "valid_from": ["Gäller från måste vara ett datum under åren 1900–2100."],
            "valid_until": ["Gäller till måste vara ett datum under åren 1900–2100."],
        }


@pytest.mark.django_db
def test_protected_records_cannot_be_deleted_under_activities(focus_area):
    activity = ActivityFactory(commitment=CommitmentFactory(focus_area=focus_area))
    with pytest.raises(Exception, match="protected"):
        activity.commitment.delete()
    assert Commitment.objects.filter(pk=activity.commitment_id).exists()
