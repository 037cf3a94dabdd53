"""Usage errors (a wrong option, a missing argument, a value out of range) in the reader's
language. The parser's exceptions are read by their attributes, never by their English text."""

from __future__ import annotations

from typing import Any

from govcards.i18n import _


def _name(param: Any) -> str:
    if param is None:
        return "?"
    opts = getattr(param, "opts", None) or []
    if getattr(param, "param_type_name", "") == "argument" or not opts:
        return str(getattr(param, "name", "?") or "?").upper()
    return str(max(opts, key=len))


def _bad_value(param: Any) -> str:
    kind = getattr(param, "type", None)
    low, high = getattr(kind, "min", None), getattr(kind, "max", None)
    choices = getattr(kind, "choices", None)
    name = _name(param)
    if low is not None and high is not None:
        return _("{name}: must be a whole number from {low} to {high}").format(
            name=name, low=low, high=high
        )
    if low is not None:
        return _("{name}: must be {low} or more").format(name=name, low=low)
    if choices:
        values = ", ".join(str(getattr(c, "value", c)) for c in choices)
        return _("{name}: must be one of {values}").format(name=name, values=values)
    return _("{name}: not a valid value").format(name=name)


def usage_lines(exc: Any) -> list[str]:
    """The error line and where to look next, e.g. 'see: govcards review -h'."""
    kind = type(exc).__name__
    param = getattr(exc, "param", None)
    if kind == "NoSuchOption":
        line = _("no such option: {option}").format(option=exc.option_name)
    elif kind == "MissingParameter":
        line = _("missing: {name}").format(name=_name(param))
    elif kind == "BadParameter":
        line = _bad_value(param)
    elif "extra argument" in str(getattr(exc, "message", "")):
        line = _("too many arguments")
    else:
        line = str(getattr(exc, "message", exc))
    ctx = getattr(exc, "ctx", None)
    command = ctx.command_path if ctx is not None else "govcards"
    return [f"govcards: {line}", _("see: {command} -h").format(command=command)]
