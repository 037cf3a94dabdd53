"""Text fit for a terminal: deck text must never drive it (docs/errors.md).

An ESC or a C1 CSI (``\\x9b``) in a deck could set the window title, write the clipboard
(OSC 52), make a link (OSC 8) or hide text. Stdlib only, so that any layer may use it; the Rich
consoles apply ``strip_controls`` to everything they print (``govcards.ui.console``).
"""

from __future__ import annotations

import re

# C0 except \t and \n, DEL, and C1 (U+0080–U+009F).
_CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f]")
_CONTROL_IN_LINE = re.compile("[\x00-\x1f\x7f-\x9f]")


def has_controls(text: str) -> bool:
    return _CONTROL.search(text) is not None


def strip_controls(text: str) -> str:
    """``text`` without control characters, keeping line breaks and tabs."""
    return _CONTROL.sub("", text)


def safe_line(text: str) -> str:
    """One line fit for a terminal: each control character (also ``\\n``) shown as ``\\xNN``."""
    return _CONTROL_IN_LINE.sub(lambda m: f"\\x{ord(m.group()):02x}", text)


_RAW_IN_JSON = re.compile("[\x7f-\x9f]")


def json_safe(encoded: str) -> str:
    """JSON text (from ``json.dumps(..., ensure_ascii=False)``) with DEL and C1 written as
    ``\\u00NN``: the same data once parsed, and nothing a terminal would act on. (``json.dumps``
    already escapes C0.)"""
    return _RAW_IN_JSON.sub(lambda m: f"\\u{ord(m.group()):04x}", encoded)
