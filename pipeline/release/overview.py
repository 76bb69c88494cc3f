"""overview.html: a first look at a release without writing SQL, one self-contained file (plotly.js is
inside it, so it opens with no network): the restriction timeline, meetings per month by format, the
countries that meet most, and what changed since the previous release. Each chart names the table and
the query behind it, and draws one mark per row of that query."""

from __future__ import annotations

import html
from dataclasses import dataclass
from pathlib import Path

import duckdb
import plotly.graph_objects as go
from plotly.offline import get_plotlyjs

OVERVIEW = "overview.html"
ACTION_COLOURS = {"in_force": "#b2182b", "announced": "#ef8a62", "suspended": "#67a9cf", "lifted": "#2166ac",
                  "expired": "#999999", "undated": "#cccccc"}


@dataclass
class Chart:
    chart_id: str
    title: str
    table: str
    sql: str
    rows: int
    figure: go.Figure


TIMELINE_SQL = """SELECT imposing_iso3 || ' · ' || mineral_id || coalesce(' → ' || target_iso3, '') AS measure,
       coalesce(effective_date, announced_date, first_reported_date, status_date) AS starts,
       CASE WHEN latest_step IN ('lifted', 'suspended') THEN latest_step_date ELSE status_date END AS ends,
       status, action, restriction_id
FROM restriction_timeline
WHERE coalesce(effective_date, announced_date, first_reported_date, status_date) IS NOT NULL
ORDER BY imposing_iso3, mineral_id, starts"""

MEETINGS_SQL = """SELECT strftime(start_date, '%Y-%m') AS month, meeting_format, count(*) AS meetings
FROM meeting_calendar
WHERE start_date IS NOT NULL
GROUP BY ALL
ORDER BY month, meeting_format"""

PAIRS_SQL = """SELECT country_a_name || ' – ' || country_b_name AS pair, meeting_count
FROM country_meeting_pairs
ORDER BY meeting_count DESC, pair
LIMIT 15"""


def _timeline(con: duckdb.DuckDBPyConnection) -> Chart:
    rows = con.execute(TIMELINE_SQL).fetchall()
    fig = go.Figure()
    for status, colour in ACTION_COLOURS.items():
        mine = [r for r in rows if r[3] == status]
        if not mine:
            continue
        # a bar from the measure's start to its end (at least one day, so a measure of one day shows)
        widths = [max(((r[2] or r[1]) - r[1]).days, 1) * 86_400_000 for r in mine]
        fig.add_trace(go.Bar(y=[r[0] for r in mine], x=widths, base=[r[1].isoformat() for r in mine],
                             orientation="h", name=status, marker_color=colour, customdata=[r[5] for r in mine],
                             hovertemplate="%{y}<br>%{base|%Y-%m-%d} to %{x}<br>restriction_id %{customdata}"))
    fig.update_layout(barmode="overlay", xaxis_type="date", height=max(320, 22 * len({r[0] for r in rows}) + 120),
                      yaxis={"autorange": "reversed"}, legend_title_text="status")
    return Chart("restriction-timeline", "Export restrictions: imposer · mineral, from start to lifting or suspension",
                 "restriction_timeline", TIMELINE_SQL, len(rows), fig)


def _meetings(con: duckdb.DuckDBPyConnection) -> Chart:
    rows = con.execute(MEETINGS_SQL).fetchall()
    fig = go.Figure()
    for fmt in sorted({r[1] for r in rows}):
        mine = [r for r in rows if r[1] == fmt]
        fig.add_trace(go.Bar(x=[r[0] for r in mine], y=[r[2] for r in mine], name=fmt))
    fig.update_layout(barmode="stack", xaxis_title="month", yaxis_title="meetings", legend_title_text="format")
    return Chart("meetings-per-month", "Meetings per month, by format", "meeting_calendar", MEETINGS_SQL, len(rows), fig)


def _pairs(con: duckdb.DuckDBPyConnection) -> Chart:
    rows = con.execute(PAIRS_SQL).fetchall()
    fig = go.Figure(go.Bar(y=[r[0] for r in rows], x=[r[1] for r in rows], orientation="h", name="meetings"))
    fig.update_layout(yaxis={"autorange": "reversed"}, xaxis_title="meetings together",
                      height=max(320, 26 * len(rows) + 120))
    return Chart("country-pairs", "The countries that meet most, and with whom (top 15 pairs)",
                 "country_meeting_pairs", PAIRS_SQL, len(rows), fig)


def _changes(folder: Path, previous: Path | None) -> Chart:
    from pipeline.release.diff import diff_releases

    if previous is None:
        sql = "critmin diff: no previous release; rows per table of this one"
        rows = [(d.table, "rows", d.rows_new) for d in diff_releases(folder, folder) if d.rows_new]
    else:
        sql = f"critmin diff {previous.name} {folder.name.split('.partial')[0].lstrip('.')}: ids per table and kind"
        rows = [(d.table, kind, n) for d in diff_releases(previous, folder) if d.keyed
                for kind, n in (("added", len(d.added)), ("removed", len(d.removed)), ("changed", len(d.changed)))
                if n]
    fig = go.Figure()
    for kind in dict.fromkeys(r[1] for r in rows):
        mine = [r for r in rows if r[1] == kind]
        fig.add_trace(go.Bar(x=[r[0] for r in mine], y=[r[2] for r in mine], name=kind))
    fig.update_layout(barmode="group", yaxis_title="rows" if previous is None else "ids", legend_title_text="")
    title = "This release's tables (the first release)" if previous is None else f"What changed since {previous.name}"
    return Chart("changes", title, "every table (critmin diff)", sql, len(rows), fig)


def _section(chart: Chart) -> str:
    div = chart.figure.to_html(full_html=False, include_plotlyjs=False, div_id=chart.chart_id,
                               config={"displaylogo": False, "responsive": True})
    return (f'<section data-chart="{chart.chart_id}" data-rows="{chart.rows}">\n<h2>{html.escape(chart.title)}</h2>\n'
            f"{div}\n<p>From <code>{html.escape(chart.table)}</code>, {chart.rows} rows:</p>\n"
            f"<pre>{html.escape(chart.sql)}</pre>\n</section>")


def write_overview(folder: Path, database: Path, version: str, previous: Path | None) -> list[Chart]:
    """overview.html into `folder`, from the release database's views and the previous release."""
    with duckdb.connect(str(database), read_only=True) as con:
        charts = [_timeline(con), _meetings(con), _pairs(con)]
    charts.append(_changes(folder, previous))
    page = "\n".join([
        "<!DOCTYPE html>", '<html lang="en">', "<head>", '<meta charset="utf-8">',
        f"<title>critmin {html.escape(version)}: overview</title>",
        "<style>body{font-family:system-ui,sans-serif;max-width:1100px;margin:2em auto;padding:0 1em}"
        "pre{background:#f4f4f4;padding:.6em;overflow-x:auto}section{margin-bottom:3em}</style>",
        f"<script>{get_plotlyjs()}</script>", "</head>", "<body>",
        f"<h1>critmin {html.escape(version)}</h1>",
        "<p>A first look at this release. Every chart names the table and the "
        "query behind it; run the query on <code>critmin.duckdb</code> to get the rows. How accurate the rows are: "
        "<code>QUALITY.md</code>.</p>",
        *[_section(c) for c in charts], "</body>", "</html>"])
    (folder / OVERVIEW).write_text(page, encoding="utf-8")
    return charts


def release_server(folder: Path, port: int = 8000):
    """An HTTP server of the release folder on 127.0.0.1 only (port 0: any free one); serve_forever()
    serves it. For a quick look in a browser: the overview, the files to download."""
    import functools
    import http.server

    if not (folder / OVERVIEW).is_file():
        raise FileNotFoundError(f"{folder}: no {OVERVIEW}, so not a release folder made by this critmin; pass a release "
                                "folder, e.g. warehouse/releases/latest")
    handler = functools.partial(http.server.SimpleHTTPRequestHandler, directory=str(folder))
    return http.server.ThreadingHTTPServer(("127.0.0.1", port), handler)
