"""The bar chart of one measure by year: round ticks, gaps left empty, notes for what is not drawn."""

import pytest

from search_cli.browse.serve.chart import bar_chart, nice_step


def sums(rows, field="new_requests"):
    return {"field": field, "by": ["year"], "rows": [{"group": [g], "sum": s, "reports": n, "missing": m}
                                                    for g, s, n, m in rows]}


@pytest.mark.parametrize("top, step", [(0, 1), (3, 1), (11, 5), (15, 5), (98, 50), (1234, 500), (40_000, 10_000)])
def test_nice_steps(top, step):
    assert nice_step(top) == step


def test_bars_fit_the_plot_and_axes_are_titled():
    chart = bar_chart(sums([("2019", 10, 3, 0), ("2020", 2500, 4, 1), ("2022", 7, 2, 0)]))
    assert chart.y_title == "本年新收申请（件）" and chart.x_title == "年度"
    assert [b.year for b in chart.bars] == [2019, 2020, 2021, 2022]
    gap = chart.bars[2]
    assert gap.value is None and gap.height == 0  # no report in 2021: nothing drawn, not a 0
    for bar in chart.bars:
        assert chart.left <= bar.x and bar.x + bar.width <= chart.right
        assert chart.top <= bar.y <= chart.bottom
    assert max(b.height for b in chart.bars) <= chart.bottom - chart.top
    assert chart.ticks[0][1] == "0" and chart.ticks[-1][1] == "3,000"
    assert "no report for 2021" in chart.notes
    assert "1 report(s) do not state 本年新收申请: they add nothing to the bars" in chart.notes


def test_many_years_thin_their_labels_and_keep_the_latest():
    chart = bar_chart(sums([(str(y), y - 1990, 1, 0) for y in range(1995, 2026)]))
    shown = [b.year for b in chart.bars if b.show_year]
    assert shown[-1] == 2025 and len(shown) < len(chart.bars)
    assert all(b - a >= 2 for a, b in zip(shown, shown[1:]))


def test_unreadable_years_are_counted_not_drawn():
    chart = bar_chart(sums([("2020", 5, 2, 0), ("2020年", 3, 1, 0), ("", 0, 2, 2)]))
    assert [b.year for b in chart.bars] == [2020]
    assert "3 report(s) with no readable year are not in the chart" in chart.notes
    assert bar_chart(sums([])).empty
