"""The engine on the database: promise statuses, order, query budget, the JSON schema, and a
property test that no activity is counted twice or lost."""

import datetime
import json
from pathlib import Path

import jsonschema
import pytest
from django.conf import settings
from hypothesis import HealthCheck, given
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st

from commitments.demo import load_demo
from commitments.models import (
    Activity,
    Commitment,
    Indicator,
    IndicatorValue,
    PlannedActivity,
    Promise,
)
from followup.engine import ActivityFacts, CommitmentFacts, PromiseFacts, follow_up
from followup.loading import followup_for
from tests.factories import (
    ActivityFactory,
    CommitmentFactory,
    FocusAreaFactory,
    LocalProblemFactory,
    PromiseFactory,
)

D = datetime.date
SCHEMA = json.loads((Path(settings.BASE_DIR) / "followup" / "schema.json").read_text())


def load(promise, as_of):
    return followup_for(Promise.objects.with_parties().get(pk=promise.pk), as_of)


@pytest.mark.django_db
class TestPromiseStatus:
    @pytest.fixture
    def open_ended(self, promise):
        promise.until_superseded = True
        promise.save()
        return promise

    @pytest.mark.parametrize(
        "as_of, status",
        [(D(2023, 12, 31), "upcoming"), (D(2024, 1, 1), "active"), (D(2025, 12, 31), "active"),
         (D(2026, 1, 1), "extended")],
    )  # fmt: skip
    def test_status_and_open_end(self, open_ended, as_of, status):
        data = load(open_ended, as_of).to_json()
        assert (data["status"], data["effective_end"]) == (status, None)

    def test_superseded_from_the_successors_start(self, open_ended):
        PromiseFactory(
            replaces=open_ended, valid_from=D(2026, 3, 1), valid_until=D(2027, 12, 31),
            municipality=open_ended.municipality, police_area=open_ended.police_area,
        )  # fmt: skip
        assert load(open_ended, D(2026, 2, 28)).to_json()["status"] == "extended"
        data = load(open_ended, D(2026, 3, 1)).to_json()
        assert (data["status"], data["effective_end"]) == ("superseded", "2026-02-28")

    def test_expired(self, promise):
        data = load(promise, D(2026, 1, 1)).to_json()
        assert (data["status"], data["effective_end"]) == ("expired", "2025-12-31")

    def test_draft(self, promise):
        promise.published = False
        promise.save()
        assert load(promise, D(2024, 6, 1)).to_json()["status"] == "draft"


@pytest.mark.django_db
def test_commitments_are_listed_depth_first_in_promise_order(promise):
    second_area = FocusAreaFactory(promise=promise, title="B", position=1)
    first_area = FocusAreaFactory(promise=promise, title="A", position=0)
    problem = LocalProblemFactory(focus_area=first_area, title="Trafik")
    CommitmentFactory(focus_area=second_area, key="b1", position=0)
    CommitmentFactory(focus_area=first_area, local_problem=problem, key="a-trafik", position=0)
    a2 = CommitmentFactory(focus_area=first_area, key="a2", position=1)
    CommitmentFactory(focus_area=first_area, key="a1", position=0)
    CommitmentFactory(focus_area=first_area, key="a2-child", parent=a2, position=0)

    data = load(promise, D(2024, 6, 1)).to_json()

    assert [c["key"] for c in data["commitments"]] == ["a1", "a2", "a2-child", "a-trafik", "b1"]
    trafik = data["commitments"][3]
    assert (trafik["focus_area"], trafik["local_problem"]) == ("A", "Trafik")
    assert data["commitments"][2]["parent"] == "a2"


@pytest.mark.django_db
def test_responsible_parties_police_first(promise, focus_area):
    CommitmentFactory(
        focus_area=focus_area, responsible=[promise.municipality, promise.police_area]
    )
    (commitment,) = load(promise, D(2024, 6, 1)).to_json()["commitments"]
    assert commitment["responsible"] == ["Lokalpolisområde Piteå älvdal", "Älvsbyns kommun"]


@pytest.mark.django_db
def test_database_is_read_in_at_most_nine_queries(promise, django_assert_max_num_queries):
    """Two for the promise and its parties, four for its successor, commitments and
    activities, one for the indicators with their values, one for the open plans, one for the
    local problems, however many there are of each."""
    areas = [FocusAreaFactory(promise=promise, title=f"Område {n}", position=n) for n in range(5)]
    commitments = []
    for n in range(50):
        parent = commitments[n - 1] if n % 5 else None  # chains of five
        commitments.append(
            CommitmentFactory(
                focus_area=areas[n % 5], key=f"c{n}", parent=parent, quota_per="month",
                quota_kinds=["kontroll"] if n % 7 == 0 else [],
                responsible=[promise.police_area, promise.municipality],
            )
        )  # fmt: skip
    Activity.objects.bulk_create(
        Activity(
            commitment=commitments[n % 50],
            occurred_on=D(2024, 1, 1) + datetime.timedelta(days=n % 700),
            quantity=1 + n % 3,
            kind="kontroll" if n % 2 else "",
            description="Genomfört.",
            organisation=promise.police_area,
        )
        for n in range(5000)
    )
    for n in range(5):
        indicator = Indicator.objects.create(
            promise=promise, key=f"i{n}", name=f"Indikator {n}", focus_area=areas[n], position=n
        )
        IndicatorValue.objects.bulk_create(
            IndicatorValue(indicator=indicator, measured_on=D(2020 + year, 10, 1), value=year)
            for year in range(10)
        )
    PlannedActivity.objects.bulk_create(
        PlannedActivity(
            promise=promise,
            commitment=commitments[n % 50],
            organisation=promise.police_area,
            planned_on=D(2025, 6, 1) + datetime.timedelta(days=n % 60),
        )
        for n in range(200)
    )
    for n in range(10):
        LocalProblemFactory(focus_area=areas[n % 5], title=f"Problembild {n}", position=n)
    with django_assert_max_num_queries(9):
        followup = followup_for(Promise.objects.with_parties().get(pk=promise.pk), D(2025, 6, 1))
    assert len(followup.commitments) == 50
    assert len(followup.problems) == 10
    assert [len(i.values) for i in followup.indicators] == [5] * 5  # 2020–2024: none after
    total = sum(p.count for r in followup.commitments if r.facts.parent_id is None
                for p in r.periods if not r.facts.kinds)  # fmt: skip
    assert total > 0
    assert sum(r.planned for r in followup.commitments if r.facts.parent_id is None) > 0


@pytest.mark.django_db
class TestSchema:
    def test_demo_json_is_valid_on_many_dates(self, time_machine):
        time_machine.move_to(datetime.datetime(2026, 11, 26, 12), tick=False)
        promise = load_demo()
        for as_of in [D(2023, 12, 1), D(2024, 6, 1), D(2025, 7, 15), D(2026, 11, 26)]:
            jsonschema.validate(load(promise, as_of).to_json(), SCHEMA)

    def test_every_kind_of_quota_is_valid(self, promise, focus_area):
        parent = CommitmentFactory(focus_area=focus_area, quota_per="week", quota_kinds=["a", "b"])
        CommitmentFactory(
            focus_area=focus_area, parent=parent, quota_per="validity", quota_unit="st"
        )
        CommitmentFactory(focus_area=focus_area, quota_per="day", quota_average=True)
        CommitmentFactory(focus_area=focus_area, milestone=True, due_on=D(2024, 6, 1))
        CommitmentFactory(focus_area=focus_area, conditional=True)
        data = load(promise, D(2024, 8, 1)).to_json()
        jsonschema.validate(data, SCHEMA)
        assert data["commitments"][0]["quota"] == {
            "target": 2, "per": "week", "unit": None, "average": False, "kinds": ["a", "b"],
        }  # fmt: skip

    def test_the_schema_refuses_what_the_design_forbids(self, promise, focus_area):
        CommitmentFactory(focus_area=focus_area)
        data = load(promise, D(2024, 8, 1)).to_json()
        data["commitments"][0]["status"] = "fine"
        with pytest.raises(jsonschema.ValidationError):
            jsonschema.validate(data, SCHEMA)


@pytest.mark.django_db
def test_demo_shows_every_light_today(time_machine):
    """As of the day the demo was written, the dashboard has green, amber and red to show."""
    time_machine.move_to(datetime.datetime(2026, 11, 26, 12), tick=False)
    data = load(load_demo(), D(2026, 11, 26)).to_json()
    statuses = {c["key"]: c["status"] for c in data["commitments"]}
    assert statuses == {
        "arbetsliv-kontroll": "met",
        "arbetsliv-deltagande": "at_risk",
        "arbetsliv-samverkan": "active",
        "narkotika-hundsok": "behind",
        "narkotika-drogvaneundersokning": "done",
        "narkotika-samverkansmote": "in_progress",
        "narkotika-utlamningsstalle": "met",
        "vnr-hotellkurage-huskurage": "done",
        "vnr-handlingsplan": "active",
        "vnr-medarbetarsamtal": "not_started",
        "vnr-stodorganisationer": "inactive",
        "lokala-bra-sammankallas": "active",
        "trafik-kontroller": "active",
        "trafik-attitydarbete": "inactive",
        "inbrott-kvallspatruller": "met",
        "inbrott-informationstraffar": "met",
        "inbrott-grannsamverkan": "done",
    }
    hundsok = next(c for c in data["commitments"] if c["key"] == "narkotika-hundsok")
    assert [p["status"] for p in hundsok["periods"]] == ["met", "missed", "behind"]
    assert data["status"] == "extended"


# ---------------------------------------------------------------------------------------------
# Property: each activity counts once for each commitment that counts it (its own, each
# ancestor's, and a follower's whose party took part), and none is lost.

PERIODS = ["day", "week", "month", "quarter", "tertial", "half_year", "year", "validity"]
ORGANISATIONS = [1, 2, 3]


@st.composite
def scenarios(draw):
    valid_from = draw(st.dates(D(2023, 1, 1), D(2025, 12, 31)))
    valid_until = valid_from + datetime.timedelta(days=draw(st.integers(0, 800)))
    end = draw(
        st.one_of(
            st.just(valid_until),
            st.none(),  # until superseded, no successor yet
            st.dates(valid_from, valid_until + datetime.timedelta(days=400)),  # successor
        )
    )
    promise = PromiseFacts("p", valid_from, valid_until, end, "active")
    count = draw(st.integers(1, 6))
    commitments = []
    for index in range(count):
        parent = draw(st.sampled_from([None, *[c.id for c in commitments]]))
        commitments.append(
            CommitmentFacts(
                id=index + 1,
                key=f"c{index}",
                kind="quota",
                parent_id=parent,
                target=draw(st.integers(1, 5)),
                per=draw(st.sampled_from(PERIODS)),
                average=draw(st.booleans()),
                kinds=tuple(draw(st.lists(st.sampled_from(["a", "b"]), unique=True, max_size=1))),
                follows_id=draw(st.sampled_from([None, *range(1, count + 1)])),
                responsible_ids=frozenset(
                    draw(st.lists(st.sampled_from(ORGANISATIONS), min_size=1, unique=True))
                ),
            )
        )
    window = (valid_from - datetime.timedelta(days=60), valid_until + datetime.timedelta(days=500))
    activities = draw(
        st.lists(
            st.builds(
                ActivityFacts,
                commitment_id=st.sampled_from([c.id for c in commitments]),
                occurred_on=st.dates(*window),
                quantity=st.integers(1, 20),
                kind=st.sampled_from(["", "a", " B", "c"]),
                organisation_id=st.sampled_from(ORGANISATIONS),
                participants=st.frozensets(st.sampled_from(ORGANISATIONS)),
            ),
            max_size=40,
        )
    )
    as_of = draw(st.dates(*window))
    return promise, commitments, activities, as_of


def descendants(commitments, root_id):
    ids, changed = {root_id}, True
    while changed:
        changed = False
        for c in commitments:
            if c.parent_id in ids and c.id not in ids:
                ids.add(c.id)
                changed = True
    return ids


def expected_count(promise, commitments, activities, as_of, facts):
    """What the rules say ``facts`` counts, worked out activity by activity, each at most once."""
    end = promise.effective_end
    mine = descendants(commitments, facts.id)
    followed = (
        descendants(commitments, facts.follows_id)
        if facts.follows_id not in (None, facts.id)
        else set()
    )
    counted = [
        a
        for a in activities
        if promise.valid_from <= a.occurred_on <= as_of
        and (end is None or a.occurred_on <= end)
        and (not facts.kinds or a.kind.strip().casefold() in facts.kinds)
        and (
            a.commitment_id in mine
            or (a.commitment_id in followed and a.involves(facts.responsible_ids))
        )
    ]
    return sum(a.quantity for a in counted)


@hypothesis_settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(scenarios())
def test_no_activity_is_counted_twice_or_lost(scenario):
    promise, commitments, activities, as_of = scenario
    followup = follow_up(promise, commitments, activities, as_of)
    for result in followup.commitments:
        counted = sum(p.count for p in result.periods)
        assert counted == expected_count(promise, commitments, activities, as_of, result.facts)
        # Periods follow each other without gap or overlap from the first day in force.
        assert result.periods[0].start == promise.valid_from
        for before, after in zip(result.periods, result.periods[1:], strict=False):
            assert after.start == before.end + datetime.timedelta(days=1)
    # Every period is in its year's figures once.
    assert sum(year.periods for year in followup.years) == sum(
        len(r.periods) for r in followup.commitments
    )


@pytest.mark.django_db
def test_commitment_count_matches_the_database(promise, focus_area):
    """The loader hands every activity of the promise to the engine."""
    c = CommitmentFactory(focus_area=focus_area)
    for day in [D(2024, 2, 1), D(2024, 8, 1), D(2025, 3, 1)]:
        ActivityFactory(commitment=c, occurred_on=day, quantity=2)
    (result,) = load(promise, D(2025, 12, 31)).commitments
    assert [p.count for p in result.periods] == [4, 2]
    assert Commitment.objects.count() == 1


@pytest.mark.django_db
def test_who_took_part_is_read_in_one_more_query_when_a_commitment_follows(
    promise, focus_area, django_assert_max_num_queries
):
    control = CommitmentFactory(focus_area=focus_area, key="kontroll", quota_target=1)
    CommitmentFactory(
        focus_area=focus_area, key="deltagande", quota_target=1, follows=control,
        responsible=[promise.municipality],
    )  # fmt: skip
    for day in [D(2024, 5, 14), D(2025, 9, 23)]:
        ActivityFactory(commitment=control, occurred_on=day).participants.set(
            [promise.municipality]
        )
    ActivityFactory(commitment=control, occurred_on=D(2025, 10, 1))  # without the municipality
    fetched = Promise.objects.with_parties().get(pk=promise.pk)
    # five, one for the open plans and one for the local problems
    with django_assert_max_num_queries(7):
        followup = followup_for(fetched, D(2026, 1, 1))
    counts = {r.key: [p.count for p in r.periods] for r in followup.commitments}
    assert counts == {"kontroll": [1, 2], "deltagande": [1, 1]}
