"""The page's colours: lead.css declares palette.py's values, and each pair drawn meets WCAG AA (4.5:1
for text, 3:1 for the plots' bars, borders and the focus ring against the page)."""
import re
from pathlib import Path

import pytest

from fact.lead import bp
from fact.lead.palette import ACCENT, CSS_VARIABLES, HIGHLIGHT, INK, LABELS, LINE, MUTED, PAPER, TINT, contrast

CSS = (Path(bp.root_path) / "static" / "lead.css").read_text()


def test_the_stylesheet_declares_the_palette():
    declared = dict(re.findall(r"--([a-z-]+):\s*(#[0-9a-f]{6});", CSS))

    assert {name: declared.get(name) for name in CSS_VARIABLES} == CSS_VARIABLES


def test_the_contrast_formula_gives_wcags_known_ratios():
    assert contrast("#000000", "#ffffff") == pytest.approx(21)
    assert contrast("#767676", "#ffffff") == pytest.approx(4.54, abs=0.01)  # the lightest grey that passes


@pytest.mark.parametrize(("text", "background"), [
    (INK, PAPER), (INK, TINT), (MUTED, PAPER), (MUTED, TINT), (ACCENT, PAPER), (ACCENT, TINT), (PAPER, ACCENT),
    *((PAPER, colour) for colour in LABELS.values()),  # badges and buttons: white on the label's colour
    *((colour, PAPER) for colour in LABELS.values()),  # supports / refutes, errors, on the page
    *((colour, TINT) for colour in LABELS.values()),
    (INK, HIGHLIGHT),  # an annotator's highlight (mark)
])
def test_text_is_readable(text, background):
    assert contrast(text, background) >= 4.5


@pytest.mark.parametrize("colour", [LINE, ACCENT, *LABELS.values()])
def test_bars_borders_and_the_focus_ring_stand_out_from_the_page(colour):
    assert contrast(colour, PAPER) >= 3
