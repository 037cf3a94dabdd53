"""Alembic driven from code: no alembic.ini, the migrations shipped inside this package.

Imported only when a collection needs an upgrade (and by tests), so start-up stays fast.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from alembic import command
from alembic.config import Config
from alembic.script import ScriptDirectory

SCRIPT_LOCATION = Path(__file__).resolve().parent


def alembic_config(engine: Any, script_location: Path | None = None) -> Config:
    """The configuration env.py reads: where the scripts are, and the engine to run them on."""
    config = Config()
    config.set_main_option("script_location", str(script_location or SCRIPT_LOCATION))
    config.attributes["engine"] = engine
    return config


def run_migrations(engine: Any, target: str = "head") -> None:
    """Bring the database behind ``engine`` to ``target`` (an empty database gets the baseline)."""
    command.upgrade(alembic_config(engine), target)


def revisions() -> list[str]:
    """The shipped revisions, oldest first."""
    scripts = ScriptDirectory.from_config(alembic_config(None))
    return [s.revision for s in reversed(list(scripts.walk_revisions()))]
