"""The outcome indicators' line chart at its edges, and each indicator's summary in words.

Plain values in, geometry and Swedish text out: no database. The Swedish words need the
strings of followup/indicator_display.py in the catalogue.
"""

import datetime
from decimal import Decimal

import pytest
from django.template.loader import render_to_string
from django.utils import translation

from followup.indicator_display import (
    IndicatorView,
    decimals_of,
    format_value,
    indicator_groups,
    summary,
    trend_label,
)
from followup.indicators import (
    HIGHER_IS_BETTER,
    LOWER_IS_BETTER,
    IndicatorFacts,
    Measurement,
    evaluate,
)
from followup.line_charts import DATE_GAP, HEIGHT, YEAR_GAP, line_chart, nice_scale

D = datetime.date
AS_OF = D(2025, 10, 20)
BASELINE = (D(2023, 10, 1), "18.0")


def m(on, text, note=""):
    return Measurement(on, Decimal(text), note)


def facts(values=(), baseline=BASELINE, target="15.0", **fields):
    return IndicatorFacts(
        key=fields.pop("key", "otrygghet"),
        name=fields.pop("name", "Andel som känner sig otrygga"),
        unit=fields.pop("unit", "percent"),
        direction=fields.pop("direction", LOWER_IS_BETTER),
        source=fields.pop("source", "Polisens trygghetsmätning"),
        focus_area=fields.pop("focus_area", None),
        baseline=m(*baseline) if baseline else None,
        target=Decimal(target) if target is not None else None,
        values=tuple(m(*value) for value in values),
    )


def result(*args, as_of=AS_OF, **kwargs):
    (one,) = evaluate([facts(*args, **kwargs)], as_of)
    return one


def chart(values, baseline=None, target=None, unit="percent"):
    values = [m(*value) for value in values]
    return line_chart(
        "Titel",
        "Beskrivning",
        values,
        baseline=m(*baseline) if baseline else None,
        target=Decimal(target) if target is not None else None,
        fmt=lambda value, decimals=None: f"{value}",
        unit=unit,
    )


@pytest.fixture
def swedish():
    with translation.override("sv"):
        yield


# ---------------------------------------------------------------------------------------------
# The y axis


@pytest.mark.parametrize(
    "low, high, options, expected",
    [
        ("15", "18", {}, ("15", "18", "1")),  # a fall from 18 to 15 is not drawn from 0
        ("1", "3", {}, ("0", "3", "1")),  # near zero: from zero
        ("0", "0", {}, ("0", "1", "0.25")),  # all zero: room above
        ("0", "0", {"integers": True}, ("0", "1", "1")),  # counts keep whole steps
        ("18", "18", {}, ("16", "20", "1")),  # equal: room above and below
        ("80", "99", {"percent": True}, ("80", "100", "5")),
        ("0", "99.5", {"percent": True}, ("0", "100", "25")),  # never above 100 %
        ("98", "1234", {}, ("0", "1500", "500")),
        ("0.2", "0.9", {}, ("0", "1", "0.25")),
    ],
)
def test_y_axis_has_round_steps_around_the_figures(low, high, options, expected):
    bottom, top, step = nice_scale(Decimal(low), Decimal(high), **options)
    assert (bottom, top, step) == tuple(Decimal(e) for e in expected)


# ---------------------------------------------------------------------------------------------
# Geometry at the edges


def test_one_value_is_a_marker_in_the_middle_without_a_line():
    drawn = chart([(D(2024, 10, 1), "17.2")])
    (marker,) = drawn.markers
    assert marker.x == pytest.approx((drawn.left + drawn.plot_right) / 2)
    assert drawn.top <= marker.y <= drawn.bottom
    assert [label.text for label in drawn.labels] == ["2024"]
    assert "<polyline" not in render_to_string(
        "followup/charts/line_chart_drawing.svg", {"chart": drawn}
    )


def test_baseline_and_one_value_stand_at_either_end():
    drawn = chart([(D(2024, 10, 1), "17.2")], baseline=(D(2023, 10, 1), "18.0"))
    assert drawn.baseline.x < drawn.markers[0].x
    assert drawn.baseline.x == pytest.approx(drawn.left + 14)
    assert drawn.markers[0].x == pytest.approx(drawn.plot_right - 14)
    assert drawn.baseline.y < drawn.markers[0].y  # 18 is higher up than 17.2
    assert [label.text for label in drawn.labels] == ["2023", "2024"]


def test_equal_values_lie_on_one_line_inside_the_plot():
    drawn = chart([(D(2022 + n, 10, 1), "18.0") for n in range(3)], baseline=(D(2021, 10, 1), "18"))
    ys = {round(marker.y, 3) for marker in drawn.markers} | {round(drawn.baseline.y, 3)}
    assert len(ys) == 1
    (y,) = ys
    assert drawn.top < y < drawn.bottom


def test_zero_stands_on_the_axis():
    drawn = chart([(D(2023, 1, 1), "0"), (D(2024, 1, 1), "4")], unit="count")
    assert drawn.markers[0].y == pytest.approx(drawn.bottom)
    assert drawn.ticks[0].label == "0"
    assert drawn.markers[1].y < drawn.markers[0].y


def test_all_zero_values_are_drawn():
    drawn = chart([(D(2023, 1, 1), "0"), (D(2024, 1, 1), "0")])
    assert all(marker.y == pytest.approx(drawn.bottom) for marker in drawn.markers)
    assert len(drawn.ticks) >= 2


def test_values_crossing_the_target_stand_on_either_side_of_it():
    drawn = chart(
        [(D(2023, 10, 1), "17"), (D(2024, 10, 1), "15.5"), (D(2025, 10, 1), "14")],
        baseline=(D(2022, 10, 1), "18"),
        target="15",
    )
    target = next(ref for ref in drawn.references if ref.kind == "target")
    above = [marker for marker in drawn.markers if marker.y < target.y]
    below = [marker for marker in drawn.markers if marker.y > target.y]
    assert len(above) == 2 and len(below) == 1
    assert target.word == "Target" or target.word == "Mål"
    assert target.dash and next(r for r in drawn.references if r.kind == "baseline").dash


def test_target_outside_the_values_widens_the_axis():
    drawn = chart([(D(2024, 1, 1), "30"), (D(2025, 1, 1), "32")], target="50")
    target = next(ref for ref in drawn.references if ref.kind == "target")
    assert drawn.top <= target.y < min(marker.y for marker in drawn.markers)


def test_words_of_a_target_equal_to_the_baseline_do_not_overlap():
    drawn = chart([(D(2024, 1, 1), "16")], baseline=(D(2023, 1, 1), "15"), target="15")
    baseline, target = sorted(drawn.references, key=lambda ref: ref.word_y)
    assert baseline.y == pytest.approx(target.y)
    assert target.word_y - baseline.word_y >= 13


def test_many_values_thin_the_labels_and_keep_the_latest():
    days = [D(2020, 1, 15) + datetime.timedelta(days=30 * n) for n in range(72)]
    drawn = chart([(day, str(n % 9)) for n, day in enumerate(days)])
    assert len(drawn.markers) == 72
    assert drawn.radius < 4
    xs = [label.x for label in drawn.labels]
    assert all(b - a >= YEAR_GAP for a, b in zip(xs, xs[1:], strict=False))
    assert [label.text for label in drawn.labels] == ["2021", "2022", "2023", "2024", "2025"]


def test_values_within_a_year_are_labelled_by_date_and_kept_apart():
    days = [D(2025, 1, 1) + datetime.timedelta(days=7 * n) for n in range(20)]
    drawn = chart([(day, "5") for day in days])
    texts = [label.text for label in drawn.labels]
    assert texts[-1] == days[-1].isoformat()
    xs = [label.x for label in drawn.labels]
    assert all(b - a >= DATE_GAP for a, b in zip(xs, xs[1:], strict=False))


def test_markers_carry_date_value_and_note_as_a_tooltip():
    drawn = chart([(D(2024, 10, 1), "17.2", "Fiktiva demodata")])
    assert drawn.markers[0].title == "2024-10-01: 17.2 (Fiktiva demodata)"


def test_drawing_is_an_image_with_title_and_description():
    drawn = chart(
        [(D(2024, 10, 1), "17.2", "Fiktiva demodata"), (D(2025, 10, 1), "16")], target="15"
    )
    assert (drawn.title, drawn.description) == ("Titel", "Beskrivning")
    svg = render_to_string("followup/charts/line_chart_drawing.svg", {"chart": drawn})
    assert f'<title id="{drawn.id}-title">Titel</title>' in svg
    assert f'<desc id="{drawn.id}-desc">Beskrivning</desc>' in svg
    assert 'role="img"' in svg
    assert f'aria-labelledby="{drawn.id}-title {drawn.id}-desc"' in svg
    assert "<title>2025-10-01: 16</title>" in svg
    assert 'stroke-dasharray="7 4"' in svg  # the target: dashed, not colour alone
    assert f'viewBox="0 0 640 {HEIGHT}"' in svg


def test_a_chart_needs_a_value():
    with pytest.raises(ValueError):
        chart([])


# ---------------------------------------------------------------------------------------------
# Numbers and words (Swedish)


def test_figures_of_an_indicator_share_their_decimals():
    assert decimals_of(facts([(D(2024, 10, 1), "17.2")])) == 1
    assert decimals_of(facts([(D(2024, 10, 1), "17")], baseline=(D(2023, 1, 1), "18"))) == 0
    assert decimals_of(facts([(D(2024, 1, 1), "0.125")])) == 3


def test_numbers_the_swedish_way(swedish):
    assert format_value(Decimal("18.0"), "percent", 1) == "18,0\u00a0%"
    assert format_value(Decimal("1234"), "count", 0) == "1\u00a0234"
    assert format_value(Decimal("4.25"), "rate", 2) == "4,25"
    assert format_value(Decimal("102.5"), "index", 1) == "102,5"


@pytest.mark.parametrize(
    "values, direction, expected",
    [
        (
            [(D(2024, 10, 1), "17.2"), (D(2025, 10, 1), "16.0")],
            LOWER_IS_BETTER,
            "18,0\u00a0% → 16,0\u00a0% sedan 2023, målet 15,0\u00a0%: förbättring",
        ),
        (
            [(D(2025, 10, 1), "16.0")],  # whole numbers all: no decimals
            HIGHER_IS_BETTER,
            "18\u00a0% → 16\u00a0% sedan 2023, målet 15\u00a0%: försämring",
        ),
        (
            [(D(2025, 10, 1), "18.1")],
            LOWER_IS_BETTER,
            "18,0\u00a0% → 18,1\u00a0% sedan 2023, målet 15,0\u00a0%: oförändrat",
        ),
        ([], LOWER_IS_BETTER, "Baslinje 18\u00a0% (2023), målet 15\u00a0%: inga mätvärden"),
    ],
    ids=["improving", "worsening", "unchanged", "no-data"],
)
def test_summary_for_each_trend(swedish, values, direction, expected):
    assert summary(result(values, direction=direction)) == expected


def test_summary_of_a_count_without_target(swedish):
    shown = result(
        [(D(2025, 10, 1), "1180")], baseline=(D(2022, 1, 1), "1234"), target=None, unit="count"
    )
    assert summary(shown) == "1\u00a0234 → 1\u00a0180 sedan 2022: förbättring"


def test_summary_of_a_rate_and_an_index(swedish):
    rate = result(
        [(D(2025, 1, 1), "4.75")], baseline=(D(2023, 1, 1), "5.5"), target="4", unit="rate"
    )
    assert summary(rate) == "5,50 → 4,75 sedan 2023, målet 4,00: förbättring"
    index = result(
        [(D(2025, 1, 1), "96")],
        baseline=(D(2023, 1, 1), "100"),
        target="110",
        unit="index",
        direction=HIGHER_IS_BETTER,
    )
    assert summary(index) == "100 → 96 sedan 2023, målet 110: försämring"


def test_values_without_baseline_have_no_trend(swedish):
    shown = result([(D(2025, 1, 1), "16")], baseline=None, target=None)
    assert trend_label(shown) == "ingen baslinje"
    assert summary(shown) == "Senast 16\u00a0% (2025): ingen baslinje"
    nothing = result([], baseline=None, target=None)
    assert summary(nothing) == "Ingen baslinje och inga mätvärden ännu"


def test_values_after_as_of_are_not_seen(swedish):
    shown = IndicatorView.of(
        result([(D(2024, 10, 1), "17.2"), (D(2025, 11, 1), "12.0")], as_of=AS_OF)
    )
    assert [row.on for row in shown.rows] == [D(2024, 10, 1)]
    assert len(shown.chart.markers) == 1
    assert "12,0" not in shown.summary
    # ... but the later value still sets the decimals, so they do not change with the date
    assert shown.rows[0].value == "17,2\u00a0%"


def test_view_of_an_indicator_without_values_has_no_chart(swedish):
    shown = IndicatorView.of(result([]))
    assert shown.chart is None and shown.rows == []
    assert shown.trend_label == "inga mätvärden"
    assert shown.badge_class == "text-bg-light border"


def test_view_rows_hold_every_value_with_its_note(swedish):
    shown = IndicatorView.of(
        result([(D(2024, 10, 1), "17.2", "Fiktiva demodata"), (D(2025, 10, 1), "16.4")])
    )
    assert [(row.on, row.value, row.note) for row in shown.rows] == [
        (D(2024, 10, 1), "17,2\u00a0%", "Fiktiva demodata"),
        (D(2025, 10, 1), "16,4\u00a0%", ""),
    ]
    assert shown.direction_label == "Lägre är bättre"
    assert shown.baseline == "18,0\u00a0%" and shown.target == "15,0\u00a0%"
    assert shown.chart.description.startswith(shown.summary)
    assert "2 mätvärden, uppmätta 2024-10-01 till 2025-10-01." in shown.chart.description


def test_groups_put_the_whole_promise_first_then_areas_in_order():
    results = evaluate(
        [
            facts(key="a", focus_area="Trafik"),
            facts(key="b", focus_area=None),
            facts(key="c", focus_area="Narkotika"),
            facts(key="d", focus_area="Trafik"),
        ],
        AS_OF,
    )
    groups = indicator_groups(results, ["Narkotika", "Trafik"])
    assert [(g.title, [r.key for r in g.indicators]) for g in groups] == [
        (None, ["b"]),
        ("Narkotika", ["c"]),
        ("Trafik", ["a", "d"]),
    ]
