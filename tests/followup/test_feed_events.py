"""The days a promise's feed gives for met, missed and done: pure, over the engine's results."""

import datetime

import pytest
from hypothesis import given
from hypothesis import strategies as st

from commitments.enums import FollowupStatus as S
from followup.engine import ActivityFacts, CommitmentFacts, PromiseFacts, follow_up
from followup.feed_events import completing_only, first_day_reaching, status_events
from followup.loading import Facts

D = datetime.date
PROMISE = PromiseFacts("lofte", D(2024, 1, 1), D(2025, 12, 31), D(2025, 12, 31), "active")


def quota(id, target, per, **fields):
    return CommitmentFacts(id=id, key=f"c{id}", kind="quota", target=target, per=per, **fields)


def milestone(id, **fields):
    return CommitmentFacts(id=id, key=f"c{id}", kind="milestone", **fields)


def act(commitment_id, day, quantity=1, **fields):
    return ActivityFacts(commitment_id, day, quantity, **fields)


def events(commitments, activities, as_of, promise=PROMISE):
    facts = Facts(promise, commitments, activities, [])
    found = status_events(facts.follow_up(as_of), completing_only(facts).follow_up(as_of))
    return [(e.commitment.key, str(e.status), e.day, e.period and e.period.start) for e in found]


def counter(days):
    """count_between over activities of quantity 1 on ``days``."""
    return lambda start, end: sum(start <= day <= end for day in days)


class TestFirstDayReaching:
    def test_the_day_of_the_activity_that_reaches_the_target(self):
        count = counter([D(2025, 1, 10), D(2025, 2, 15), D(2025, 3, 1)])
        assert first_day_reaching(count, D(2025, 1, 1), D(2025, 3, 31), 2) == D(2025, 2, 15)

    def test_the_first_day_when_one_activity_is_enough(self):
        count = counter([D(2025, 1, 1)])
        assert first_day_reaching(count, D(2025, 1, 1), D(2025, 12, 31), 1) == D(2025, 1, 1)

    def test_the_last_day(self):
        count = counter([D(2025, 12, 31)])
        assert first_day_reaching(count, D(2025, 1, 1), D(2025, 12, 31), 1) == D(2025, 12, 31)

    def test_none_when_short_by_the_end(self):
        count = counter([D(2025, 1, 10)])
        assert first_day_reaching(count, D(2025, 1, 1), D(2025, 12, 31), 2) is None

    def test_none_for_an_empty_span(self):
        assert first_day_reaching(counter([]), D(2025, 1, 2), D(2025, 1, 1), 0) is None

    def test_activities_before_the_start_do_not_count(self):
        count = counter([D(2024, 12, 31), D(2025, 1, 5)])
        assert first_day_reaching(count, D(2025, 1, 1), D(2025, 1, 31), 1) == D(2025, 1, 5)

    @given(
        st.lists(st.integers(min_value=0, max_value=400), max_size=12),
        st.integers(min_value=1, max_value=6),
    )
    def test_it_is_the_day_a_day_by_day_walk_finds(self, offsets, target):
        start, end = D(2025, 1, 1), D(2025, 12, 31)
        days = [start + datetime.timedelta(days=n) for n in offsets]
        count = counter(days)
        walked = next(
            (
                start + datetime.timedelta(days=n)
                for n in range((end - start).days + 1)
                if count(start, start + datetime.timedelta(days=n)) >= target
            ),
            None,
        )
        assert first_day_reaching(count, start, end, target) == walked


class TestQuotaEvents:
    def test_met_on_the_day_the_target_was_reached_missed_the_day_after_the_end(self):
        found = events(
            [quota(1, 2, "quarter")],
            [act(1, D(2025, 1, 10)), act(1, D(2025, 2, 15)), act(1, D(2025, 3, 20))]
            + [act(1, D(2025, 4, 5))],
            D(2025, 10, 20),
        )
        by_period = {start: (status, day) for _key, status, day, start in found}
        assert by_period[D(2025, 1, 1)] == ("met", D(2025, 2, 15))
        assert by_period[D(2025, 4, 1)] == ("missed", D(2025, 7, 1))
        assert by_period[D(2025, 7, 1)] == ("missed", D(2025, 10, 1))
        assert D(2025, 10, 1) not in by_period  # open: no event yet
        assert by_period[D(2024, 10, 1)] == ("missed", D(2025, 1, 1))
        assert len(found) == 7  # four of 2024, three of 2025

    def test_a_quantity_can_reach_the_target_at_once(self):
        found = events([quota(1, 5, "year")], [act(1, D(2025, 3, 3), quantity=5)], D(2025, 6, 1))
        assert ("c1", "met", D(2025, 3, 3), D(2025, 1, 1)) in found

    def test_only_activities_of_the_allowed_kinds(self):
        commitment = quota(1, 1, "year", kinds=("trafikkontroll",))
        found = events(
            [commitment],
            [act(1, D(2025, 2, 1), kind="skolbesök"), act(1, D(2025, 3, 1), kind="trafikkontroll")],
            D(2025, 6, 1),
        )
        assert ("c1", "met", D(2025, 3, 1), D(2025, 1, 1)) in found

    def test_a_sub_commitment_s_activity_counts_for_its_parent(self):
        parent, child = quota(1, 2, "year"), quota(2, 1, "year", parent_id=1)
        found = events(
            [parent, child], [act(1, D(2025, 1, 5)), act(2, D(2025, 4, 4))], D(2025, 6, 1)
        )
        assert ("c1", "met", D(2025, 4, 4), D(2025, 1, 1)) in found
        assert ("c2", "met", D(2025, 4, 4), D(2025, 1, 1)) in found

    def test_a_follower_is_met_by_the_followed_activity_it_took_part_in(self):
        police = quota(1, 1, "year", responsible_ids=frozenset({10}))
        municipality = quota(2, 1, "year", follows_id=1, responsible_ids=frozenset({20}))
        found = events(
            [police, municipality],
            [
                act(1, D(2025, 2, 2), organisation_id=10),
                act(1, D(2025, 5, 5), organisation_id=10, participants=frozenset({20})),
            ],
            D(2025, 6, 1),
        )
        assert ("c1", "met", D(2025, 2, 2), D(2025, 1, 1)) in found
        assert ("c2", "met", D(2025, 5, 5), D(2025, 1, 1)) in found

    def test_nothing_after_as_of_and_nothing_outside_the_days_in_force(self):
        found = events(
            [quota(1, 1, "year")],
            [act(1, D(2023, 12, 31)), act(1, D(2025, 7, 1))],
            D(2025, 6, 30),
        )
        assert [e for e in found if e[3] == D(2025, 1, 1)] == []
        assert found == [("c1", "missed", D(2025, 1, 1), D(2024, 1, 1))]

    def test_an_average_quota_is_met_once_over_its_whole_span(self):
        average = quota(1, 1, "month", average=True)
        activities = [act(1, D(2024, 1, 1), quantity=23), act(1, D(2025, 3, 3))]
        assert events([average], activities, D(2025, 6, 1)) == [
            ("c1", "met", D(2025, 3, 3), D(2024, 1, 1))
        ]
        assert events([average], activities[:1], D(2026, 1, 5)) == [
            ("c1", "missed", D(2026, 1, 1), D(2024, 1, 1))
        ]


class TestMilestoneEvents:
    def test_done_on_the_first_completing_activity(self):
        found = events(
            [milestone(1)],
            [
                act(1, D(2025, 4, 1)),
                act(1, D(2025, 5, 5), completes=True),
                act(1, D(2025, 6, 6), completes=True),
            ],
            D(2025, 10, 20),
        )
        assert found == [("c1", "done", D(2025, 5, 5), None)]

    def test_a_completing_activity_on_a_sub_commitment_completes_the_parent(self):
        found = events(
            [milestone(1), milestone(2, parent_id=1)],
            [act(2, D(2025, 3, 3), completes=True)],
            D(2025, 10, 20),
        )
        assert found == [("c1", "done", D(2025, 3, 3), None), ("c2", "done", D(2025, 3, 3), None)]

    def test_missed_the_day_after_its_due_date(self):
        found = events([milestone(1, due_on=D(2025, 6, 30))], [], D(2025, 10, 20))
        assert found == [("c1", "missed", D(2025, 7, 1), None)]

    def test_in_progress_and_not_yet_due_give_nothing(self):
        assert events([milestone(1, due_on=D(2025, 12, 31))], [], D(2025, 10, 20)) == []
        assert events([milestone(1)], [act(1, D(2025, 4, 1))], D(2025, 10, 20)) == []

    def test_a_completion_after_as_of_is_not_told(self):
        found = events([milestone(1)], [act(1, D(2025, 11, 1), completes=True)], D(2025, 10, 20))
        assert found == []

    @pytest.mark.parametrize("kind", ["ongoing", "conditional"])
    def test_other_kinds_give_nothing(self, kind):
        commitment = CommitmentFacts(id=1, key="c1", kind=kind)
        assert events([commitment], [act(1, D(2025, 4, 1), completes=True)], D(2025, 10, 20)) == []

    def test_without_the_completions_no_done_event(self):
        facts = Facts(PROMISE, [milestone(1)], [act(1, D(2025, 5, 5), completes=True)], [])
        assert status_events(facts.follow_up(D(2025, 10, 20))) == []


def test_events_agree_with_the_engine_s_statuses():
    """Every met or missed period has an event, and an event's day is never after as_of."""
    commitments = [quota(1, 3, "month"), quota(2, 1, "week"), milestone(3, due_on=D(2024, 6, 1))]
    activities = [act(1, D(2024, 1, 1) + datetime.timedelta(days=n)) for n in range(0, 600, 9)]
    activities += [act(2, D(2024, 1, 1) + datetime.timedelta(days=n)) for n in range(0, 600, 11)]
    as_of = D(2025, 8, 15)
    followup = follow_up(PROMISE, commitments, activities, as_of)
    found = events(commitments, activities, as_of)
    settled = [
        (r.key, str(p.status), p.start)
        for r in followup.commitments
        for p in r.periods
        if p.status in (S.MET, S.MISSED)
    ]
    assert sorted(settled) == sorted((k, s, start) for k, s, _d, start in found if start)
    assert all(day <= as_of for _k, _s, day, _start in found)
