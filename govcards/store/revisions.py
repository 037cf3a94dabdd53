"""Facts about a collection file that opening one needs before SQLAlchemy is imported.

The lean read path (``govcards.store.lean``) checks the header and the schema revision with the
standard library alone; ``schema.py`` takes these same values, so there is one home for each.
"""

SCHEMA_REVISIONS = (
    "0001_baseline",
    "0002_card_version",
    "0003_fsrs_state",
    "0004_themes_practice",
    "0005_deck_identity",
    "0006_card_indexes",
)
HEAD_REVISION = SCHEMA_REVISIONS[-1]
APPLICATION_ID = 0x67766364  # "gvcd": marks a SQLite file as a govcards collection
SQLITE_MAGIC = b"SQLite format 3\x00"
PG_LOCK_KEY = 7463  # the PostgreSQL advisory lock that serialises writers (Store.write)
