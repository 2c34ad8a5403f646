"""The SVG charts: accessible images with escaped text, one rect per non-zero value."""

from aordesk.dashboard.charts import Series, bar_chart, nice_ceiling, stacked_bar_chart


def draw(labels, values):
    return bar_chart(
        title="Open claims",
        desc="By age",
        labels=labels,
        values=values,
        x_label="Days",
        y_label="Claims",
    )


def test_a_chart_is_an_image_with_a_title_and_a_description():
    svg = draw(["0-2"], [3])
    assert svg.startswith("<svg") and svg.endswith("</svg>")
    assert 'role="img"' in svg
    assert "<title id=" in svg and ">Open claims</title>" in svg
    assert "<desc id=" in svg and ">By age</desc>" in svg


def test_a_chart_without_data_says_so_and_draws_no_bar():
    for svg in (draw([], []), draw(["0-2", "3-5"], [0, 0])):
        assert "No data" in svg
        assert "<rect" not in svg


def test_a_chart_with_one_bar_draws_one_bar_with_its_axis_labels():
    svg = draw(["0-2"], [4])
    assert svg.count("<rect") == 1
    assert "0-2, Claims: 4" in svg
    assert ">Days</text>" in svg and ">Claims</text>" in svg


def test_a_bar_chart_draws_no_rect_for_a_zero_value():
    assert draw(["a", "b", "c"], [1, 0, 2]).count("<rect") == 2


def test_a_stacked_chart_stacks_each_series_and_draws_a_legend():
    svg = stacked_bar_chart(
        title="Determinations",
        desc="By code",
        labels=["Jan", "Feb"],
        series=[Series("SENT", [1, 2]), Series("HELD", [3, 0])],
        x_label="Month",
        y_label="Count",
    )
    assert svg.count("<rect") == 3 + 2  # three bars' pieces and two legend keys
    assert ">SENT</text>" in svg and ">HELD</text>" in svg


def test_every_text_of_a_chart_is_escaped():
    svg = bar_chart(
        title="<script>", desc="a & b", labels=["<b>"], values=[1], x_label="x", y_label="y"
    )
    assert "<script>" not in svg and "<b>" not in svg
    assert "&lt;script&gt;" in svg and "a &amp; b" in svg


def test_the_axis_top_is_the_next_round_number():
    assert [nice_ceiling(n) for n in (1, 3, 7, 10, 11, 140)] == [1, 5, 10, 10, 20, 200]
