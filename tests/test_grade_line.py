"""The grade line names what each grade does under the chosen scheduler (issue 15): FSRS's
intervals when FSRS schedules, SM-2's otherwise, and no intervals on a re-drill."""

from __future__ import annotations

import io
from datetime import date, timedelta

import pytest
from rich.console import Console

from govcards import fsrs_scheduler as fsrs
from govcards.model import BasicNote
from govcards.study import Limits, StudySession
from govcards.ui.review import ReviewScreen, grade_spans

from .conftest import TODAY
from .fakes import FakeStudyStore, ScriptedKeyboard
from .test_study import Clock


@pytest.fixture(autouse=True)
def chinese(monkeypatch: pytest.MonkeyPatch) -> None:
    """These screens are checked in Chinese, the default language."""
    monkeypatch.setenv("LANG", "zh_CN.UTF-8")
    for name in ("LANGUAGE", "LC_ALL", "LC_MESSAGES"):
        monkeypatch.delenv(name, raising=False)


NOTES = [BasicNote(id="n1", front="“三治”指什么？", back="自治、法治、德治")]


def _prompts(port: FakeStudyStore, day: date, *keys: str) -> list[str]:
    session = StudySession(port, day, Clock(), Limits(new_per_day=1))
    keyboard = ScriptedKeyboard(*keys)
    ReviewScreen(Console(file=io.StringIO(), width=100), keyboard).run(session)
    return [p for p in keyboard.prompts if p.startswith("评分")]


def test_grades_with_one_outcome_are_written_once() -> None:
    assert grade_spans({0: 1, 1: 1, 2: 1, 3: 1, 4: 2, 5: 8}, False) == (
        "0-2:明天重来 3:明天 4:2天 5:8天"
    )
    assert grade_spans({q: 6 for q in range(6)}, True) == "重练不改变排期"


def test_fsrs_labels_the_grade_keys_with_its_own_intervals() -> None:
    port = FakeStudyStore(NOTES)
    sm2 = _prompts(port, TODAY, "", "q")
    assert "0-2:明天重来 3-5:明天" in sm2[0]  # SM-2 starts every grade at one day
    port.settings = fsrs.FsrsSettings("fsrs")
    new = fsrs.intervals(fsrs.FsrsState(), TODAY)
    first = _prompts(port, TODAY, "", "4")
    assert grade_spans(new, False) in first[0] and f"5:{new[5]}天" in first[0]
    memory = port.card(1).fsrs
    assert memory is not None and memory.due == TODAY + timedelta(days=new[4])
    later = _prompts(port, memory.due, "", "q")
    assert grade_spans(fsrs.intervals(memory, memory.due), False) in later[0]
