import datetime
import textwrap
from io import StringIO
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import CommandError, call_command
from django.db import models

from commitments.enums import LocalProblemStatus
from commitments.files import FileImportError
from commitments.models import (
    Activity,
    Commitment,
    FocusArea,
    LocalProblem,
    Organisation,
    Promise,
)
from commitments.promise_files import export_promise, import_promise
from tests.factories import (
    ActivityFactory,
    CommitmentFactory,
    FocusAreaFactory,
    LocalProblemFactory,
    OrganisationFactory,
    PromiseFactory,
)
from tests.personal_data import NUMBER, refusal

D = datetime.date
ALVSBYN = Path(settings.BASE_DIR) / "data" / "promises" / "alvsbyn-2024.yaml"

VALID = textwrap.dedent(
    """\
    format: 1
    slug: test-2024
    title: Medborgarlöfte Test
    municipality: Testby kommun
    police_area: Lokalpolisområde Test
    other_parties: [Räddningstjänsten]
    valid_from: 2024-01-01
    valid_until: 2025-12-31
    published: true
    focus_areas:
      - title: Narkotika
        commitments:
          - key: hundsok
            responsible: [police]
            text: Hundsök i skolan två gånger per år.
            quota: {target: 2, per: year, unit: hundsök}
          - key: enkat
            responsible: [municipality]
            kind: milestone
            text: Drogvaneundersökning.
    """
)


def snapshot(promise):
    """Every field of a promise and all it holds, by natural keys (no ids, no timestamps, no
    version counts)."""

    def fields(instance, skip=()):
        result = {}
        for field in instance._meta.get_fields():
            if field.auto_created or not field.concrete or field.name in {"id", *skip}:
                continue
            if field.name in {"created_at", "updated_at", "version"}:
                continue
            if isinstance(field, models.ManyToManyField):
                result[field.name] = sorted(str(o) for o in getattr(instance, field.name).all())
            elif field.is_relation:
                related = getattr(instance, field.name)
                result[field.name] = str(related) if related is not None else None
            else:
                result[field.name] = getattr(instance, field.name)
        return result

    promise = Promise.objects.get(pk=promise.pk)
    return {
        "promise": fields(promise),
        "focus_areas": [fields(a, {"promise"}) for a in promise.focus_areas.all()],
        "local_problems": [
            fields(p) for a in promise.focus_areas.all() for p in a.local_problems.all()
        ],
        "commitments": sorted(
            (fields(c, {"promise"}) for c in promise.commitments.all()), key=lambda c: c["key"]
        ),
    }


@pytest.fixture
def rich_promise(db):
    """A promise that sets every field the file format knows, with three levels of commitments."""
    predecessor = PromiseFactory(
        slug="rik-2022", valid_from=D(2022, 1, 1), valid_until=D(2023, 12, 31)
    )
    rescue = OrganisationFactory(name="Räddningstjänsten")
    housing = OrganisationFactory(name="Bostadsbolaget")
    promise = PromiseFactory(
        slug="rik-2024",
        title="Medborgarlöfte Rikt",
        municipality=predecessor.municipality,
        police_area=predecessor.police_area,
        signed_on=D(2023, 12, 15),
        valid_from=D(2024, 1, 1),
        valid_until=D(2026, 6, 30),
        until_superseded=True,
        replaces=predecessor,
        public=True,
        published=True,
        source_url="https://example.org/lofte",
        summary="Första stycket.\n\nAndra stycket med ”citat” och: kolon.",
        basis="1. Medborgardialog\n2. Statistik",
        followup="BRÅ följer upp två gånger per år.",
    )
    promise.other_parties.set([rescue, housing])
    police, municipality = promise.police_area, promise.municipality
    safety = FocusAreaFactory(
        promise=promise, title="Trygghet", description="Trygg i centrum", position=0
    )
    local = FocusAreaFactory(promise=promise, title="Lokala problembilder", position=1)
    walks = CommitmentFactory(
        focus_area=safety, key="vandringar", quota_target=5, quota_per="year",
        quota_unit="vandringar", quota_unit_one="vandring", group="Trygghetsvandringar",
        responsible=[police, municipality, housing],
    )  # fmt: skip
    centre = CommitmentFactory(
        focus_area=safety, parent=walks, key="vandringar-centrum", quota_target=1,
        quota_per="half_year", responsible=[police, municipality, housing],
    )  # fmt: skip
    CommitmentFactory(
        focus_area=safety, parent=centre, key="vandringar-centrum-kvall", quota_target=1,
        quota_per="tertial", quota_kinds=["kvällsvandring"], responsible=[municipality],
    )  # fmt: skip
    controls = CommitmentFactory(
        focus_area=safety, key="kontroller", quota_target=1, quota_per="day", quota_average=True,
        quota_kinds=["trafikkontroll", "skolbesök", "fotpatrull"], responsible=[police],
        group="Kontroller",
    )  # fmt: skip
    CommitmentFactory(
        focus_area=safety, key="koncept", milestone=True, due_on=D(2024, 6, 30),
        responsible=[police],
    )  # fmt: skip
    CommitmentFactory(
        focus_area=safety, key="plan", ongoing=True, responsible=[municipality],
        publish_activities=True, follows=controls,
    )  # fmt: skip
    CommitmentFactory(
        focus_area=local, key="bra", conditional=True, responsible=[police, municipality]
    )
    traffic = LocalProblemFactory(
        focus_area=local, title="Trafik", description="Rattfylleri.",
        status=LocalProblemStatus.PLAN_ADOPTED, raised_on=D(2024, 8, 27),
        action_plan="Kontroller på rätt tid och plats.",
    )  # fmt: skip
    LocalProblemFactory(focus_area=local, title="Inbrott", position=1)
    CommitmentFactory(
        focus_area=local, local_problem=traffic, key="trafik", quota_target=3, quota_per="month",
        responsible=[police, rescue],
    )  # fmt: skip
    for per in ["week", "quarter", "validity"]:
        CommitmentFactory(focus_area=local, local_problem=traffic, key=f"per-{per}", quota_per=per)
    # Following one that comes later in the file.
    walks.follows = promise.commitments.get(key="trafik")
    walks.save()
    # A file orders siblings by their place in a list: number them 0, 1, 2… as an import does.
    siblings = {}
    for commitment in promise.commitments.order_by("pk"):
        group = (commitment.focus_area_id, commitment.local_problem_id, commitment.parent_id)
        commitment.position = siblings[group] = siblings.get(group, -1) + 1
        commitment.save()
    return promise


class TestRoundTrip:
    def test_export_then_import_gives_an_identical_promise(self, rich_promise):
        before = snapshot(rich_promise)
        text = export_promise(rich_promise)
        Promise.objects.filter(pk=rich_promise.pk).delete()

        imported = import_promise(text)

        assert snapshot(imported) == before
        assert export_promise(imported) == text

    def test_import_with_replace_of_its_own_export_changes_nothing(self, rich_promise):
        before = snapshot(rich_promise)
        import_promise(export_promise(rich_promise), replace=True)
        assert snapshot(rich_promise) == before

    def test_the_alvsbyn_file_round_trips(self, db):
        promise = import_promise(ALVSBYN.read_bytes())
        before = snapshot(promise)
        text = export_promise(promise)
        # The Trafik problem's convening gave its activity: the import gives it again.
        convenings = list(Activity.objects.filter(promise=promise).values_list("occurred_on"))
        assert convenings == [(D(2024, 8, 27),)]
        Activity.objects.filter(promise=promise).delete()
        promise.delete()
        imported = import_promise(text)
        assert snapshot(imported) == before
        assert list(Activity.objects.filter(promise=imported).values_list("occurred_on")) == (
            convenings
        )
        assert export_promise(imported) == text


class TestAlvsbynFile:
    """The shipped file is faithful to the published promise text."""

    @pytest.fixture
    def alvsbyn(self, db):
        return import_promise(ALVSBYN.read_bytes())

    def test_parties_and_validity(self, alvsbyn):
        assert alvsbyn.municipality.name == "Älvsbyns kommun"
        assert alvsbyn.police_area.name == "Lokalpolisområde Piteå älvdal"
        assert (alvsbyn.valid_from, alvsbyn.valid_until) == (D(2024, 1, 1), D(2025, 12, 31))
        assert alvsbyn.until_superseded and alvsbyn.public and alvsbyn.published

    def test_start_date_is_said_to_be_assumed(self):
        assert "2024-01-01" in ALVSBYN.read_text(encoding="utf-8").split("format:")[0]

    def test_every_focus_area(self, alvsbyn):
        assert [a.title for a in alvsbyn.focus_areas.all()] == [
            "Arbetslivskriminalitet",
            "Narkotika",
            "Våld i nära relationer",
            "Lokala problembilder",
        ]

    @pytest.mark.parametrize(
        "key, party, target, unit",
        [
            ("arbetsliv-kontroll", "police", 1, "kontroller"),
            ("narkotika-hundsok", "police", 2, "hundsök"),
            ("narkotika-utlamningsstalle", "police", 1, "utlämningsställen"),
        ],
    )
    def test_quotas_of_the_text(self, alvsbyn, key, party, target, unit):
        commitment = alvsbyn.commitments.get(key=key)
        assert (commitment.quota_target, commitment.quota_per, commitment.quota_unit) == (
            target,
            "year",
            unit,
        )
        assert [alvsbyn.party_token(o) for o in commitment.responsible.all()] == [party]

    def test_the_seeds_sub_headings(self, alvsbyn):
        groups = dict(alvsbyn.commitments.values_list("key", "group"))
        assert [k for k, g in groups.items() if g == "Förebyggande arbete i skolan"] == [
            "narkotika-hundsok", "narkotika-drogvaneundersokning",
        ]  # fmt: skip
        post = "Arbeta mot narkotika i postförsändelser"
        assert sorted(k for k, g in groups.items() if g == post) == [
            "narkotika-samverkansmote", "narkotika-utlamningsstalle",
        ]  # fmt: skip

    def test_municipal_participation_follows_the_police_control(self, alvsbyn):
        participation = alvsbyn.commitments.get(key="arbetsliv-deltagande")
        assert participation.follows.key == "arbetsliv-kontroll"
        assert [o.name for o in participation.responsible.all()] == ["Älvsbyns kommun"]

    @pytest.mark.parametrize(
        "key, one", [("arbetsliv-kontroll", "kontroll"), ("narkotika-utlamningsstalle",
                     "utlämningsställe"), ("narkotika-hundsok", "hundsök")]
    )  # fmt: skip
    def test_units_in_the_singular(self, alvsbyn, key, one):
        assert alvsbyn.commitments.get(key=key).quota_unit_one == one

    def test_the_traffic_problem_and_its_measures(self, alvsbyn):
        problem = alvsbyn.focus_areas.get(title="Lokala problembilder").local_problems.get()
        assert problem.title == "Trafik"
        assert "unga i fokus" in problem.description
        assert "rätt tid och plats" in problem.action_plan
        assert sorted(c.key for c in problem.commitments.all()) == [
            "trafik-attitydarbete",
            "trafik-kontroller",
        ]

    def test_every_commitment_of_the_text(self, alvsbyn):
        texts = " ".join(alvsbyn.commitments.values_list("text", flat=True))
        for phrase in [
            "Kontroll minst en gång per år",
            "Deltagande vid kontroll",
            "samverkan med andra aktörer",
            "Hundsök i skolan två gånger per år",
            "Drogvaneundersökning genomförs och följs upp",
            "samverkansmöte mellan kommun, polis och utlämningsställen",
            "ett utlämningsställe per år",
            "hotellkurage och huskurage",
            "handlingsplan mot våld i nära relation",
            "medarbetarsamtal",
            "Samverka med stödorganisationer",
            "BRÅ",
        ]:
            assert phrase in texts


def row_counts():
    return [
        model.objects.count()
        for model in (Promise, Organisation, FocusArea, LocalProblem, Commitment)
    ]


def errors_of(text, **kwargs):
    """The errors of a refused import, after checking that nothing was saved."""
    before = row_counts()
    with pytest.raises(FileImportError) as excinfo:
        import_promise(text, **kwargs)
    assert row_counts() == before
    return [(e.line, e.field, e.message) for e in excinfo.value.errors]


def edit(old, new):
    assert old in VALID
    return VALID.replace(old, new)


@pytest.mark.django_db
class TestImportErrors:
    """Every error names its line and field; nothing is saved."""

    def test_unknown_key(self):
        (error,) = errors_of(edit("published: true", "published: true\ncolour: blue"))
        assert error[:2] == (10, "colour")
        assert error[2].startswith("okänt fält")

    def test_unknown_key_in_a_commitment(self):
        (error,) = errors_of(edit("kind: milestone", "kind: milestone\n        owner: Kim"))
        assert error[:2] == (20, "focus_areas[0].commitments[1].owner")

    def test_wrong_type(self):
        (error,) = errors_of(edit("published: true", "published: yes please"))
        assert error == (9, "published", "här väntas true eller false")

    def test_wrong_type_of_target(self):
        (error,) = errors_of(edit("target: 2", "target: two"))
        assert error == (16, "focus_areas[0].commitments[0].quota.target", "här väntas ett heltal")

    def test_bad_date(self):
        (error,) = errors_of(edit("valid_from: 2024-01-01", "valid_from: 2024-13-01"))
        assert error == (7, "valid_from", "2024-13-01 är inte ett datum (ÅÅÅÅ-MM-DD)")

    def test_a_promise_from_year_1_to_9999_is_refused(self):
        text = edit("valid_from: 2024-01-01", "valid_from: 0001-01-01")
        text = text.replace("valid_until: 2025-12-31", "valid_until: 9999-12-31")
        assert errors_of(text) == [
            (7, "valid_from", "0001-01-01 ligger inte under åren 1900–2100"),
            (8, "valid_until", "9999-12-31 ligger inte under åren 1900–2100"),
        ]

    def test_a_promise_valid_for_more_than_ten_years_is_refused(self):
        (error,) = errors_of(edit("valid_until: 2025-12-31", "valid_until: 2034-01-01"))
        assert error == (
            8,
            "valid_until",
            "Ett löfte gäller i högst 10 år: från 2024-01-01 till senast 2033-12-31.",
        )

    def test_a_date_that_is_a_list_is_refused(self):
        (error,) = errors_of(edit("valid_from: 2024-01-01", "valid_from: [2024-01-01]"))
        assert error == (7, "valid_from", "här väntas ett datum (ÅÅÅÅ-MM-DD)")

    def test_end_before_start(self):
        (error,) = errors_of(edit("valid_until: 2025-12-31", "valid_until: 2023-12-31"))
        assert error == (8, "valid_until", "är före valid_from")

    def test_unknown_party_in_responsible(self):
        (error,) = errors_of(edit("responsible: [police]", "responsible: [police, Bodens kommun]"))
        assert error[:2] == (14, "focus_areas[0].commitments[0].responsible")
        assert error[2].startswith("Bodens kommun är inte part i löftet")

    def test_other_parties_may_be_responsible(self):
        promise = import_promise(edit("responsible: [police]", "responsible: [Räddningstjänsten]"))
        assert [o.name for o in promise.commitments.get(key="hundsok").responsible.all()] == [
            "Räddningstjänsten"
        ]

    def test_duplicate_key(self):
        (error,) = errors_of(edit("key: enkat", "key: hundsok"))
        assert error == (
            17,
            "focus_areas[0].commitments[1].key",
            "hundsok används redan, på rad 13; nycklar måste vara unika i ett löfte",
        )

    def test_a_sub_commitment_has_no_group(self):
        text = edit(
            "        text: Drogvaneundersökning.\n",
            "        text: Drogvaneundersökning.\n"
            "        commitments:\n"
            "          - key: enkat-skola\n"
            "            group: Skolan\n"
            "            kind: ongoing\n"
            "            text: I skolan.\n",
        )
        (error,) = errors_of(text)
        assert error[:2] == (23, "focus_areas[0].commitments[1].commitments[0].group")

    def test_follows_an_unknown_key(self):
        (error,) = errors_of(edit("kind: milestone", "kind: milestone\n        follows: hundsk"))
        assert error == (
            20, "focus_areas[0].commitments[1].follows",
            "det finns inget åtagande med nyckeln hundsk i filen",
        )  # fmt: skip

    def test_follows_itself(self):
        (error,) = errors_of(edit("kind: milestone", "kind: milestone\n        follows: enkat"))
        assert error[:2] == (20, "focus_areas[0].commitments[1].follows")

    def test_quota_without_target(self):
        (error,) = errors_of(edit("{target: 2, per: year, unit: hundsök}", "{per: year}"))
        assert error == (
            16,
            "focus_areas[0].commitments[0].quota.target",
            "saknas; fältet är obligatoriskt",
        )

    def test_unknown_per(self):
        (error,) = errors_of(edit("per: year", "per: fortnight"))
        assert error[:2] == (16, "focus_areas[0].commitments[0].quota.per")
        assert error[2].startswith("okänd period fortnight (tillåtna: day, week, month,")

    def test_replacing_itself_is_a_cycle(self):
        (error,) = errors_of(edit("published: true", "published: true\nreplaces: test-2024"))
        assert error == (10, "replaces", "ett löfte kan inte ersätta sig självt (en cirkel)")

    def test_replaces_chain_cycle(self):
        import_promise(VALID)
        successor = edit("slug: test-2024", "slug: test-2026").replace(
            "valid_from: 2024-01-01\nvalid_until: 2025-12-31",
            "valid_from: 2026-01-01\nvalid_until: 2027-12-31\nreplaces: test-2024",
        )
        import_promise(successor)
        looped = edit("published: true", "published: true\nreplaces: test-2026")
        (error,) = errors_of(looped, replace=True)
        assert error[1:] == ("replaces", "Kedjan av ersatta löften skulle bilda en cirkel.")
        assert Promise.objects.get(slug="test-2024").replaces is None

    def test_recursive_alias_is_a_cycle(self):
        text = VALID + "    local_problems: &loop\n      - commitments: *loop\n"
        ((line, field, message),) = errors_of(text)
        assert "cirkel" in message

    def test_repeated_field(self):
        (error,) = errors_of(edit("published: true", "published: true\ntitle: Igen"))
        assert error == (10, "title", "upprepas; angavs först på rad 3")

    def test_wrong_format(self):
        (error,) = errors_of(edit("format: 1", "format: 2"))
        assert error == (1, "format", "måste vara 1 (filen anger 2)")

    def test_not_yaml(self):
        ((line, field, message),) = errors_of("format: 1\ntitle: [unclosed\n")
        assert message.startswith("inte giltig YAML")

    def test_every_error_in_one_list_by_line(self):
        text = (
            edit("valid_from: 2024-01-01", "valid_from: someday")
            .replace("per: year", "per: fortnight")
            .replace("key: enkat", "key: hundsok")
        )
        errors = errors_of(text)
        assert [(line, field) for line, field, _ in errors] == [
            (7, "valid_from"),
            (16, "focus_areas[0].commitments[0].quota.per"),
            (17, "focus_areas[0].commitments[1].key"),
        ]

    def test_existing_slug_needs_replace(self):
        import_promise(VALID)
        (error,) = errors_of(VALID)
        assert error[:2] == (2, "slug")
        assert "--replace" in error[2]

    def test_error_found_while_saving_leaves_nothing_behind(self):
        # The unknown predecessor is only found when saving, after organisations were created.
        (error,) = errors_of(edit("published: true", "published: true\nreplaces: nowhere-2020"))
        assert error == (10, "replaces", "inget löfte nowhere-2020 att ersätta")


@pytest.mark.django_db
class TestHostileFiles:
    """What a fuzzer or an attacker writes: each is a line and a reason, nothing is saved."""

    CONTROL = "texten i kolumn {column} innehåller styrtecknet U+{code}; en text får innehålla " \
        "tabbar och radbrytningar, inga andra styrtecken"  # fmt: skip
    NUL = "texten i kolumn {column} innehåller ett NUL-tecken, som ingen text får innehålla"
    NO_WHOLE_NUMBER = "inget heltal som går att läsa"

    @pytest.mark.parametrize("character", ["\x01", "\x0c", "\x1a", "\x1b", "\x7f", "\ufffe"])
    def test_a_control_character_as_it_is(self, character):
        (error,) = errors_of(edit("title: Narkotika", f"title: Nark{character}otika"))
        code = f"{ord(character):04X}"
        assert error == (11, "-", self.CONTROL.format(column=16, code=code))

    def test_nul_as_it_is(self):
        (error,) = errors_of(edit("title: Narkotika", "title: Nark\x00otika"))
        assert error == (11, "-", self.NUL.format(column=16))

    @pytest.mark.parametrize(
        "escape, message",
        [
            ("\\0", NUL.format(column=12)),
            ("\\x1b", CONTROL.format(column=12, code="001B")),
            (
                "\\ud800",
                "texten i kolumn 12 innehåller ett trasigt tecken (ett ensamt surrogattecken, "
                "U+D800)",
            ),
        ],
    )
    def test_a_character_written_as_an_escape(self, escape, message):
        # A NUL reaching PostgreSQL was a 500 there (and a surrogate one everywhere).
        (error,) = errors_of(edit("title: Narkotika", f'title: "Nark{escape}otika"'))
        assert error == (11, "-", message)

    def test_nul_in_what_is_looked_up_by_name(self):
        (error,) = errors_of(edit("published: true", 'published: true\nreplaces: "a\\0b"'))
        assert error == (10, "-", self.NUL.format(column=11))

    def test_tabs_and_line_breaks_are_text(self):
        promise = import_promise(edit("title: Narkotika", 'title: "Nark\\totika"'))
        assert promise.focus_areas.get().title == "Nark\totika"

    @pytest.mark.parametrize(
        "old, field, line",
        [
            ("Testby kommun", "municipality", 4),
            ("Lokalpolisområde Test", "police_area", 5),
            ("Räddningstjänsten", "other_parties", 6),
            ("title: Narkotika", "focus_areas[0].title", 11),
            ("title: Inbrott", "focus_areas[0].local_problems[0].title", 22),
        ],
    )
    def test_a_name_over_200_characters(self, old, field, line):
        text = VALID + "    local_problems:\n      - title: Inbrott\n"
        new = old.replace(old.removeprefix("title: "), "N" * 201)
        (error,) = errors_of(text.replace(old, new))
        assert error == (
            line,
            field,
            "Säkerställ att detta värde har som mest 200 tecken (den har 201).",
        )

    def test_nesting_500_levels_deep(self):
        (error,) = errors_of(VALID + "summary: " + "[" * 500 + "]" * 500 + "\n")
        assert error == (21, "-", "inte giltig YAML i kolumn 59: nästlad djupare än 50 nivåer")

    def test_an_alias_bomb_is_refused_before_it_is_read(self):
        lines = ["a: &a [x, x, x, x, x, x, x, x, x, x]"]
        for name, previous in zip("bcdef", "abcde", strict=True):
            lines.append(f"{name}: &{name} [{', '.join([f'*{previous}'] * 10)}]")
        (error,) = errors_of(VALID + "\n".join(lines) + "\n")
        assert error == (
            26, "-",
            "inte giltig YAML i kolumn 20: fler än 500\xa0000 värden (alias räknade som allt de "
            "upprepar)",
        )  # fmt: skip

    def test_an_alias_deep_inside_another_counts_its_depth(self):
        text = VALID + "a: &a " + "[" * 45 + "]" * 45 + "\nb: " + "[" * 10 + "*a" + "]" * 10 + "\n"
        (error,) = errors_of(text)
        assert error == (22, "-", "inte giltig YAML i kolumn 14: nästlad djupare än 50 nivåer")

    def test_an_alias_inside_the_mapping_it_names(self):
        (error,) = errors_of(VALID + "a: &m {b: *m}\n")
        assert error == (
            21,
            "-",
            "inte giltig YAML i kolumn 11: aliaset m står inuti det det namnger (en cirkel)",
        )

    @pytest.mark.parametrize(
        "old, new, error",
        [
            ("target: 2", "target: " + "9" * 5000, (16, f"kolumn 25: {NO_WHOLE_NUMBER}")),
            ("target: 2", "target: !!int två", (16, f"kolumn 25: {NO_WHOLE_NUMBER}")),
            ("target: 2", "target: !!float två", (16, "kolumn 25: inget tal")),
            ("published: true", "published: !!bool ja",
             (9, "kolumn 12: här väntas true eller false")),
        ],
    )  # fmt: skip
    def test_a_value_python_cannot_take(self, old, new, error):
        line, reason = error
        assert errors_of(edit(old, new)) == [(line, "-", f"inte giltig YAML i {reason}")]

    def test_a_date_tagged_as_a_timestamp_is_read_as_any_date(self):
        (error,) = errors_of(edit("valid_from: 2024-01-01", "valid_from: !!timestamp 2024-02-30"))
        assert error == (7, "valid_from", "2024-02-30 är inte ett datum (ÅÅÅÅ-MM-DD)")

    def test_a_reader_error_is_one_line_with_its_column(self):
        (error,) = errors_of(VALID + "---\nformat: 1\n")
        assert error == (
            21, "-",
            "inte giltig YAML i kolumn 1: expected a single document in the stream, but found "
            "another document",
        )  # fmt: skip

    def test_the_command_says_it_in_one_line_and_fails(self, tmp_path):
        path = tmp_path / "nul.yaml"
        path.write_text(edit("title: Narkotika", "title: Nark\x00otika"), encoding="utf-8")
        err = StringIO()
        with pytest.raises(CommandError, match="Filen har 1 fel; inget importerades."):
            call_command("import_promise", str(path), stderr=err)
        assert err.getvalue() == f"rad 11, -: {self.NUL.format(column=16)}\n"


@pytest.mark.django_db
class TestReplace:
    def test_replace_updates_in_place_and_keeps_activities(self, time_machine):
        time_machine.move_to(datetime.datetime(2025, 1, 1, 12), tick=False)
        promise = import_promise(VALID)
        hundsok = promise.commitments.get(key="hundsok")
        activity = ActivityFactory(commitment=hundsok, occurred_on=D(2024, 3, 1))

        changed = edit("Hundsök i skolan två gånger per år.", "Hundsök i skolan tre gånger per år.")
        changed = changed.replace("target: 2", "target: 3")
        changed = changed.replace("title: Medborgarlöfte Test", "title: Medborgarlöfte Test 2")
        import_promise(changed, replace=True)

        promise.refresh_from_db()
        hundsok.refresh_from_db()
        activity.refresh_from_db()
        assert promise.title == "Medborgarlöfte Test 2"
        assert (hundsok.text, hundsok.quota_target) == ("Hundsök i skolan tre gånger per år.", 3)
        assert activity.commitment == hundsok

    def test_replace_changes_what_a_commitment_follows(self):
        follower = edit("kind: milestone", "kind: milestone\n        follows: hundsok")
        promise = import_promise(follower)
        assert promise.commitments.get(key="enkat").follows.key == "hundsok"
        import_promise(VALID, replace=True)
        assert promise.commitments.get(key="enkat").follows is None

    def test_replace_removes_commitments_left_out(self):
        import_promise(VALID)
        without = VALID.split("      - key: enkat")[0]
        promise = import_promise(without, replace=True)
        assert list(promise.commitments.values_list("key", flat=True)) == ["hundsok"]

    def test_commitment_with_activities_cannot_be_left_out(self):
        promise = import_promise(VALID)
        ActivityFactory(
            commitment=promise.commitments.get(key="enkat"),
            organisation=promise.municipality,
            occurred_on=D(2024, 3, 1),
        )
        without = VALID.split("      - key: enkat")[0]
        (error,) = errors_of(without, replace=True)
        assert error[1:] == (
            "commitments",
            "enkat har registrerade aktiviteter och kan inte tas bort; behåll det i filen",
        )
        assert promise.commitments.count() == 2


@pytest.mark.django_db
class TestCommands:
    def test_import_promise_command(self, tmp_path):
        path = tmp_path / "test.yaml"
        path.write_text(VALID, encoding="utf-8")
        out = StringIO()
        call_command("import_promise", str(path), stdout=out)
        assert "test-2024 importerades: 1 inriktningar, 2 åtaganden." in out.getvalue()
        assert Commitment.objects.filter(promise__slug="test-2024").count() == 2

    def test_import_errors_are_listed_and_the_command_fails(self, tmp_path):
        path = tmp_path / "test.yaml"
        path.write_text(edit("per: year", "per: fortnight"), encoding="utf-8")
        err = StringIO()
        with pytest.raises(CommandError, match="Filen har 1 fel; inget importerades."):
            call_command("import_promise", str(path), stderr=err)
        assert err.getvalue().startswith("rad 16, focus_areas[0].commitments[0].quota.per: okänd")

    def test_missing_file(self, tmp_path):
        with pytest.raises(CommandError, match="Kan inte läsa"):
            call_command("import_promise", str(tmp_path / "nope.yaml"))

    def test_file_that_is_not_utf8(self, tmp_path):
        path = tmp_path / "latin1.yaml"
        path.write_bytes(VALID.encode("latin-1"))
        err = StringIO()
        with pytest.raises(CommandError):
            call_command("import_promise", str(path), stderr=err)
        assert "inte UTF-8" in err.getvalue()

    def test_export_to_a_file_and_back(self, tmp_path):
        promise = import_promise(VALID)
        path = tmp_path / "out.yaml"
        call_command("export_promise", promise.slug, "-o", str(path), stdout=StringIO())
        assert path.read_text(encoding="utf-8") == export_promise(promise)

    def test_export_to_stdout(self):
        import_promise(VALID)
        out = StringIO()
        call_command("export_promise", "test-2024", stdout=out)
        assert out.getvalue().startswith("format: 1\nslug: test-2024\n")

    def test_export_unknown_slug(self):
        with pytest.raises(CommandError, match="Inget löfte nowhere."):
            call_command("export_promise", "nowhere")


PROBLEM = """\
  - title: Narkotika
    local_problems:
      - title: Inbrott i centrum
        description: Inbrott i affärer.
        action_plan: Fler kontroller.
"""


@pytest.mark.django_db
class TestPersonalData:
    """No text of a promise file may hold a personal identity number (the issue's leak)."""

    @pytest.mark.parametrize(
        ("old", "new", "line", "field", "label"),
        [
            ("text: Drogvaneundersökning.", f"text: Inbrott hos {NUMBER}", 20,
             "focus_areas[0].commitments[1].text", "Text"),
            ("published: true", f"published: true\nsummary: Inbrott hos {NUMBER}", 10,
             "summary", "Sammanfattning"),
            ("published: true", f"published: true\nbasis: |\n  Dialog.\n  Inbrott hos {NUMBER}",
             10, "basis", "Underlag"),
            ("published: true", "published: true\nfollowup: BRÅ, 850312 1234", 10, "followup",
             "Uppföljning"),
            ("published: true", "published: true\nsource_url: https://example.org/8503121234",
             10, "source_url", "Källa"),
            ("title: Medborgarlöfte Test", "title: Löfte 850312-1234", 3, "title", "Rubrik"),
            ("slug: test-2024", "slug: test-850312-1234", 2, "slug", "Kortnamn"),
            ("title: Narkotika", f"title: Inbrott hos {NUMBER}", 11, "focus_areas[0].title",
             "Rubrik"),
            ("title: Narkotika", f"title: Narkotika\n    description: {NUMBER}", 12,
             "focus_areas[0].description", "Beskrivning"),
            ("key: enkat", "key: enkat-850312-1234", 17, "focus_areas[0].commitments[1].key",
             "Nyckel"),
            ("key: enkat", f"key: enkat\n        group: Inbrott hos {NUMBER}", 18,
             "focus_areas[0].commitments[1].group", "Underrubrik"),
            ("unit: hundsök}", "unit: 850312+1234}", 16,
             "focus_areas[0].commitments[0].quota.unit", "Enhet"),
            ("unit: hundsök}", "unit: hundsök, unit_one: 701063-2391}", 16,
             "focus_areas[0].commitments[0].quota.unit_one", "Enhet i singular"),
            ("unit: hundsök}", "unit: hundsök, kinds: [skolbesök, '8503121234']}", 16,
             "focus_areas[0].commitments[0].quota.kinds", "Aktivitetsslag som räknas"),
            ("municipality: Testby kommun", f"municipality: Testby {NUMBER}", 4, "municipality",
             "Namn"),
            ("police_area: Lokalpolisområde Test", f"police_area: Polisen {NUMBER}", 5,
             "police_area", "Namn"),
            ("other_parties: [Räddningstjänsten]",
             f"other_parties:\n  - Räddningstjänsten\n  - Inbrott hos {NUMBER}", 8,
             "other_parties", "Namn"),
        ],
    )  # fmt: skip
    def test_refused_with_its_line_and_field(self, old, new, line, field, label):
        assert errors_of(edit(old, new)) == [(line, field, refusal(label))]

    @pytest.mark.parametrize(
        ("old", "new", "line", "field", "label"),
        [
            ("title: Inbrott i centrum", f"title: Inbrott hos {NUMBER}", 13, "title", "Rubrik"),
            ("description: Inbrott i affärer.", f"description: Hos {NUMBER}", 14, "description",
             "Beskrivning"),
            ("action_plan: Fler kontroller.", f"action_plan: Inbrott hos {NUMBER}", 15,
             "action_plan", "Handlingsplan"),
        ],
    )  # fmt: skip
    def test_refused_in_a_local_problem(self, old, new, line, field, label):
        text = edit("  - title: Narkotika\n", PROBLEM.replace(old, new))
        path = f"focus_areas[0].local_problems[0].{field}"
        assert errors_of(text) == [(line, path, refusal(label))]

    def test_every_text_with_one_is_listed_at_once(self):
        text = (
            edit("published: true", f"published: true\nsummary: Inbrott hos {NUMBER}")
            .replace("title: Narkotika", f"title: Narkotika {NUMBER}")
            .replace("text: Drogvaneundersökning.", f"text: Inbrott hos {NUMBER}")
        )
        assert [(line, field) for line, field, _ in errors_of(text)] == [
            (10, "summary"),
            (12, "focus_areas[0].title"),
            (21, "focus_areas[0].commitments[1].text"),
        ]

    def test_a_replace_is_refused_and_changes_nothing(self):
        promise = import_promise(VALID)
        before = snapshot(promise)
        errors = errors_of(
            edit("text: Drogvaneundersökning.", f"text: Inbrott hos {NUMBER}"), replace=True
        )
        assert errors == [(20, "focus_areas[0].commitments[1].text", refusal("Text"))]
        assert snapshot(promise) == before

    def test_an_ordinary_promise_file_passes(self):
        text = edit(
            "published: true",
            "published: true\nsummary: |\n  Gäller 2024–2025. Ring 070-123 45 67 eller "
            "073-765 43 21, 08-123 456 78 eller +46 70 123 45 67.\n  Postnummer 942 31. "
            "Möte 2025-03-12 kl. 18.30, 12/3.",
        )
        assert import_promise(text).summary.startswith("Gäller 2024–2025.")
