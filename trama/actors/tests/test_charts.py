from trama.actors.charts import BAR_AREA, LABEL_WIDTH, bar_chart


def test_bars_are_proportional_and_stacked_by_series():
    chart = bar_chart(
        [("Ascolto", [2, 1, 0]), ("Co-pianificazione", [1, 0, 0])], ["Istituzione", "Stakeholder", "Cittadini"]
    )

    first, second = chart.bars
    assert first.total == 3
    assert [s.series for s in first.segments] == ["Istituzione", "Stakeholder"]
    assert first.segments[0].x == LABEL_WIDTH
    assert first.segments[1].x == LABEL_WIDTH + first.segments[0].width
    assert sum(s.width for s in first.segments) == BAR_AREA
    assert second.segments[0].width == BAR_AREA / 3
    assert [name for name, _ in chart.legend] == ["Istituzione", "Stakeholder", "Cittadini"]


def test_long_labels_are_shortened_in_the_picture_but_kept_whole_for_the_description():
    label = "Già nella rete prima del processo partecipativo lungo"

    [bar] = bar_chart([(label, [0])], ["nuovi"]).bars

    assert bar.label.endswith("…")
    assert len(bar.label) <= 34
    assert bar.full_label == label
    assert bar.segments == []
    assert bar_chart([(label, [0])], ["nuovi"]).legend == []
