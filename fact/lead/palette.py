"""The page's colours, in one place: lead.css declares the same values (tests/lead/test_palette.py
checks that they match and that every pair the page draws meets WCAG AA contrast)."""

PAPER = "#ffffff"  # the page
INK = "#1f2328"  # text
MUTED = "#545d68"  # secondary text, on paper
LINE = "#8c959f"  # borders and chart grid lines (3:1 against the paper: WCAG 1.4.11)
ACCENT = "#0b57d0"  # links, buttons, the focus ring
TINT = "#eef2f7"  # cards and table headers (INK and ACCENT stay readable on it)
HIGHLIGHT = "#fff3b0"  # an annotator's highlight in its sentence (mark), under INK

# One colour a label, for badges (white text on it) and chart bars (on the paper); "none" is a
# contested claim no lead has settled.
LABELS = {"corroborated": "#1a7f37", "disputed": "#b3261e", "unverifiable": "#7a5300", "none": "#6639ba"}

CSS_VARIABLES = {"paper": PAPER, "ink": INK, "muted": MUTED, "line": LINE, "accent": ACCENT, "tint": TINT, "highlight": HIGHLIGHT,
                 **{f"label-{name}": colour for name, colour in LABELS.items()}}


def contrast(one: str, other: str) -> float:
    """WCAG 2's contrast ratio of two sRGB colours (#rrggbb)."""
    def luminance(colour: str) -> float:
        channels = [int(colour[i : i + 2], 16) / 255 for i in (1, 3, 5)]
        r, g, b = (c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in channels)
        return 0.2126 * r + 0.7152 * g + 0.0722 * b

    light, dark = sorted((luminance(one), luminance(other)), reverse=True)
    return (light + 0.05) / (dark + 0.05)
