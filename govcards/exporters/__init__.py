"""Everything that takes a learner's data out of govcards: the pinned tables (CSV/JSON), the
printable 素材本 (Markdown), the Anki package, and the safe writing of ``-o FILE``
(docs/exports.md). ``tables.plan_export``/``run_export`` are what the command line calls."""

from govcards.exporters.tables import plan_export, run_export

__all__ = ["plan_export", "run_export"]
