"""The reliability diagram of `make eval`: bins of confidence against the share of right rows."""

from __future__ import annotations

from pipeline.reliability import bins, svg


def test_rows_are_binned_by_tenths_of_confidence_with_their_share_right():
    rows = [(0.95, True), (0.91, True), (0.92, False), (0.15, False), (1.0, True)]
    assert [(round(c, 3), round(s, 3), n) for c, s, n in bins(rows)] == [(0.15, 0.0, 1), (0.945, 0.75, 4)]


def test_the_diagram_is_one_svg_with_a_line_and_a_label_per_corpus():
    out = svg({"dev": [(0.9, True), (0.2, False)], "held-out <35>": [(0.7, True)]})
    assert out.startswith("<svg") and out.rstrip().endswith("</svg>")
    assert out.count("<polyline") == 1 and "held-out &lt;35&gt; (1 rows)" in out and "dev (2 rows)" in out
