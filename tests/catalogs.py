"""The gettext catalogs as a build step: find every ``_("...")`` message in govcards, read a
``.po`` file, and compile it to the ``.mo`` that ships (``python -m tests.catalogs`` rewrites
the ``.mo`` files; tests/test_language.py checks they match)."""

from __future__ import annotations

import ast
import struct
from pathlib import Path

PACKAGE = Path(__file__).resolve().parent.parent / "govcards"
LOCALE = PACKAGE / "locale"
LANGUAGES = ("zh_CN", "en")


def msgids() -> set[str]:
    """Every literal passed to ``_`` in the package."""
    found: set[str] = set()
    for path in PACKAGE.rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if (
                isinstance(node, ast.Call)
                and isinstance(node.func, ast.Name)
                and node.func.id in ("_", "N_")
                and node.args
                and isinstance(node.args[0], ast.Constant)
                and isinstance(node.args[0].value, str)
            ):
                found.add(node.args[0].value)
    return found


def _unquote(text: str) -> str:
    value = ast.literal_eval(text)
    assert isinstance(value, str)
    return value


def read_po(path: Path) -> dict[str, str]:
    """msgid → msgstr (the header under ""); continuation lines joined, escapes as in C."""
    entries: dict[str, str] = {}
    key: str | None = None
    current = {"msgid": "", "msgstr": ""}
    field = ""

    def flush() -> None:
        if field:
            entries[current["msgid"]] = current["msgstr"]

    for raw in path.read_text(encoding="utf-8").splitlines():
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        if line.startswith("msgid "):
            flush()
            current = {"msgid": _unquote(line[6:]), "msgstr": ""}
            field = "msgid"
        elif line.startswith("msgstr "):
            current["msgstr"] = _unquote(line[7:])
            field = "msgstr"
        elif line.startswith('"'):
            current[field] += _unquote(line)
        key = field
    del key
    flush()
    return entries


def compile_mo(entries: dict[str, str]) -> bytes:
    """GNU .mo bytes (as msgfmt writes them): untranslated entries left out, ids sorted."""
    pairs = sorted((k, v) for k, v in entries.items() if v)
    ids = [k.encode() for k, _ in pairs]
    strs = [v.encode() for _, v in pairs]
    n = len(pairs)
    header = 7 * 4
    key_table = header
    value_table = key_table + n * 8
    data = value_table + n * 8
    offsets: list[int] = []
    blob = b""
    for text in ids + strs:
        offsets += [len(text), data + len(blob)]
        blob += text + b"\0"
    out = struct.pack("<7I", 0x950412DE, 0, n, key_table, value_table, 0, 0)
    return out + struct.pack(f"<{4 * n}I", *offsets) + blob


def po_path(lang: str) -> Path:
    return LOCALE / lang / "LC_MESSAGES" / "govcards.po"


def main() -> None:
    for lang in LANGUAGES:
        po = po_path(lang)
        po.with_suffix(".mo").write_bytes(compile_mo(read_po(po)))


if __name__ == "__main__":
    main()
