"""Shared fixtures: each test gets its own GOVCARDS_HOME, a fixed clock, and a real collection.

Set GOVCARDS_TEST_PG_URL (a postgresql:// URL of a throwaway server) to run every test that
uses the ``db_url`` / ``store`` fixtures on PostgreSQL as well as SQLite; each such test then
gets a schema of its own.
"""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from datetime import UTC, date, datetime
from pathlib import Path

import pytest

# The suite reads its own output in English (one language per screen, chosen from the locale);
# tests/test_language.py runs commands under each locale explicitly, in fresh processes.
for _variable in ("LANGUAGE", "LC_ALL", "LC_MESSAGES"):
    os.environ.pop(_variable, None)
os.environ["LANG"] = "en_US.UTF-8"

from govcards.store import Store  # noqa: E402

# 2026-03-02 09:00 in Shanghai: study day 2026-03-02 with the default 04:00 day start.
NOW = datetime(2026, 3, 2, 1, 0, tzinfo=UTC)
TODAY = date(2026, 3, 2)
ZONE = "Asia/Shanghai"
PG_URL = os.environ.get("GOVCARDS_TEST_PG_URL")
REPO = Path(__file__).resolve().parent.parent
SEEDS = REPO / "tests" / "sources"  # the five study documents the bundled decks come from

SMALL_DECK = """\
deck: 测试 · 党建引领
id: test-dangjian
description: 用于测试的小牌组
source: 000_72e980db42bac61d.txt
topics:
  dangjian: 强化基层党建
notes:
  - id: jiangyin
    kind: case
    topic: dangjian
    title: 江苏江阴党员联户“1+10+N”制度
    place: 江苏省江阴市
    summary: 江苏省江阴市推出党员联户“1+10+N”制度，1名先锋党员联系10名左右党员、联系服务N户群众。
    measures:
      - 先锋党员联系党员
      - 党员联系服务群众
    keys: [1+10+N, 党员联户]
    tags: [党建]
  - id: dangjian-duice
    kind: structure
    frame: 对策
    topic: dangjian
    title: 强化基层党建的对策
    points:
      - head: 建设骨干队伍
        detail: [优选党组织书记, 加强村干部教育, 做好基层党员管理工作]
      - head: 强化监督力度
      - head: 完善党建体系
        detail: [强化基层党建责任机制, 健全基层党建共建体系]
  - id: zuihou-yigongli
    kind: quote
    topic: dangjian
    text: 基层党组织是贯彻落实党中央决策部署的“最后一公里”，不能出现“断头路”
    by: 习近平
    blanks: [最后一公里, 断头路]
    ask_source: true
  - id: santi-heyi
    kind: basic
    front: '"三治合一"指哪三治？'
    back: 自治、法治、德治
    reverse: true
"""


@pytest.fixture
def chinese(monkeypatch: pytest.MonkeyPatch) -> None:
    """A test that reads Chinese screens (the default language) asks for this fixture, often
    with ``pytestmark = pytest.mark.usefixtures("chinese")``."""
    monkeypatch.setenv("LANG", "zh_CN.UTF-8")
    for name in ("LANGUAGE", "LC_ALL", "LC_MESSAGES"):
        monkeypatch.delenv(name, raising=False)


@pytest.fixture(autouse=True)
def home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A private GOVCARDS_HOME and a pinned clock for every test."""
    folder = tmp_path / "home"
    monkeypatch.setenv("GOVCARDS_HOME", str(folder))
    monkeypatch.delenv("GOVCARDS_DB", raising=False)
    monkeypatch.setenv("GOVCARDS_NOW", NOW.isoformat())
    monkeypatch.setenv("NO_COLOR", "1")
    monkeypatch.setenv("GOVCARDS_WIDTH", "100")
    return folder


def _pg_schema_url(base: str) -> Iterator[str]:
    import psycopg

    schema = f"t_{uuid.uuid4().hex[:12]}"
    plain = base.replace("postgresql+psycopg://", "postgresql://")
    with psycopg.connect(plain, autocommit=True) as conn:
        conn.execute(f"CREATE SCHEMA {schema}")
    sep = "&" if "?" in base else "?"
    try:
        yield f"{base}{sep}options=-csearch_path%3D{schema}"
    finally:
        with psycopg.connect(plain, autocommit=True) as conn:
            conn.execute(f"DROP SCHEMA {schema} CASCADE")


@pytest.fixture(params=["sqlite", "postgresql"])
def db_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """A fresh, empty collection: a SQLite file, and a PostgreSQL schema when a server is given."""
    if request.param == "sqlite":
        yield "sqlite:///" + str(tmp_path / "collection.db")
        return
    if not PG_URL:
        pytest.skip("no PostgreSQL server (set GOVCARDS_TEST_PG_URL)")
    yield from _pg_schema_url(PG_URL)


@pytest.fixture
def store(db_url: str, monkeypatch: pytest.MonkeyPatch) -> Iterator[Store]:
    monkeypatch.setenv("GOVCARDS_DB", db_url)
    opened = Store(db_url)
    opened.set_setting("timezone", ZONE)
    yield opened
    opened.close()


@pytest.fixture
def small_deck(tmp_path: Path) -> Path:
    path = tmp_path / "decks" / "test-dangjian.yaml"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(SMALL_DECK, encoding="utf-8")
    return path
