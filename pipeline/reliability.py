"""A reliability diagram for `make eval`: rows binned by confidence, each bin's share of right rows
against its mean confidence, one line per corpus; a calibrated scorer lies on the diagonal. Written as
a small self-contained SVG (no plotting library, nothing fetched when it is opened)."""

from __future__ import annotations

from html import escape

BINS = 10
SIZE, PAD = 320, 40
COLOURS = ("#1b6ca8", "#d1495b", "#2a9d8f", "#e9a03b")


def bins(rows: list[tuple[float, bool]]) -> list[tuple[float, float, int]]:
    """(mean confidence, share right, rows) of each non-empty tenth of the confidence scale."""
    out = []
    for b in range(BINS):
        lo, hi = b / BINS, (b + 1) / BINS
        chosen = [(c, ok) for c, ok in rows if lo <= c < hi or (b == BINS - 1 and c == 1.0)]
        if chosen:
            out.append((sum(c for c, _ in chosen) / len(chosen), sum(ok for _, ok in chosen) / len(chosen), len(chosen)))
    return out


def _xy(confidence: float, share: float) -> tuple[float, float]:
    return PAD + confidence * SIZE, PAD + (1 - share) * SIZE


def svg(series: dict[str, list[tuple[float, bool]]]) -> str:
    """The diagram of each named series of (confidence, right) rows."""
    parts = [f'<svg xmlns="http://www.w3.org/2000/svg" width="{SIZE + 2 * PAD + 160}" height="{SIZE + 2 * PAD}" '
             'font-family="sans-serif" font-size="11">',
             f'<rect x="{PAD}" y="{PAD}" width="{SIZE}" height="{SIZE}" fill="none" stroke="#999"/>',
             f'<line x1="{PAD}" y1="{PAD + SIZE}" x2="{PAD + SIZE}" y2="{PAD}" stroke="#bbb" stroke-dasharray="4 3"/>',
             f'<text x="{PAD + SIZE / 2}" y="{PAD + SIZE + 28}" text-anchor="middle">confidence</text>',
             f'<text x="12" y="{PAD + SIZE / 2}" transform="rotate(-90 12 {PAD + SIZE / 2})" text-anchor="middle">'
             'share of rows right</text>']
    for tick in (0, 0.5, 1):
        x, y = _xy(tick, tick)
        parts += [f'<text x="{x}" y="{PAD + SIZE + 14}" text-anchor="middle">{tick}</text>',
                  f'<text x="{PAD - 6}" y="{y + 4}" text-anchor="end">{tick}</text>']
    for n, (name, rows) in enumerate(series.items()):
        colour = COLOURS[n % len(COLOURS)]
        points = [_xy(c, s) + (k,) for c, s, k in bins(rows)]
        if len(points) > 1:
            path = " ".join(f"{x:.1f},{y:.1f}" for x, y, _ in points)
            parts.append(f'<polyline points="{path}" fill="none" stroke="{colour}" stroke-width="2"/>')
        parts += [f'<circle cx="{x:.1f}" cy="{y:.1f}" r="{2 + min(k, 100) ** 0.5 / 2:.1f}" fill="{colour}">'
                  f'<title>{k} rows</title></circle>' for x, y, k in points]
        parts.append(f'<text x="{PAD + SIZE + 12}" y="{PAD + 14 + 16 * n}" fill="{colour}">'
                     f'{escape(name)} ({len(rows)} rows)</text>')
    return "\n".join(parts + ["</svg>"]) + "\n"
