"""The outcome and the attention list, pinned at their boundary dates (plain data, no database)."""

import datetime

from commitments.enums import FollowupStatus as S
from followup.engine import follow_up
from followup.outcome import Outcome, needs_attention

from .test_engine import commitment, on, promise, quota

D = datetime.date


def outcome(facts, commitments, activities, as_of):
    return Outcome.of(follow_up(facts, commitments, activities, as_of))


class TestOutcome:
    def dog_searches(self):
        c = quota(2, "year", unit="hundsök", unit_one="hundsök")
        return c, on(c, D(2024, 3, 20), D(2024, 10, 2), D(2025, 4, 9))

    def test_nothing_to_say_until_a_period_has_ended(self):
        c, activities = self.dog_searches()
        assert outcome(promise(), [c], activities, D(2024, 12, 31)) is None
        result = outcome(promise(), [c], activities, D(2025, 1, 1))
        assert (result.final, [y.year for y in result.years]) == (False, [2024, 2025])
        assert (result.total.met, result.total.open, result.missed) == (1, 1, [])

    def test_final_from_the_promises_last_day(self):
        c, activities = self.dog_searches()
        assert not outcome(promise(), [c], activities, D(2025, 12, 30)).final
        last_day = outcome(promise(), [c], activities, D(2025, 12, 31))
        assert (last_day.final, last_day.end) == (True, D(2025, 12, 31))
        assert (last_day.total.met, last_day.total.open, last_day.total.missed) == (1, 1, 0)

    def test_the_day_after_the_end_the_short_period_is_missed_and_listed(self):
        c, activities = self.dog_searches()
        result = outcome(promise(), [c], activities, D(2026, 1, 1))
        assert (result.total.met, result.total.missed, result.total.open) == (1, 1, 0)
        (missed,) = result.missed
        assert missed.result.facts.id == c.id
        assert [(m.label, m.period.count, m.period.target) for m in missed.periods] == [
            ("2025", 1, 2)
        ]

    def test_an_extended_promise_is_judged_at_its_given_end(self):
        c, activities = self.dog_searches()
        facts = promise(effective_end=None)  # runs on until a new promise is given
        result = outcome(facts, [c], activities, D(2026, 3, 1))
        assert (result.final, result.end) == (True, D(2025, 12, 31))
        assert [y.year for y in result.years] == [2024, 2025]  # not the open 2026 period

    def test_a_successor_ends_it_on_the_day_before_it_starts(self):
        c, activities = self.dog_searches()
        facts = promise(effective_end=D(2026, 2, 28))
        result = outcome(facts, [c], activities, D(2026, 3, 1))
        assert (result.final, result.end) == (True, D(2026, 2, 28))
        assert [(y.year, y.missed) for y in result.years] == [(2024, 0), (2025, 1), (2026, 1)]

    def test_milestones_done_are_counted(self):
        done, open_ = commitment("milestone"), commitment("milestone")
        result = outcome(promise(), [done, open_], on(done, D(2024, 5, 1), completes=True),
                         D(2026, 1, 1))  # fmt: skip
        assert (result.milestones, result.milestones_done) == (2, 1)


class TestNeedsAttention:
    def test_a_period_missed_in_the_last_closed_year_stays_listed(self):
        c = quota(2, "year")
        activities = on(c, D(2025, 4, 9))
        facts = promise(effective_end=None)
        (item,) = needs_attention(follow_up(facts, [c], activities, D(2026, 3, 1)))
        assert item.status == S.MISSED and item.result.status == S.ON_TRACK
        assert [m.label for m in item.missed] == ["2025"]

    def test_after_a_year_more_it_is_no_longer_listed(self):
        c = quota(2, "year")
        facts = promise(effective_end=None)
        activities = on(c, D(2024, 3, 1), D(2024, 4, 1), D(2025, 4, 9), D(2026, 2, 1),
                        D(2026, 3, 1))  # fmt: skip
        assert needs_attention(follow_up(facts, [c], activities, D(2027, 3, 1))) == []

    def test_most_urgent_first(self):
        behind, at_risk = quota(2, "year"), quota(2, "year")
        missed = quota(1, "half_year")  # three terms missed, the autumn of 2025 on track
        inactive, fine = commitment("ongoing"), quota(1, "year")
        activities = (
            on(at_risk, D(2024, 3, 1), D(2024, 4, 1), D(2025, 3, 1))
            + on(inactive, D(2025, 1, 1))
            + on(fine, D(2024, 3, 1), D(2025, 3, 1))
        )
        as_of = D(2025, 10, 20)
        followup = follow_up(
            promise(), [inactive, fine, at_risk, missed, behind], activities, as_of
        )
        items = needs_attention(followup)
        assert [(item.result.facts.id, item.status) for item in items] == [
            (behind.id, S.BEHIND),
            (missed.id, S.MISSED),
            (at_risk.id, S.AT_RISK),
            (inactive.id, S.INACTIVE),
        ]
        assert [m.label for m in items[0].missed] == ["2024"]
        assert [m.label for m in items[1].missed] == ["vår 2024", "höst 2024", "vår 2025"]
        assert items[2].missed == []
