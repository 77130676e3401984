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
