"""Everything Rich: the review screen, tables and the dashboard. Only here (and the CLI)."""
