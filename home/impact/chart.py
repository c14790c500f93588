"""Charts drawn on the server as SVG, so they need no JavaScript and pass the content security policy.

Each chart is an image with a title and a description that give every figure it shows in words
(role="img" with aria-labelledby). Pages show the same figures in a table too. Colours are given
as SVG presentation attributes, not style attributes, and are never the only difference between
two series: the markers differ in shape as well.
"""

from collections.abc import Sequence
from dataclasses import dataclass

from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString

from activities.referrals import swemwbs

WIDTH = 640
LABEL_RIGHT = 150  # group names end here
PLOT_LEFT = 210  # room for a value printed to the left of the lower marker
PLOT_RIGHT = 590  # and to the right of the higher one
TOP = 64
ROW = 44
BOTTOM = 64
FONT_SIZE = 15

TEXT = "#212b32"  # NHS text colour, 15:1 on white
FIRST = "#005eb8"  # NHS blue, 5:1 on white
LINE = "#4c6272"  # NHS secondary text colour, 7:1 on white
GRID = "#d8dde0"


@dataclass(frozen=True)
class Pair:
    """One group's two figures, with the text they are printed as (the same as in the table)."""

    label: str
    first: float
    first_text: str
    second: float
    second_text: str


def dumbbell_chart(
    pairs: Sequence[Pair],
    *,
    chart_id: str,
    title: str,
    description: str,
    first_label: str,
    second_label: str,
    axis_label: str,
    lowest: float,
    highest: float,
    ticks: Sequence[float],
) -> SafeString:
    """One row per group: a hollow circle at the first figure and a filled square at the second,
    joined by a line, each printed beside its marker."""
    height = TOP + ROW * len(pairs) + BOTTOM

    def x(value: float) -> float:
        return round(PLOT_LEFT + (value - lowest) / (highest - lowest) * (PLOT_RIGHT - PLOT_LEFT), 1)

    grid = format_html_join(
        "",
        '<line x1="{0}" y1="{1}" x2="{0}" y2="{2}" stroke="{3}" stroke-width="1"/>'
        '<text x="{0}" y="{4}" text-anchor="middle">{5}</text>',
        ((x(tick), TOP - 12, height - BOTTOM + 8, GRID, height - BOTTOM + 28, f"{tick:g}") for tick in ticks),
    )
    rows = format_html_join(
        "", "{}", ((_row(pair, TOP + ROW * index + ROW / 2, x),) for index, pair in enumerate(pairs))
    )
    return format_html(
        '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" width="100%" role="img" '
        'aria-labelledby="{id}-title {id}-desc" focusable="false" '
        'font-family="Arial, sans-serif" font-size="{font_size}" fill="{text}">'
        '<title id="{id}-title">{title}</title>'
        '<desc id="{id}-desc">{description}</desc>'
        "{legend}{grid}{rows}"
        '<text x="{axis_x}" y="{axis_y}" text-anchor="middle">{axis_label}</text>'
        "</svg>",
        width=WIDTH,
        height=height,
        id=chart_id,
        font_size=FONT_SIZE,
        text=TEXT,
        title=title,
        description=description,
        legend=_legend(first_label, second_label),
        grid=grid,
        rows=rows,
        axis_x=(PLOT_LEFT + PLOT_RIGHT) / 2,
        axis_y=height - 12,
        axis_label=axis_label,
    )


def _legend(first_label: str, second_label: str) -> SafeString:
    return format_html(
        "{first}"
        '<text x="{first_text_x}" y="24" dy="0.35em">{first_label}</text>'
        "{second}"
        '<text x="{second_text_x}" y="24" dy="0.35em">{second_label}</text>',
        first=_first_marker(PLOT_LEFT - 40, 24),
        first_text_x=PLOT_LEFT - 26,
        first_label=first_label,
        second=_second_marker(PLOT_LEFT + 170, 24),
        second_text_x=PLOT_LEFT + 184,
        second_label=second_label,
    )


def _row(pair: Pair, y: float, x) -> SafeString:
    first_x, second_x = x(pair.first), x(pair.second)
    # The lower figure is printed to the left of its marker, the higher to the right, so they never overlap.
    first_side, second_side = ("left", "right") if pair.first <= pair.second else ("right", "left")
    return format_html(
        '<text x="{label_x}" y="{y}" dy="0.35em" text-anchor="end">{label}</text>'
        '<line x1="{first_x}" y1="{y}" x2="{second_x}" y2="{y}" stroke="{line}" stroke-width="3"/>'
        "{first}{second}{first_value}{second_value}",
        label_x=LABEL_RIGHT,
        y=y,
        label=pair.label,
        first_x=first_x,
        second_x=second_x,
        line=LINE,
        first=_first_marker(first_x, y),
        second=_second_marker(second_x, y),
        first_value=_value(pair.first_text, first_x, y, first_side),
        second_value=_value(pair.second_text, second_x, y, second_side),
    )


def _value(text: str, x: float, y: float, side: str) -> SafeString:
    if side == "left":
        return format_html('<text x="{}" y="{}" dy="0.35em" text-anchor="end">{}</text>', x - 12, y, text)
    return format_html('<text x="{}" y="{}" dy="0.35em">{}</text>', x + 12, y, text)


def _first_marker(x: float, y: float) -> SafeString:
    return format_html(
        '<circle cx="{}" cy="{}" r="7" fill="#ffffff" stroke="{}" stroke-width="3"/>', x, y, FIRST
    )


def _second_marker(x: float, y: float) -> SafeString:
    return format_html('<rect x="{}" y="{}" width="14" height="14" fill="{}"/>', x - 7, y - 7, FIRST)


def wellbeing_chart(rows) -> SafeString | None:
    """/impact/'s chart: mean scores when people joined and at follow-up, for each group whose means
    are shown (rows are home.impact.published.WellbeingRow)."""
    shown = [row for row in rows if row.change is not None]
    if not shown:
        return None
    words = "; ".join(
        f"{row.name}: {row.baseline} when they joined, {row.follow_up} at follow-up" for row in shown
    )
    return dumbbell_chart(
        [
            Pair(row.name, row.change.mean_baseline, row.baseline, row.change.mean_followup, row.follow_up)
            for row in shown
        ],
        chart_id="wellbeing-chart",
        title="Average wellbeing scores when people joined and at follow-up, by area",
        description=f"Scores go from 7 to 35; higher means better wellbeing. {words}.",
        first_label="When they joined",
        second_label="At follow-up",
        axis_label="Average wellbeing score (7 to 35)",
        # Metric scores run from 7 to 35, like raw scores.
        lowest=swemwbs.LOWEST_RAW,
        highest=swemwbs.HIGHEST_RAW,
        ticks=(7, 14, 21, 28, 35),
    )
