"""Alembic migrations of the collection schema, shipped inside the package."""
