"""The follow-up rules of the design card, each pinned at its boundary dates.

These run the pure engine on plain data: no database.
"""

import datetime
import itertools

import pytest

from commitments.enums import FollowupStatus as S
from followup.engine import (
    ActivityFacts,
    CommitmentFacts,
    PromiseFacts,
    calendar_period,
    follow_up,
    quota_periods,
)

D = datetime.date
_ids = itertools.count(1)


START, END = D(2024, 1, 1), D(2025, 12, 31)


def promise(valid_from=START, valid_until=END, effective_end="same"):
    """A promise's facts; effective_end defaults to valid_until (not until superseded)."""
    if effective_end == "same":
        effective_end = valid_until
    return PromiseFacts("lofte", valid_from, valid_until, effective_end, "active")


def quota(target, per, **fields):
    return CommitmentFacts(
        id=next(_ids), key=f"c{next(_ids)}", kind="quota", target=target, per=per, **fields
    )


def commitment(kind, **fields):
    return CommitmentFacts(id=next(_ids), key=f"c{next(_ids)}", kind=kind, **fields)


def on(c, *days, quantity=1, kind="", completes=False):
    return [ActivityFacts(c.id, day, quantity, kind, completes) for day in days]


def result(promise_facts, c, activities, as_of, others=()):
    followup = follow_up(promise_facts, [c, *others], activities, as_of)
    return next(r for r in followup.commitments if r.facts.id == c.id)


def spans(periods):
    return [(p.start, p.end, p.partial) for p in periods]


class TestPeriods:
    def test_calendar_periods(self):
        day = D(2025, 8, 14)  # a Thursday
        assert calendar_period("day", day) == (day, day)
        assert calendar_period("week", day) == (D(2025, 8, 11), D(2025, 8, 17))
        assert calendar_period("month", day) == (D(2025, 8, 1), D(2025, 8, 31))
        assert calendar_period("quarter", day) == (D(2025, 7, 1), D(2025, 9, 30))
        assert calendar_period("tertial", day) == (D(2025, 5, 1), D(2025, 8, 31))
        assert calendar_period("half_year", day) == (D(2025, 7, 1), D(2025, 12, 31))
        assert calendar_period("year", day) == (D(2025, 1, 1), D(2025, 12, 31))

    def test_tertials_and_half_years_start_where_the_terms_do(self):
        assert calendar_period("tertial", D(2025, 1, 31))[0] == D(2025, 1, 1)
        assert calendar_period("tertial", D(2025, 9, 1)) == (D(2025, 9, 1), D(2025, 12, 31))
        assert calendar_period("half_year", D(2025, 6, 30)) == (D(2025, 1, 1), D(2025, 6, 30))

    def test_iso_week_across_the_new_year(self):
        assert calendar_period("week", D(2025, 1, 1)) == (D(2024, 12, 30), D(2025, 1, 5))
        assert calendar_period("week", D(2024, 12, 29)) == (D(2024, 12, 23), D(2024, 12, 29))
        facts = promise(D(2025, 1, 1), D(2025, 1, 19))
        assert quota_periods("week", facts, D(2025, 1, 1)) == [
            (D(2025, 1, 1), D(2025, 1, 5), True),
            (D(2025, 1, 6), D(2025, 1, 12), False),
            (D(2025, 1, 13), D(2025, 1, 19), False),
        ]

    def test_periods_are_clipped_at_the_promise_start_and_end(self):
        facts = promise(D(2024, 3, 15), D(2025, 5, 20))
        assert quota_periods("quarter", facts, D(2024, 6, 1)) == [
            (D(2024, 3, 15), D(2024, 3, 31), True),
            (D(2024, 4, 1), D(2024, 6, 30), False),
            (D(2024, 7, 1), D(2024, 9, 30), False),
            (D(2024, 10, 1), D(2024, 12, 31), False),
            (D(2025, 1, 1), D(2025, 3, 31), False),
            (D(2025, 4, 1), D(2025, 5, 20), True),
        ]

    def test_period_that_ends_with_the_promise_is_whole(self):
        facts = promise(D(2024, 1, 1), D(2024, 6, 30))
        assert quota_periods("half_year", facts, D(2024, 1, 1)) == [
            (D(2024, 1, 1), D(2024, 6, 30), False)
        ]

    def test_clipped_period_keeps_the_full_target(self):
        facts = promise(D(2024, 3, 15), D(2024, 12, 31))
        c = quota(2, "year")
        r = result(facts, c, on(c, D(2024, 5, 1)), D(2024, 12, 31))
        assert spans(r.periods) == [(D(2024, 3, 15), D(2024, 12, 31), True)]
        assert (r.periods[0].target, r.periods[0].count, r.status) == (2, 1, S.BEHIND)

    def test_validity_is_one_period(self):
        facts = promise(D(2024, 1, 1), D(2025, 12, 31))
        assert quota_periods("validity", facts, D(2024, 5, 1)) == [
            (D(2024, 1, 1), D(2025, 12, 31), False)
        ]


class TestQuotaStatus:
    """The worked example: two dog searches a year, in force 2024-01-01 to 2025-12-31."""

    @pytest.mark.parametrize(
        "as_of, searches_2025, status",
        [
            (D(2025, 7, 1), 0, S.ON_TRACK),  # floor(2 · 182 / 365) = 0
            (D(2025, 7, 2), 0, S.BEHIND),  # floor(2 · 183 / 365) = 1 > 0
            (D(2025, 10, 1), 1, S.ON_TRACK),  # 92 / 365 > 0.25 left
            (D(2025, 10, 2), 1, S.AT_RISK),  # 91 / 365 ≤ 0.25 left
            (D(2025, 12, 31), 2, S.MET),
            (D(2026, 1, 1), 1, S.MISSED),  # the 2025 period has ended
        ],
    )
    def test_worked_example(self, as_of, searches_2025, status):
        c = quota(2, "year")
        activities = on(c, D(2024, 3, 20), D(2024, 10, 2)) + on(
            c, *[D(2025, 1, 15), D(2025, 6, 10)][:searches_2025]
        )
        r = result(promise(), c, activities, as_of)
        assert r.current.count == searches_2025
        assert r.status == status

    def test_behind_needs_one_below_the_pace(self):
        c = quota(2, "year")
        r = result(promise(), c, on(c, D(2025, 1, 10)), D(2025, 7, 2))
        assert r.status == S.ON_TRACK  # 1 is not below floor(2 · 183 / 365) = 1

    def test_met_before_the_period_ends(self):
        c = quota(1, "year")
        assert result(promise(), c, on(c, D(2025, 2, 1)), D(2025, 2, 1)).status == S.MET

    def test_upcoming_before_the_promise_starts(self):
        c = quota(2, "year")
        r = result(promise(), c, [], D(2023, 12, 31))
        assert (r.status, r.current.start) == (S.UPCOMING, D(2024, 1, 1))
        assert [p.status for p in r.periods] == [S.UPCOMING, S.UPCOMING]

    def test_missed_the_day_after_a_period_ends(self):
        c = quota(1, "quarter")
        r = result(promise(), c, [], D(2024, 4, 1))
        assert [p.status for p in r.periods[:2]] == [S.MISSED, S.ON_TRACK]
        assert r.status == S.ON_TRACK  # the commitment is judged by the period holding as_of
        assert result(promise(), c, [], D(2024, 3, 31)).periods[0].status == S.BEHIND

    def test_at_risk_in_the_last_quarter_of_a_month(self):
        c = quota(1, "month")  # March 2024, 31 days: a quarter or less left from the 25th (7/31)
        assert result(promise(), c, [], D(2024, 3, 24)).status == S.ON_TRACK  # 8/31 left
        assert result(promise(), c, [], D(2024, 3, 25)).status == S.AT_RISK
        assert result(promise(), c, [], D(2024, 3, 30)).status == S.AT_RISK
        assert result(promise(), c, [], D(2024, 3, 31)).status == S.BEHIND  # floor(1·31/31) = 1

    def test_after_the_end_the_last_period_counts(self):
        c = quota(2, "year")
        r = result(promise(), c, on(c, D(2025, 3, 1), D(2025, 4, 1)), D(2027, 1, 1))
        assert (r.current.start, r.status) == (D(2025, 1, 1), S.MET)

    def test_activity_after_as_of_is_not_counted(self):
        c = quota(2, "year")
        r = result(promise(), c, on(c, D(2025, 3, 1), D(2025, 3, 2)), D(2025, 3, 1))
        assert r.current.count == 1
        assert r.last_activity == D(2025, 3, 1)

    def test_activities_outside_the_days_in_force_are_ignored(self):
        c = quota(2, "year")
        r = result(promise(), c, on(c, D(2023, 12, 31), D(2026, 1, 1)), D(2026, 6, 1))
        assert [p.count for p in r.periods] == [0, 0]
        assert r.last_activity is None

    def test_quantity_is_summed(self):
        c = quota(10, "month")
        r = result(
            promise(),
            c,
            on(c, D(2024, 1, 5), quantity=7) + on(c, D(2024, 1, 9), quantity=3),
            D(2024, 1, 9),
        )
        assert (r.current.count, r.status) == (10, S.MET)


class TestAverage:
    def test_average_per_day_over_a_year(self):
        facts = promise(D(2025, 1, 1), D(2025, 12, 31))
        c = quota(1, "day", average=True)
        r = result(facts, c, on(c, D(2025, 2, 1), quantity=80), D(2025, 3, 31))
        (evaluation,) = r.periods
        assert (evaluation.start, evaluation.end, evaluation.target) == (
            D(2025, 1, 1),
            D(2025, 12, 31),
            365,
        )
        assert (evaluation.count, r.status) == (80, S.BEHIND)  # floor(365 · 90 / 365) = 90
        assert r.rate == pytest.approx(80 / 90)

    def test_average_at_the_pace_is_on_track(self):
        facts = promise(D(2025, 1, 1), D(2025, 12, 31))
        c = quota(1, "day", average=True)
        r = result(facts, c, on(c, D(2025, 2, 1), quantity=90), D(2025, 3, 31))
        assert r.status == S.ON_TRACK

    def test_partial_periods_count_whole_in_the_total_target(self):
        facts = promise(D(2024, 3, 15), D(2024, 12, 31))
        c = quota(3, "quarter", average=True)
        (evaluation,) = result(facts, c, [], D(2024, 3, 15)).periods
        assert (evaluation.target, evaluation.partial) == (12, True)  # 4 quarters, one partial

    def test_open_ended_average_runs_to_the_end_of_the_last_period(self):
        facts = promise(D(2025, 1, 1), D(2025, 12, 31), effective_end=None)
        c = quota(1, "month", average=True)
        (evaluation,) = result(facts, c, [], D(2026, 2, 10)).periods
        assert (evaluation.end, evaluation.target) == (D(2026, 2, 28), 14)


class TestInForce:
    def test_extended_promise_gets_a_new_yearly_period(self):
        facts = promise(effective_end=None)  # until superseded, no successor yet
        c = quota(2, "year")
        r = result(facts, c, on(c, D(2024, 3, 1), D(2024, 9, 1)), D(2026, 3, 1))
        assert spans(r.periods)[-1] == (D(2026, 1, 1), D(2026, 12, 31), False)
        assert (r.current.count, r.status) == (0, S.ON_TRACK)

    def test_extended_validity_period_ends_on_as_of(self):
        facts = promise(effective_end=None)
        assert quota_periods("validity", facts, D(2026, 3, 1)) == [
            (D(2024, 1, 1), D(2026, 3, 1), False)
        ]

    def test_successor_starting_mid_year_ends_the_periods_the_day_before(self):
        facts = promise(effective_end=D(2026, 2, 28))
        c = quota(2, "year")
        r = result(facts, c, [], D(2026, 3, 1))
        assert spans(r.periods)[-1] == (D(2026, 1, 1), D(2026, 2, 28), True)
        assert (r.current.end, r.status) == (D(2026, 2, 28), S.MISSED)

    def test_successor_cutting_the_validity_short_makes_it_partial(self):
        facts = promise(effective_end=D(2025, 6, 30))
        assert quota_periods("validity", facts, D(2025, 1, 1)) == [
            (D(2024, 1, 1), D(2025, 6, 30), True)
        ]


class TestTenYearsAtMost:
    """However late ``as_of`` and however long a promise stays in force, its periods lie within
    ten years of its start (commitments.dates.MAX_SPAN_YEARS): a promise extended for ever and
    asked about in 2100 is followed up in the time of any other."""

    def test_an_extended_promise_asked_about_in_2100_has_ten_years_of_days(self):
        periods = quota_periods("day", promise(effective_end=None), D(2100, 12, 31))
        assert len(periods) == (D(2034, 1, 1) - D(2024, 1, 1)).days
        assert periods[-1] == (D(2033, 12, 31), D(2033, 12, 31), False)

    def test_until_then_periods_run_to_the_one_holding_as_of(self):
        facts = promise(effective_end=None)
        assert quota_periods("year", facts, D(2033, 6, 1))[-1] == (
            D(2033, 1, 1), D(2033, 12, 31), False,
        )  # fmt: skip
        assert quota_periods("year", facts, D(2034, 1, 1))[-1][1] == D(2033, 12, 31)

    def test_a_successor_starting_after_ten_years_ends_them_there_too(self):
        facts = promise(effective_end=D(2049, 12, 31))
        assert quota_periods("month", facts, D(2050, 1, 1))[-1][1] == D(2033, 12, 31)

    def test_the_validity_period_of_an_extended_promise_ends_there(self):
        assert quota_periods("validity", promise(effective_end=None), D(2100, 1, 1)) == [
            (D(2024, 1, 1), D(2033, 12, 31), False)
        ]

    def test_past_them_a_commitment_has_the_status_of_its_last_period(self):
        c = quota(1, "year")
        r = result(promise(effective_end=None), c, [], D(2100, 12, 31))
        assert (r.current.end, r.status) == (D(2033, 12, 31), S.MISSED)

    def test_an_average_quota_is_judged_over_them(self):
        c = quota(1, "day", average=True)
        (evaluation,) = result(promise(effective_end=None), c, [], D(2100, 12, 31)).periods
        assert (evaluation.end, evaluation.target) == (D(2033, 12, 31), 3653)


class TestJsonPeriods:
    """The JSON lists at most 366 periods of a commitment (a leap year of a daily quota); every
    period still counts in its "years"."""

    def json_of(self, c, as_of):
        data = follow_up(promise(effective_end=None), [c], [], as_of).to_json()
        return data["commitments"][0]["periods"], data["years"]

    def test_a_leap_year_of_days_is_listed_whole(self):
        periods, _ = self.json_of(quota(1, "day"), D(2024, 12, 31))
        assert len(periods) == 366
        assert (periods[0]["start"], periods[-1]["start"]) == ("2024-01-01", "2024-12-31")

    def test_more_are_the_latest_366_up_to_the_current_one(self):
        periods, years = self.json_of(quota(1, "day"), D(2030, 6, 30))
        assert len(periods) == 366
        assert (periods[0]["start"], periods[-1]["start"]) == ("2029-06-30", "2030-06-30")
        assert sum(year["periods"] for year in years) == (D(2030, 7, 1) - D(2024, 1, 1)).days

    def test_past_the_ten_years_they_are_the_last_366(self):
        periods, years = self.json_of(quota(1, "day"), D(2100, 12, 31))
        assert (len(periods), periods[-1]["end"]) == (366, "2033-12-31")
        assert years[-1] == {
            "year": 2033, "periods": 365, "met": 0, "missed": 365, "open": 0, "upcoming": 0,
        }  # fmt: skip

    def test_before_the_start_they_are_the_first_366(self):
        facts = promise(D(2024, 1, 1), D(2025, 12, 31))
        c = quota(1, "day")
        data = follow_up(facts, [c], [], D(2023, 6, 1)).to_json()
        periods = data["commitments"][0]["periods"]
        assert (len(periods), periods[0]["start"], periods[-1]["start"]) == (
            366, "2024-01-01", "2024-12-31",
        )  # fmt: skip


class TestHierarchyAndKinds:
    def test_a_childs_activity_counts_for_the_child_and_every_ancestor(self):
        walks = quota(5, "year")
        centre = quota(1, "year", parent_id=walks.id)
        evening = quota(1, "year", parent_id=centre.id)
        followup = follow_up(
            promise(),
            [walks, centre, evening],
            on(evening, D(2024, 4, 1)) + on(walks, D(2024, 5, 1)),
            D(2024, 6, 1),
        )
        counts = {r.facts.id: r.current.count for r in followup.commitments}
        assert counts == {walks.id: 2, centre.id: 1, evening.id: 1}
        parents = [r.parent_key for r in followup.commitments]
        assert parents == [None, walks.key, centre.key]
        assert [r.depth for r in followup.commitments] == [0, 1, 2]

    def test_children_follow_their_parent_in_promise_order(self):
        first, second = quota(1, "year"), quota(1, "year")
        child = quota(1, "year", parent_id=first.id)
        followup = follow_up(promise(), [first, second, child], [], D(2024, 1, 1))
        assert [r.facts.id for r in followup.commitments] == [first.id, child.id, second.id]

    def test_only_the_named_kinds_count(self):
        c = quota(5, "week", kinds=("trafikkontroll", "skolbesök", "fotpatrull"))
        activities = on(c, D(2024, 1, 8), kind=" Trafikkontroll ") + on(
            c, D(2024, 1, 9), kind="möte"
        )
        r = result(promise(), c, activities, D(2024, 1, 10))
        assert r.current.count == 1
        assert r.last_activity == D(2024, 1, 9)  # listed, though it does not count

    def test_parent_kinds_filter_a_childs_activities(self):
        parent = quota(2, "year", kinds=("skolbesök",))
        child = quota(1, "year", parent_id=parent.id)
        activities = on(child, D(2024, 2, 1), kind="möte") + on(
            child, D(2024, 3, 1), kind="skolbesök"
        )
        followup = follow_up(promise(), [parent, child], activities, D(2024, 4, 1))
        assert [r.current.count for r in followup.commitments] == [1, 2]


class TestOtherKinds:
    def test_milestone_due_dates(self):
        c = commitment("milestone", due_on=D(2024, 6, 30))
        assert result(promise(), c, [], D(2024, 6, 30)).status == S.NOT_STARTED
        assert result(promise(), c, [], D(2024, 7, 1)).status == S.MISSED
        assert result(promise(), c, on(c, D(2024, 5, 1)), D(2024, 6, 30)).status == S.IN_PROGRESS
        assert result(promise(), c, on(c, D(2024, 5, 1)), D(2024, 7, 1)).status == S.MISSED

    def test_milestone_done_once_a_completing_activity_exists(self):
        c = commitment("milestone", due_on=D(2024, 6, 30))
        done = on(c, D(2024, 8, 1), completes=True)
        assert result(promise(), c, done, D(2024, 7, 31)).status == S.MISSED
        assert result(promise(), c, done, D(2024, 8, 1)).status == S.DONE

    def test_milestone_without_due_date_is_never_missed(self):
        c = commitment("milestone")
        assert result(promise(), c, [], D(2030, 1, 1)).status == S.NOT_STARTED

    def test_ongoing_turns_inactive_after_120_days(self):
        c = commitment("ongoing")
        activities = on(c, D(2025, 1, 1))
        assert result(promise(), c, [], D(2025, 1, 1)).status == S.NOT_STARTED
        assert result(promise(), c, activities, D(2025, 4, 30)).status == S.ACTIVE  # 119 days
        assert result(promise(), c, activities, D(2025, 5, 1)).status == S.INACTIVE  # 120 days

    def test_conditional_is_not_triggered_until_something_happens(self):
        c = commitment("conditional")
        assert result(promise(), c, [], D(2025, 1, 1)).status == S.NOT_TRIGGERED
        assert result(promise(), c, on(c, D(2024, 8, 27)), D(2025, 1, 1)).status == S.ACTIVE

    def test_non_quota_commitments_have_no_periods(self):
        c = commitment("ongoing")
        r = result(promise(), c, on(c, D(2024, 2, 1)), D(2024, 3, 1))
        assert r.periods == [] and r.current is None
        assert r.to_json()["quota"] is None


class TestLightsAndSummary:
    @pytest.mark.parametrize(
        "status, light",
        [
            (S.MET, "green"), (S.ON_TRACK, "green"), (S.DONE, "green"), (S.ACTIVE, "green"),
            (S.AT_RISK, "amber"), (S.IN_PROGRESS, "amber"), (S.INACTIVE, "amber"),
            (S.NOT_STARTED, "amber"), (S.BEHIND, "red"), (S.MISSED, "red"),
            (S.UPCOMING, "grey"), (S.NOT_TRIGGERED, "grey"),
        ],
    )  # fmt: skip
    def test_traffic_light(self, status, light):
        from followup.engine import LIGHTS

        assert LIGHTS[status] == light

    def test_summary_counts_commitments_by_status(self):
        met, behind = quota(1, "year"), quota(2, "year")
        ongoing = commitment("ongoing")
        followup = follow_up(
            promise(), [met, behind, ongoing], on(met, D(2025, 1, 2)), D(2025, 8, 1)
        )
        summary = followup.to_json()["summary"]
        assert list(summary) == [
            "met", "on_track", "at_risk", "behind", "missed", "upcoming", "done",
            "in_progress", "not_started", "active", "inactive", "not_triggered",
        ]  # fmt: skip
        assert {k: v for k, v in summary.items() if v} == {"met": 1, "behind": 1, "not_started": 1}


POLICE, MUNICIPALITY, SCHOOL = 1, 2, 3  # organisation ids


def did(c, day, by=POLICE, with_=(), quantity=1, kind="", completes=False):
    """An activity on ``c`` carried out by ``by`` with the organisations ``with_`` taking part."""
    return ActivityFacts(c.id, day, quantity, kind, completes, by, frozenset(with_))


class TestFollows:
    """ "Deltagande vid kontroll" follows the police's control (the design card's example)."""

    def control_and_participation(self, target=1):
        control = quota(1, "year", responsible_ids=frozenset({POLICE}))
        participation = quota(
            target, "year", follows_id=control.id, responsible_ids=frozenset({MUNICIPALITY})
        )
        return control, participation

    def counts(self, commitments, activities, as_of):
        followup = follow_up(promise(), commitments, activities, as_of)
        return {r.facts.id: (r.current.count, r.status) for r in followup.commitments}

    def test_the_municipality_taking_part_counts_for_both(self):
        control, participation = self.control_and_participation()
        activities = [did(control, D(2025, 9, 23), with_={MUNICIPALITY})]
        counts = self.counts([control, participation], activities, D(2025, 12, 31))
        assert counts == {control.id: (1, S.MET), participation.id: (1, S.MET)}

    def test_without_the_municipality_only_the_police_commitment_is_met(self):
        control, participation = self.control_and_participation()
        activities = [did(control, D(2025, 9, 23))]
        counts = self.counts([control, participation], activities, D(2026, 1, 1))
        assert counts == {control.id: (1, S.MET), participation.id: (0, S.MISSED)}

    def test_the_follower_names_the_followed_key(self):
        control, participation = self.control_and_participation()
        followup = follow_up(promise(), [control, participation], [], D(2025, 1, 1))
        assert [r.to_json()["follows"] for r in followup.commitments] == [None, control.key]

    def test_carrying_it_out_counts_as_taking_part(self):
        joint = quota(2, "year", responsible_ids=frozenset({POLICE, MUNICIPALITY}))
        follower = quota(1, "year", follows_id=joint.id, responsible_ids=frozenset({MUNICIPALITY}))
        activities = [did(joint, D(2025, 3, 1), by=MUNICIPALITY), did(joint, D(2025, 4, 1))]
        counts = self.counts([joint, follower], activities, D(2025, 5, 1))
        assert counts[follower.id][0] == 1

    def test_its_own_activities_count_too_each_once(self):
        control, participation = self.control_and_participation(target=2)
        activities = [
            did(control, D(2025, 3, 1), with_={MUNICIPALITY}),
            did(participation, D(2025, 4, 1), by=MUNICIPALITY),
        ]
        assert self.counts([control, participation], activities, D(2025, 5, 1)) == {
            control.id: (1, S.MET),
            participation.id: (2, S.MET),
        }

    def test_the_followed_sub_commitments_activities_count(self):
        control, participation = self.control_and_participation()
        site = quota(1, "year", parent_id=control.id, responsible_ids=frozenset({POLICE}))
        activities = [did(site, D(2025, 3, 1), with_={MUNICIPALITY})]
        counts = self.counts([control, site, participation], activities, D(2025, 5, 1))
        assert counts[participation.id] == (1, S.MET)

    def test_the_followers_own_kinds_filter_what_it_counts_the_followed_ones_do_not(self):
        control = quota(3, "year", kinds=("kontroll",), responsible_ids=frozenset({POLICE}))
        participation = quota(
            3, "year", follows_id=control.id, kinds=("möte",),
            responsible_ids=frozenset({MUNICIPALITY}),
        )  # fmt: skip
        activities = [
            did(control, D(2025, 3, 1), with_={MUNICIPALITY}, kind="kontroll"),
            did(control, D(2025, 3, 2), with_={MUNICIPALITY}, kind="Möte "),
        ]
        counts = self.counts([control, participation], activities, D(2025, 5, 1))
        assert (counts[control.id][0], counts[participation.id][0]) == (1, 1)

    def test_what_a_follower_gains_does_not_count_for_its_ancestors(self):
        control = quota(1, "year", responsible_ids=frozenset({POLICE}))
        municipal = quota(5, "year", responsible_ids=frozenset({MUNICIPALITY}))
        participation = quota(
            1, "year", parent_id=municipal.id, follows_id=control.id,
            responsible_ids=frozenset({MUNICIPALITY}),
        )  # fmt: skip
        activities = [did(control, D(2025, 3, 1), with_={MUNICIPALITY})]
        counts = self.counts([control, municipal, participation], activities, D(2025, 5, 1))
        assert (counts[participation.id][0], counts[municipal.id][0]) == (1, 0)

    def test_following_is_not_transitive(self):
        first = quota(1, "year", responsible_ids=frozenset({POLICE}))
        second = quota(
            1, "year", follows_id=first.id, responsible_ids=frozenset({POLICE, MUNICIPALITY})
        )
        third = quota(1, "year", follows_id=second.id, responsible_ids=frozenset({MUNICIPALITY}))
        activities = [did(first, D(2025, 3, 1), with_={MUNICIPALITY})]
        counts = self.counts([first, second, third], activities, D(2025, 5, 1))
        assert [counts[c.id][0] for c in (first, second, third)] == [1, 1, 0]

    def test_following_its_own_parent_counts_each_activity_once(self):
        parent = quota(5, "year", responsible_ids=frozenset({POLICE}))
        child = quota(
            5,
            "year",
            parent_id=parent.id,
            follows_id=parent.id,
            responsible_ids=frozenset({POLICE}),
        )
        activities = [did(child, D(2025, 3, 1)), did(parent, D(2025, 3, 2))]
        counts = self.counts([parent, child], activities, D(2025, 5, 1))
        assert (counts[parent.id][0], counts[child.id][0]) == (2, 2)

    def test_a_follower_of_another_kind_takes_part_in_status_and_last_activity(self):
        control = quota(1, "year", responsible_ids=frozenset({POLICE}))
        ongoing = commitment(
            "ongoing", follows_id=control.id, responsible_ids=frozenset({MUNICIPALITY})
        )
        milestone = commitment(
            "milestone", follows_id=control.id, responsible_ids=frozenset({MUNICIPALITY})
        )
        activities = [did(control, D(2025, 3, 1), with_={MUNICIPALITY}, completes=True)]
        followup = follow_up(promise(), [control, ongoing, milestone], activities, D(2025, 4, 1))
        results = {r.facts.id: r for r in followup.commitments}
        assert (results[ongoing.id].status, results[ongoing.id].last_activity) == (
            S.ACTIVE,
            D(2025, 3, 1),
        )
        assert results[milestone.id].status == S.DONE


class TestNeeded:
    """What an open quota still needs, by the end of the period that gives its status."""

    @pytest.mark.parametrize(
        "as_of, searches_2025, needed",
        [
            (D(2025, 7, 1), 0, (2, D(2025, 12, 31))),  # on track
            (D(2025, 7, 2), 0, (2, D(2025, 12, 31))),  # behind
            (D(2025, 10, 2), 1, (1, D(2025, 12, 31))),  # at risk
            (D(2025, 12, 31), 2, None),  # met
            (D(2026, 1, 1), 1, None),  # missed
            (D(2023, 12, 31), 0, None),  # upcoming
        ],
    )
    def test_worked_example(self, as_of, searches_2025, needed):
        c = quota(2, "year")
        activities = on(c, *[D(2025, 1, 15), D(2025, 6, 10)][:searches_2025])
        r = result(promise(), c, activities, as_of)
        assert (None if r.needed is None else (r.needed.count, r.needed.by)) == needed
        expected = None if needed is None else {"count": needed[0], "by": needed[1].isoformat()}
        assert r.to_json()["needed"] == expected

    def test_an_average_quota_needs_the_rest_of_its_total(self):
        facts = promise(D(2025, 1, 1), D(2025, 12, 31))
        c = quota(1, "day", average=True)
        r = result(facts, c, on(c, D(2025, 2, 1), quantity=80), D(2025, 3, 31))
        assert (r.needed.count, r.needed.by) == (285, D(2025, 12, 31))

    def test_other_kinds_need_nothing_counted(self):
        c = commitment("ongoing")
        r = result(promise(), c, [], D(2025, 3, 1))
        assert r.needed is None and r.to_json()["needed"] is None
        assert r.to_json()["planned"] == 0


class TestYears:
    """Every quota period belongs to the calendar year of its end."""

    def four_quotas(self):
        return [quota(1, "year"), quota(1, "year"), quota(2, "year"), quota(1, "year")]

    def activities(self, quotas):
        met_1, met_2, short_1, _short_2 = quotas
        return on(met_1, D(2025, 3, 1)) + on(met_2, D(2025, 4, 1)) + on(short_1, D(2025, 5, 1))

    def test_on_the_last_day_two_are_met_and_two_still_open(self):
        quotas = self.four_quotas()
        followup = follow_up(promise(), quotas, self.activities(quotas), D(2025, 12, 31))
        year_2025 = followup.years[-1]
        assert (year_2025.year, year_2025.periods) == (2025, 4)
        assert (year_2025.met, year_2025.open, year_2025.missed) == (2, 2, 0)

    def test_the_next_day_the_two_open_ones_are_missed(self):
        quotas = self.four_quotas()
        followup = follow_up(promise(), quotas, self.activities(quotas), D(2026, 1, 1))
        assert followup.to_json()["years"] == [
            {"year": 2024, "periods": 4, "met": 0, "missed": 4, "open": 0, "upcoming": 0},
            {"year": 2025, "periods": 4, "met": 2, "missed": 2, "open": 0, "upcoming": 0},
        ]

    def test_future_periods_are_upcoming(self):
        followup = follow_up(promise(), [quota(1, "half_year")], [], D(2024, 3, 1))
        assert [(y.year, y.open, y.upcoming) for y in followup.years] == [
            (2024, 1, 1),
            (2025, 0, 2),
        ]

    def test_a_week_across_the_new_year_belongs_to_the_year_it_ends(self):
        facts = promise(D(2024, 12, 30), D(2025, 1, 12))
        followup = follow_up(facts, [quota(1, "week")], [], D(2025, 1, 20))
        assert [(y.year, y.periods, y.missed) for y in followup.years] == [(2025, 2, 2)]

    def test_an_average_quotas_one_evaluation_counts_once_in_its_last_year(self):
        followup = follow_up(promise(), [quota(1, "month", average=True)], [], D(2024, 6, 1))
        assert [(y.year, y.periods, y.open) for y in followup.years] == [(2025, 1, 1)]

    def test_other_kinds_have_no_periods(self):
        assert follow_up(promise(), [commitment("milestone")], [], D(2025, 1, 1)).years == []
