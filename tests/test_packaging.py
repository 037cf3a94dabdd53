"""The wheel ships every package and the bundled decks (a missing entry breaks `pip install .`)."""

from __future__ import annotations

import tomllib
from fnmatch import fnmatch
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent


def test_every_package_under_govcards_is_listed_for_the_wheel() -> None:
    config = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))
    listed = set(config["tool"]["setuptools"]["packages"])
    found = {
        ".".join(init.parent.relative_to(REPO).parts)
        for init in (REPO / "govcards").rglob("__init__.py")
    }
    assert found <= listed, f"missing from pyproject packages: {sorted(found - listed)}"
    assert config["tool"]["setuptools"]["package-dir"]["govcards.decks_data"] == "decks"
    assert "*.yaml" in config["tool"]["setuptools"]["package-data"]["govcards.decks_data"]


def test_the_theme_catalog_ships_with_the_bundled_decks() -> None:
    config = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))
    patterns = config["tool"]["setuptools"]["package-data"]["govcards.decks_data"]
    assert (REPO / "decks" / "themes.yaml").is_file()
    assert any(fnmatch("themes.yaml", pattern) for pattern in patterns)
