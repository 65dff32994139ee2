"""The characters a span never starts or ends with: Unicode white space and invisible format marks."""

from __future__ import annotations

import re

__all__ = ["GAP_CHARS", "GAP_SET", "GAPS_RE", "LINE_BREAKS"]

#: The line breaks of :meth:`str.splitlines`; each ends a paragraph.
LINE_BREAKS = "\n\r\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029"
_INVISIBLE = (
    "\u200b\u200c\u200d\u200e\u200f\u2060\ufeff\u061c"
    "\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"
)
GAP_CHARS = (
    # every character for which str.isspace() is true (Unicode 15)
    "\t\n\x0b\x0c\r\x1c\x1d\x1e\x1f \x85\xa0\u1680\u2000\u2001\u2002\u2003"
    "\u2004\u2005\u2006\u2007\u2008\u2009\u200a\u2028\u2029\u202f\u205f\u3000" + _INVISIBLE
)
GAP_SET = frozenset(GAP_CHARS)
#: Matches a (possibly empty) run of gap characters.
GAPS_RE = re.compile(f"[{re.escape(GAP_CHARS)}]*")
