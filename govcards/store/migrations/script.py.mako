"""${message}

Revision ID: ${up_revision}
Revises: ${down_revision | comma,n}
Create Date: ${create_date}

Name revisions NNNN_words (0002_card_notes): govcards tells its own schemas from other
applications' by that shape. Add the new revision to SCHEMA_REVISIONS in
govcards/store/schema.py and change the ORM there to match. On SQLite, rebuild tables with ``op.batch_alter_table``: the runner turns foreign keys off
for the upgrade (so a rebuilt parent table does not cascade-delete its children) and checks them
before it commits.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op
${imports if imports else ""}

revision = ${repr(up_revision)}
down_revision = ${repr(down_revision)}
branch_labels = ${repr(branch_labels)}
depends_on = ${repr(depends_on)}


def upgrade() -> None:
    ${upgrades if upgrades else "pass"}


def downgrade() -> None:
    ${downgrades if downgrades else "pass"}
