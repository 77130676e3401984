"""Promise files and local problems (issue 15): ``triggered_by`` on commitments, a problem's steps
(their days, the meeting's parties and note, the outcome) read, checked by line and field,
written back exactly, and the convenings' activities made and kept in line by the import."""

import datetime
import textwrap
from io import StringIO

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.urls import reverse

from commitments.models import Activity, Commitment, LocalProblem, Promise
from commitments.promise_files import export_promise, import_promise
from followup.loading import followup_for
from tests.commitments.test_promise_files import ALVSBYN, errors_of, snapshot
from tests.factories import ActivityFactory, UserFactory

D = datetime.date
pytestmark = pytest.mark.django_db

# Every new key: a triggered commitment, a problem at each step with every field it can have.
FILE = textwrap.dedent(
    """\
    format: 1
    slug: steg-2024
    title: Medborgarlöfte Steg
    municipality: Stegby kommun
    police_area: Lokalpolisområde Steg
    other_parties: [Bostadsbolaget]
    valid_from: 2024-01-01
    valid_until: 2025-12-31
    published: true
    focus_areas:
      - title: Lokala problembilder
        commitments:
          - key: bra
            responsible: [police, municipality]
            kind: conditional
            triggered_by: local_problems
            text: BRÅ sammankallas vid uppkomna lokala problembilder.
        local_problems:
          - title: Inbrott
            description: Inbrott i villaområden.
            place: Norrby
            status: closed
            raised_on: 2024-03-01
            convened_on: 2024-03-20
            participants: [police, municipality, Bostadsbolaget]
            meeting_note: Polisen redovisade läget.
            plan_adopted_on: 2024-04-15
            action_plan: Kvällspatruller och grannsamverkan.
            closed_on: 2025-02-01
            outcome: Färre inbrott.
            commitments:
              - key: inbrott-patruller
                responsible: [police]
                text: Kvällspatruller.
                quota: {target: 4, per: validity}
          - title: Bedrägerier
            description: Telefonbedrägerier mot äldre.
            status: convened
            raised_on: 2025-01-10
            convened_on: 2025-02-04
            participants: [municipality]
            action_plan: ''
          - title: Stölder
            description: ''
            status: raised
            raised_on: 2025-03-01
            action_plan: ''
    """
)


@pytest.fixture
def today(time_machine):
    time_machine.move_to(datetime.datetime(2025, 6, 1, 12), tick=False)
    return D(2025, 6, 1)


def edit(old, new, text=FILE):
    assert old in text, old
    return text.replace(old, new)


def convenings(promise):
    return list(
        Activity.objects.filter(promise=promise)
        .order_by("occurred_on")
        .values_list("commitment__key", "occurred_on", "local_problem__title")
    )


class TestRoundTrip:
    def test_every_new_key_is_read(self, today):
        promise = import_promise(FILE)
        burglary = LocalProblem.objects.get(title="Inbrott")
        assert (
            burglary.place, burglary.status, burglary.raised_on, burglary.convened_on,
            burglary.meeting_note, burglary.plan_adopted_on, burglary.closed_on, burglary.outcome,
        ) == (
            "Norrby", "closed", D(2024, 3, 1), D(2024, 3, 20), "Polisen redovisade läget.",
            D(2024, 4, 15), D(2025, 2, 1), "Färre inbrott.",
        )  # fmt: skip
        assert sorted(o.name for o in burglary.participants.all()) == [
            "Bostadsbolaget", "Lokalpolisområde Steg", "Stegby kommun",
        ]  # fmt: skip
        assert promise.commitments.get(key="bra").triggered_by == "local_problems"
        assert promise.commitments.get(key="inbrott-patruller").triggered_by == ""

    def test_export_then_import_then_export_gives_the_same_text(self, today):
        text = export_promise(import_promise(FILE))
        Activity.objects.all().delete()
        Promise.objects.all().delete()
        again = import_promise(text)
        assert export_promise(again) == text
        assert "triggered_by: local_problems" in text
        for line in [
            "place: Norrby", "convened_on: 2024-03-20",
            "participants: [police, municipality, Bostadsbolaget]",
            "meeting_note: Polisen redovisade läget.", "plan_adopted_on: 2024-04-15",
            "closed_on: 2025-02-01", "outcome: Färre inbrott.",
        ]:  # fmt: skip
            assert line in text

    def test_export_then_import_gives_the_same_promise(self, today):
        promise = import_promise(FILE)
        before, text = snapshot(promise), export_promise(promise)
        Activity.objects.all().delete()
        Promise.objects.all().delete()
        assert snapshot(import_promise(text)) == before

    def test_a_steps_day_is_written_once_reached_and_not_before(self, today):
        text = export_promise(import_promise(FILE))
        thefts = text[text.index("title: Stölder") :]
        assert "raised_on: 2025-03-01" in thefts
        assert "convened_on" not in thefts and "closed_on" not in thefts
        fraud = text[text.index("title: Bedrägerier") : text.index("title: Stölder")]
        assert "convened_on: 2025-02-04" in fraud and "plan_adopted_on" not in fraud

    def test_replace_with_its_own_export_changes_nothing(self, today):
        promise = import_promise(FILE)
        before = (snapshot(promise), convenings(promise), Activity.history.count())
        import_promise(export_promise(promise), replace=True)
        assert (snapshot(promise), convenings(promise), Activity.history.count()) == before


class TestOlderFiles:
    def test_a_problem_without_step_days_stays_valid(self, today):
        old = textwrap.dedent(
            """\
            format: 1
            slug: aldre
            title: Äldre löfte
            municipality: Äldreby kommun
            police_area: Lokalpolisområde Äldre
            valid_from: 2024-01-01
            valid_until: 2025-12-31
            focus_areas:
              - title: Lokala problembilder
                commitments:
                  - key: bra
                    responsible: [municipality]
                    kind: conditional
                    text: BRÅ sammankallas.
                local_problems:
                  - title: Trafik
                    status: plan_adopted
                    raised_on: null
                    action_plan: Kontroller.
            """
        )
        promise = import_promise(old)
        problem = LocalProblem.objects.get()
        assert (problem.status, problem.raised_on, problem.convened_on) == (
            "plan_adopted", None, None,
        )  # fmt: skip
        assert not Activity.objects.exists()
        assert promise.commitments.get().triggered_by == ""
        text = export_promise(promise)
        assert "convened_on: null" in text and "plan_adopted_on: null" in text
        assert export_promise(import_promise(text, replace=True)) == text


class TestErrors:
    """Each refusal names its line and field; nothing is saved."""

    def test_an_unknown_trigger(self, today):
        text = edit("triggered_by: local_problems", "triggered_by: activities")
        assert errors_of(text) == [
            (16, "focus_areas[0].commitments[0].triggered_by",
             "okänt värde activities (tillåtna: local_problems)"),
        ]  # fmt: skip

    def test_only_a_conditional_commitment_can_be_triggered(self, today):
        text = edit(
            "            text: Kvällspatruller.\n",
            "            triggered_by: local_problems\n            text: Kvällspatruller.\n",
        )
        assert errors_of(text) == [
            (34, "focus_areas[0].local_problems[0].commitments[0].triggered_by",
             "bara ett villkorat åtagande (kind: conditional) kan utlösas (det här är quota)"),
        ]  # fmt: skip

    def test_a_day_for_a_step_the_status_has_not_reached(self, today):
        text = edit("status: convened", "status: convened\n        closed_on: 2025-03-01")
        assert errors_of(text) == [
            (39, "focus_areas[0].local_problems[1].closed_on",
             "status är convened (BRÅ sammankallat), så det här steget är inte taget: ange dess "
             "dag först med status closed eller senare"),
        ]  # fmt: skip

    def test_a_raised_problem_with_the_day_of_a_meeting(self, today):
        text = edit(
            "raised_on: 2025-03-01", "raised_on: 2025-03-01\n        convened_on: 2025-04-01"
        )
        ((line, field, message),) = errors_of(text)
        assert (line, field) == (47, "focus_areas[0].local_problems[2].convened_on")
        assert message.startswith("status är raised (Uppmärksammad)")

    @pytest.mark.parametrize(
        ("old", "new", "line", "field", "earlier"),
        [
            ("convened_on: 2024-03-20", "convened_on: 2024-02-20", 24, "convened_on",
             "raised_on (2024-03-01)"),
            ("plan_adopted_on: 2024-04-15", "plan_adopted_on: 2024-03-19", 27, "plan_adopted_on",
             "convened_on (2024-03-20)"),
            ("closed_on: 2025-02-01", "closed_on: 2024-04-14", 29, "closed_on",
             "plan_adopted_on (2024-04-15)"),
        ],
    )  # fmt: skip
    def test_the_steps_days_come_in_order(self, today, old, new, line, field, earlier):
        day = new.split(": ")[1]
        assert errors_of(edit(old, new)) == [
            (line, f"focus_areas[0].local_problems[0].{field}",
             f"{day} är före {earlier}; stegen kommer i ordning"),
        ]  # fmt: skip

    def test_an_unknown_step_day_is_skipped_over_in_the_order(self, today):
        # convened_on unknown: plan_adopted_on is compared with raised_on.
        text = edit("convened_on: 2024-03-20", "convened_on: null")
        text = edit("plan_adopted_on: 2024-04-15", "plan_adopted_on: 2024-02-15", text)
        assert errors_of(text) == [
            (27, "focus_areas[0].local_problems[0].plan_adopted_on",
             "2024-02-15 är före raised_on (2024-03-01); stegen kommer i ordning"),
        ]  # fmt: skip

    def test_a_participant_not_a_party(self, today):
        text = edit("participants: [municipality]", "participants: [municipality, Skolan]")
        assert errors_of(text) == [
            (41, "focus_areas[0].local_problems[1].participants",
             "Skolan är inte part i löftet (skriv police, municipality eller ett namn ur "
             "other_parties)"),
        ]  # fmt: skip

    def test_every_error_at_once(self, today):
        text = edit("triggered_by: local_problems", "triggered_by: x")
        text = edit("status: convened", "status: raised", text)
        assert [(line, field) for line, field, _ in errors_of(text)] == [
            (16, "focus_areas[0].commitments[0].triggered_by"),
            (40, "focus_areas[0].local_problems[1].convened_on"),
        ]


class TestConveningActivities:
    """The import gives the triggered commitment its activity per convening, and --replace
    keeps them in line with the file."""

    def test_each_convening_gives_the_triggered_commitment_an_activity(self, today):
        user = UserFactory(username="importor")
        promise = import_promise(FILE, user=user)
        assert convenings(promise) == [
            ("bra", D(2024, 3, 20), "Inbrott"),
            ("bra", D(2025, 2, 4), "Bedrägerier"),
        ]
        activity = Activity.objects.get(local_problem__title="Inbrott")
        assert activity.organisation == promise.municipality
        assert activity.reported_by == user
        assert promise.skipped_convenings == []
        # ... so that the conditional commitment counts: triggered, active.
        result = next(r for r in followup_for(promise, today).commitments if r.key == "bra")
        assert (result.status, result.last_activity) == ("active", D(2025, 2, 4))

    def test_without_triggered_by_nothing_is_given(self, today):
        promise = import_promise(edit("        triggered_by: local_problems\n", ""))
        assert convenings(promise) == []

    def test_a_moved_convening_moves_its_activity(self, today):
        promise = import_promise(FILE)
        kept = Activity.objects.get(local_problem__title="Bedrägerier").pk
        import_promise(edit("convened_on: 2025-02-04", "convened_on: 2025-02-11"), replace=True)
        assert Activity.objects.get(local_problem__title="Bedrägerier").pk == kept
        assert convenings(promise)[-1] == ("bra", D(2025, 2, 11), "Bedrägerier")

    def test_a_convening_left_out_takes_its_activity_with_it(self, today):
        promise = import_promise(FILE)
        taken_back = edit(
            "status: convened\n        raised_on: 2025-01-10\n        convened_on: 2025-02-04\n"
            "        participants: [municipality]\n",
            "status: raised\n        raised_on: 2025-01-10\n",
        )
        import_promise(taken_back, replace=True)
        assert convenings(promise) == [("bra", D(2024, 3, 20), "Inbrott")]
        assert list(LocalProblem.objects.get(title="Bedrägerier").participants.all()) == []

    def test_a_new_convening_gives_a_new_activity(self, today):
        promise = import_promise(FILE)
        convened = edit(
            "status: raised\n        raised_on: 2025-03-01\n",
            "status: convened\n        raised_on: 2025-03-01\n        convened_on: 2025-05-05\n",
        )
        import_promise(convened, replace=True)
        assert convenings(promise)[-1] == ("bra", D(2025, 5, 5), "Stölder")

    def test_a_trigger_taken_off_takes_the_activities_with_it(self, today):
        promise = import_promise(FILE)
        import_promise(edit("        triggered_by: local_problems\n", ""), replace=True)
        assert convenings(promise) == []

    def test_a_problem_left_out_takes_its_activity_with_it(self, today):
        promise = import_promise(FILE)
        start = FILE.index("      - title: Bedrägerier")
        end = FILE.index("      - title: Stölder")
        import_promise(FILE[:start] + FILE[end:], replace=True)
        assert [row[2] for row in convenings(promise)] == ["Inbrott"]

    def test_the_triggered_commitment_can_be_left_out_with_its_convenings_activities(self, today):
        promise = import_promise(FILE)
        start = FILE.index("      - key: bra")
        end = FILE.index("    local_problems:")
        import_promise(FILE[:start] + FILE[end:], replace=True)
        assert not promise.commitments.filter(key="bra").exists()
        assert convenings(promise) == []

    def test_but_not_with_an_activity_someone_logged(self, today):
        promise = import_promise(FILE)
        ActivityFactory(commitment=promise.commitments.get(key="bra"), occurred_on=D(2025, 5, 2))
        start = FILE.index("      - key: bra")
        end = FILE.index("    local_problems:")
        errors = errors_of(FILE[:start] + FILE[end:], replace=True)
        assert errors == [
            (None, "commitments",
             "bra har registrerade aktiviteter och kan inte tas bort; behåll det i filen"),
        ]  # fmt: skip

    def test_dates_moved_past_a_convening_do_not_hold_the_file_back(self, today):
        promise = import_promise(FILE)
        ActivityFactory(commitment=promise.commitments.get(key="bra"), occurred_on=D(2025, 5, 2))
        # The Inbrott meeting (2024-03-20) falls outside the new days in force.
        text = edit("valid_from: 2024-01-01", "valid_from: 2024-04-01")
        promise = import_promise(text, replace=True)  # no ActivitiesOutsideRules
        assert Promise.objects.get(pk=promise.pk).valid_from == D(2024, 4, 1)
        # ... which the checks of every activity now refuse: it goes, and the import says so.
        assert convenings(promise) == [
            ("bra", D(2025, 2, 4), "Bedrägerier"),
            ("bra", D(2025, 5, 2), None),
        ]
        (message,) = promise.skipped_convenings
        assert "2024-03-20" in message

    def test_a_party_no_longer_responsible_gives_way_to_one_that_is(self, today):
        promise = import_promise(FILE)
        text = edit("responsible: [police, municipality]\n        kind: conditional",
                    "responsible: [police]\n        kind: conditional")  # fmt: skip
        import_promise(text, replace=True)
        assert set(
            Activity.objects.filter(promise=promise).values_list("organisation__name", flat=True)
        ) == {"Lokalpolisområde Steg"}
        assert len(convenings(promise)) == 2

    def test_a_convening_the_checks_refuse_is_left_out_and_said(self, today):
        text = edit("convened_on: 2025-02-04", "convened_on: 2025-07-01")  # after today
        promise = import_promise(text)
        assert [row[2] for row in convenings(promise)] == ["Inbrott"]
        (message,) = promise.skipped_convenings
        assert "2025-07-01" in message

    def test_the_command_says_what_it_left_out(self, today, tmp_path):
        path = tmp_path / "steg.yaml"
        path.write_text(edit("convened_on: 2025-02-04", "convened_on: 2025-07-01"))
        out = StringIO()
        call_command("import_promise", str(path), stdout=out)
        assert "Inte registrerad: BRÅ sammankallas vid uppkomna lokala problembilder." in (
            out.getvalue()
        )


class TestAdminImport:
    def test_the_importer_reports_the_convenings_and_hears_what_was_left_out(
        self, today, admin_client, admin_user
    ):
        text = edit("convened_on: 2025-02-04", "convened_on: 2025-07-01")  # after today
        response = admin_client.post(
            reverse("admin:commitments_promise_import"),
            {"file": SimpleUploadedFile("steg.yaml", text.encode())},
            follow=True,
        )
        (activity,) = Activity.objects.all()
        assert activity.reported_by == admin_user
        messages = [str(m) for m in response.context["messages"]]
        assert any(m.startswith("Inte registrerad: BRÅ sammankallas") for m in messages)


class TestAlvsbynFile:
    def test_the_traffic_problem_has_its_plan_adopted_with_assumed_days(self, db):
        import_promise(ALVSBYN.read_bytes())
        traffic = LocalProblem.objects.get(title="Trafik")
        steps = (traffic.raised_on, traffic.convened_on, traffic.plan_adopted_on)
        assert traffic.status == "plan_adopted"
        assert steps == (D(2024, 8, 6), D(2024, 8, 27), D(2024, 9, 10))
        assert {o.name for o in traffic.participants.all()} == {
            "Lokalpolisområde Piteå älvdal", "Älvsbyns kommun",
        }  # fmt: skip
        assert "antagna" in ALVSBYN.read_text()  # the file says the days are assumed

    def test_brå_is_convened_at_local_problems_by_the_rule(self, db):
        promise = import_promise(ALVSBYN.read_bytes())
        triggered = Commitment.objects.get(triggered_by="local_problems")
        assert triggered.key == "lokala-bra-sammankallas"
        assert "sammankallas vid uppkomna lokala problembilder" in " ".join(triggered.text.split())
        assert convenings(promise) == [("lokala-bra-sammankallas", D(2024, 8, 27), "Trafik")]
