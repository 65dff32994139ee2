"""The page's plots: pygal draws SVG on the server (pure Python, no script, no CDN), inlined in the page.

Each plot has a caption and a table of the same numbers beside it (templates/lead/_chart.html), which
is what a screen reader reads: the SVG is one image with the caption as its name.
"""
import math
import re

import pygal
from pygal.style import Style

from fact.lead.palette import INK, LABELS, LINE, MUTED

LABEL_ORDER = ("corroborated", "disputed", "unverifiable", "none")
FONT = '"Noto Sans", "Noto Sans Arabic", "DejaVu Sans", sans-serif'
STYLE = Style(background="transparent", plot_background="transparent", foreground=INK, foreground_strong=INK,
              foreground_subtle=LINE, guide_stroke_color=LINE, major_guide_stroke_color=LINE, font_family=FONT,
              colors=tuple(LABELS[name] for name in LABEL_ORDER), label_font_size=15, major_label_font_size=15,
              legend_font_size=15, value_font_size=14, title_font_size=16, no_data_font_size=18,
              opacity=1, opacity_hover=0.85)  # the palette's colours as they are: their contrast is checked
COMMON = {"style": STYLE, "js": [], "disable_xml_declaration": True, "width": 520, "height": 320,
          "legend_at_bottom": True, "legend_at_bottom_columns": 2, "margin": 12, "tooltip_fancy_mode": False,
          "truncate_label": -1, "truncate_legend": -1}
# pygal's comments (its site's addresses) and its inline config script (for its tooltips, which we
# do not load): the page runs no script at all (its Content-Security-Policy says script-src 'none').
_NOT_DRAWING = re.compile(r"<!--.*?-->|<script\b.*?</script>", re.S)


def _counts_axis(largest: int) -> dict:
    """An axis of whole numbers from 0, about five ticks, for counts (pygal would tick 0.2, 0.4 ...)."""
    step = max(1, math.ceil(largest / 5))
    return {"range": (0, max(1, largest)), "y_labels": list(range(0, max(1, largest) + step, step))}


def _svg(chart, name: str) -> str:
    """The chart's SVG, as one image named by the caption with id `name`, with only its drawing."""
    svg = _NOT_DRAWING.sub("", chart.render(is_unicode=True))
    return svg.replace("<svg ", f'<svg role="img" aria-labelledby="{name}" focusable="false" ', 1)


def claims_by_outlet(rows: list[dict], names: dict[str, str], unknown: str, no_data: str, caption_id: str) -> str:
    """A bar per outlet, stacked by the claims' final labels (`names`: each label in the page's language)."""
    largest = max((sum(row["labels"].values()) for row in rows), default=0)
    chart = pygal.HorizontalStackedBar(**{**COMMON, "height": max(220, 110 + 44 * len(rows))}, no_data_text=no_data,
                                       **_counts_axis(largest))
    chart.x_labels = [row["outlet"] or unknown for row in rows]
    for name in LABEL_ORDER:
        chart.add(names[name], [row["labels"][name] for row in rows])
    return _svg(chart, caption_id)


def agreement_by_label(per_label: dict[str, float | None], names: dict[str, str], no_data: str,
                       caption_id: str) -> str:
    """Krippendorff's alpha of each label ("this label or not"); an undefined alpha has no bar."""
    values = [v for v in per_label.values() if v is not None]
    chart = pygal.Bar(**COMMON, no_data_text=no_data, range=(min([0.0, *values]), 1.0),
                      value_formatter=lambda v: f"{v:.2f}", show_legend=False)  # the table gives each value
    chart.x_labels = [names[label] for label in per_label]
    chart.add("alpha", [{"value": v, "color": LABELS[label]} for label, v in per_label.items()])
    return _svg(chart, caption_id)


def progress_over_time(by_day: list[dict], series_name: str, no_data: str, caption_id: str) -> str:
    """The running total of current verdicts, day by day."""
    chart = pygal.Line(**COMMON, no_data_text=no_data, show_legend=False, fill=False, dots_size=4,
                       x_label_rotation=30, show_minor_x_labels=False,
                       x_labels_major_every=max(1, len(by_day) // 6),
                       **_counts_axis(by_day[-1]["total"] if by_day else 0))
    chart.style = Style(**{**STYLE.to_dict(), "colors": (MUTED,)})
    chart.x_labels = [row["day"] for row in by_day]
    chart.add(series_name, [row["total"] for row in by_day])
    return _svg(chart, caption_id)
