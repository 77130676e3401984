"""Safe re-imports: `import_promise --replace` whose new rules would leave logged activities
outside them (dates moved, a party no longer responsible, kinds no longer counted) lists them
and is refused unless forced; forced, the promise's history says so."""

import datetime
from io import StringIO

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.urls import reverse

from commitments.enums import DisplacedActivities
from commitments.models import Activity, Commitment, Promise
from commitments.promise_files import (
    ActivitiesOutsideRules,
    SuccessionUndecided,
    import_promise,
)
from tests.commitments.test_promise_files import VALID, edit
from tests.factories import ActivityFactory

D = datetime.date
KINDS = "quota: {target: 2, per: year, unit: hundsök}"
OUTSIDE = (
    "valid_from, valid_until: 1 registrerad aktivitet skulle hamna utanför de dagar löftet gäller "
    "(2024-06-01 – 2025-12-31), där ingen regel räknar den: hundsok (1)"
)


@pytest.fixture(autouse=True)
def today(time_machine):
    time_machine.move_to(datetime.datetime(2025, 6, 15, 12, 0), tick=False)


@pytest.fixture
def promise(db):
    """The test promise (in force 2024-01-01 to 2025-12-31) with a police dog search logged on
    2024-03-01 and the municipality's survey on 2024-11-20."""
    promise = import_promise(VALID)
    ActivityFactory(
        commitment=promise.commitments.get(key="hundsok"), occurred_on=D(2024, 3, 1),
        organisation=promise.police_area, kind="hundsök",
    )  # fmt: skip
    ActivityFactory(
        commitment=promise.commitments.get(key="enkat"), occurred_on=D(2024, 11, 20),
        organisation=promise.municipality,
    )  # fmt: skip
    return promise


def refused(text, **options):
    """The reasons a replace is refused, after checking that it changed nothing."""
    before = (
        Promise.objects.values().get(slug="test-2024"),
        list(Commitment.objects.values().order_by("pk")),
    )
    with pytest.raises(ActivitiesOutsideRules) as excinfo:
        import_promise(text, replace=True, **options)
    after = (
        Promise.objects.values().get(slug="test-2024"),
        list(Commitment.objects.values().order_by("pk")),
    )
    assert after == before
    return [str(error) for error in excinfo.value.errors]


class TestRefused:
    def test_dates_moved_past_an_activity(self, promise):
        assert refused(edit("valid_from: 2024-01-01", "valid_from: 2024-06-01")) == [OUTSIDE]

    def test_end_moved_before_an_activity(self, promise):
        (reason,) = refused(edit("valid_until: 2025-12-31", "valid_until: 2024-10-31"))
        assert reason.startswith("valid_from, valid_until: 1 registrerad aktivitet skulle hamna")
        assert reason.endswith("(2024-01-01 – 2024-10-31), där ingen regel räknar den: enkat (1)")

    def test_a_party_no_longer_responsible(self, promise):
        text = edit("responsible: [police]", "responsible: [municipality]")
        assert refused(text) == [
            "responsible: 1 registrerad aktivitet genomfördes av en organisation som inte "
            "längre skulle vara ansvarig för åtagandet: hundsok (1)"
        ]

    def test_a_kind_no_longer_counted(self, promise):
        text = edit(KINDS, "quota: {target: 2, per: year, kinds: [skolbesök]}")
        assert refused(text) == [
            "quota.kinds: 1 registrerad aktivitet är av en typ som ett åtagande inte längre "
            "skulle räkna: hundsok (1)"
        ]

    def test_a_kind_no_longer_counted_by_the_commitment_above(self, promise):
        child = (
            "\n        commitments:\n          - key: hundsok-centrum\n"
            "            text: Varav en i centrum.\n            quota: {target: 1, per: year}\n"
        )
        with_child = edit(f"{KINDS}\n", f"{KINDS}{child}")
        import_promise(with_child, replace=True)
        ActivityFactory(
            commitment=Commitment.objects.get(key="hundsok-centrum"), occurred_on=D(2025, 2, 1),
            organisation=promise.police_area, kind="skolbesök",
        )  # fmt: skip
        text = with_child.replace(KINDS, "quota: {target: 2, per: year, kinds: [hundsök]}")
        assert refused(text) == [
            "quota.kinds: 1 registrerad aktivitet är av en typ som ett åtagande inte längre "
            "skulle räkna: hundsok (1)"
        ]

    def test_every_reason_at_once_and_an_activity_counted_once(self, promise):
        text = edit("valid_from: 2024-01-01", "valid_from: 2024-06-01").replace(
            "responsible: [municipality]", "responsible: [police]"
        )
        assert refused(text) == [
            "responsible: 1 registrerad aktivitet genomfördes av en organisation som inte "
            "längre skulle vara ansvarig för åtagandet: enkat (1)",
            OUTSIDE,
        ]


class TestAccepted:
    def test_a_change_that_keeps_every_activity_inside(self, promise):
        text = edit("valid_from: 2024-01-01", "valid_from: 2024-02-01").replace(
            KINDS, "quota: {target: 3, per: year, kinds: [Hundsök, skolbesök]}"
        )
        updated = import_promise(text, replace=True)
        assert updated.valid_from == D(2024, 2, 1)
        assert updated.stranded is None
        assert updated.history.first().history_change_reason is None

    def test_an_activity_outside_already_is_not_counted_again(self, promise):
        ActivityFactory(
            commitment=promise.commitments.get(key="hundsok"), occurred_on=D(2023, 12, 1),
            organisation=promise.police_area,
        )  # fmt: skip
        text = edit("valid_from: 2024-01-01", "valid_from: 2024-06-01")
        assert refused(text) == [OUTSIDE]

    def test_forced_it_goes_through_and_the_history_says_so(self, promise):
        text = edit("valid_from: 2024-01-01", "valid_from: 2024-06-01")
        updated = import_promise(text, replace=True, force=True)
        assert Promise.objects.get(pk=promise.pk).valid_from == D(2024, 6, 1)
        assert len(updated.stranded) == 1
        assert updated.history.first().history_change_reason == (
            "Importerades ändå: 1 registrerad aktivitet utanför de nya reglerna"
        )
        assert Activity.objects.count() == 2  # the activities stay, where they no longer count
        assert Activity.objects.outside_days_in_force(updated).count() == 1


class TestSuccessionStaysApart:
    """Publishing a successor that ends the old promise sooner is settled by moving or keeping
    the old promise's activities, never by --force."""

    def test_force_does_not_settle_a_successor_and_move_does_not_force(self, promise):
        promise.until_superseded = True
        promise.save()
        ActivityFactory(
            commitment=promise.commitments.get(key="hundsok"), occurred_on=D(2025, 3, 1),
            organisation=promise.police_area,
        )  # fmt: skip
        successor = (
            edit("slug: test-2024", "slug: test-2025")
            .replace("valid_from: 2024-01-01", "valid_from: 2025-02-01")
            .replace("valid_until: 2025-12-31", "valid_until: 2026-12-31\nreplaces: test-2024")
        )
        with pytest.raises(SuccessionUndecided):
            import_promise(successor, force=True)
        new = import_promise(successor, activities=DisplacedActivities.MOVE)
        assert new.stranded is None and len(new.settled.moved) == 1
        # Moving its start later would leave the moved activity outside it: that is this check.
        later = successor.replace("valid_from: 2025-02-01", "valid_from: 2025-04-01")
        with pytest.raises(ActivitiesOutsideRules):
            import_promise(later, replace=True, activities=DisplacedActivities.KEEP)


class TestCommand:
    def test_refused_with_the_reasons_and_what_to_do(self, promise, tmp_path):
        path = tmp_path / "test.yaml"
        path.write_text(edit("valid_from: 2024-01-01", "valid_from: 2024-06-01"), "utf-8")
        err = StringIO()
        with pytest.raises(CommandError) as excinfo:
            call_command("import_promise", str(path), "--replace", stderr=err)
        assert str(excinfo.value) == (
            "De nya reglerna skulle lämna 1 registrerad aktivitet utanför sig; inget "
            "importerades. Importera igen med --force för att importera ändå (löftets historik "
            "visar det)."
        )
        assert err.getvalue() == OUTSIDE + "\n"
        assert Promise.objects.get(pk=promise.pk).valid_from == D(2024, 1, 1)

    def test_force(self, promise, tmp_path):
        path = tmp_path / "test.yaml"
        path.write_text(edit("valid_from: 2024-01-01", "valid_from: 2024-06-01"), "utf-8")
        out = StringIO()
        call_command("import_promise", str(path), "--replace", "--force", stdout=out)
        assert out.getvalue().splitlines()[1] == (
            "Importerades ändå: 1 registrerad aktivitet skulle hamna utanför de dagar löftet "
            "gäller (2024-06-01 – 2025-12-31), där ingen regel räknar den: hundsok (1)"
        )
        assert Promise.objects.get(pk=promise.pk).valid_from == D(2024, 6, 1)


class TestAdmin:
    def post(self, client, text, **data):
        return client.post(
            reverse("admin:commitments_promise_import"),
            {"file": SimpleUploadedFile("test.yaml", text.encode()), "replace": "on", **data},
        )

    def test_refused_with_the_reasons_and_the_checkbox(self, client, admin_user, promise):
        client.force_login(admin_user)
        response = self.post(client, edit("valid_from: 2024-01-01", "valid_from: 2024-06-01"))
        assert response.status_code == 200
        assert OUTSIDE in response.text
        assert "kryssa i ”Importera ändå” och importera filen igen" in response.text
        assert Promise.objects.get(pk=promise.pk).valid_from == D(2024, 1, 1)

    def test_import_anyway(self, client, admin_user, promise):
        client.force_login(admin_user)
        text = edit("valid_from: 2024-01-01", "valid_from: 2024-06-01")
        response = self.post(client, text, force="on")
        assert response.status_code == 302
        page = client.get(response.url)
        assert "Importerades ändå: 1 registrerad aktivitet skulle hamna utanför" in page.text
        record = Promise.objects.get(pk=promise.pk).history.first()
        assert (record.valid_from, record.history_user) == (D(2024, 6, 1), admin_user)
        assert record.history_change_reason.startswith("Importerades ändå")
