"""The progress dashboard's numbers, as pure functions over report rows (docs/exports.md).

No database, no terminal, no clock: the study day comes in as ``today``, the rows come from
``govcards.store.reports`` (already narrowed by ``--deck``), so every number here can be checked
by hand in a test. ``to_json`` gives the same numbers that the dashboard draws.

Definitions: *reviewed* counts first-pass answers of a day (new cards included, re-drills not);
*accuracy* is the share of those graded ≥ 3; the calendar counts every answer, re-drills too.
*True retention* counts, on review cards only (not new), the first answer of a card on a day,
graded ≥ 3 or not, split by the interval the card had before it:
young (< 21 days) or mature (≥ 21).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta

from govcards.cards import kind_label
from govcards.i18n import N_, _
from govcards.model import KINDS
from govcards.records import CardCount, DayCount, Leech, PracticeLine, RetentionCount, StatsRows

CALENDAR_WEEKS = 26
FORECAST_DAYS = 14
MATURE_DAYS = 21  # an interval of this many days or more makes a card mature
NO_TOPIC = N_("(no topic)")


def _ratio(part: int, whole: int) -> float | None:
    return round(part / whole, 4) if whole else None


@dataclass(frozen=True)
class Rate:
    """``passed`` of ``reviews``; ``rate`` is None when there is nothing to measure."""

    reviews: int = 0
    passed: int = 0

    @property
    def rate(self) -> float | None:
        return _ratio(self.passed, self.reviews)

    def __add__(self, other: Rate) -> Rate:
        return Rate(self.reviews + other.reviews, self.passed + other.passed)


@dataclass(frozen=True)
class Today:
    reviewed: int = 0
    new: int = 0
    correct: int = 0
    drills: int = 0
    time_ms: int = 0

    @property
    def accuracy(self) -> float | None:
        return _ratio(self.correct, self.reviewed)

    @property
    def minutes(self) -> float:
        return round(self.time_ms / 60_000, 1)


@dataclass(frozen=True)
class Streak:
    current: int
    longest: int
    studied_today: bool


@dataclass(frozen=True)
class Retention:
    days: int
    young: Rate
    mature: Rate

    @property
    def overall(self) -> Rate:
        return self.young + self.mature


@dataclass(frozen=True)
class Mastery:
    """One row of a mastery table: a topic of a deck, or a kind."""

    key: str
    name: str
    deck: str | None
    cards: int
    new: int
    young: int
    mature: int
    retention: Rate


@dataclass(frozen=True)
class Dashboard:
    study_day: date
    deck: str | None
    days: int
    today: Today
    streak: Streak
    calendar: tuple[tuple[date, int], ...]
    forecast: tuple[tuple[date, int], ...]
    retention: Retention
    topics: tuple[Mastery, ...]
    kinds: tuple[Mastery, ...]
    leeches: tuple[Leech, ...]
    themes: tuple[Mastery, ...] = ()
    practice: Practice = field(default_factory=lambda: Practice(0, None, ()))


@dataclass(frozen=True)
class Practice:
    """``govcards practice`` rounds: how many, their mean score, the themes scored lowest."""

    rounds: int
    average: float | None
    weakest: tuple[tuple[str, float], ...]  # (theme id, mean score), lowest first


def today_numbers(counts: Iterable[DayCount], today: date) -> Today:
    for c in counts:
        if c.study_day == today:
            return Today(c.reviews, c.new, c.correct, c.drills, c.time_ms)
    return Today()


def streak(days: Iterable[date], today: date) -> Streak:
    """Consecutive study days up to today; a streak is still alive before today's session."""
    studied = {d for d in days if d <= today}
    end = today if today in studied else today - timedelta(days=1)
    current = 0
    while end - timedelta(days=current) in studied:
        current += 1
    longest = run = 0
    previous: date | None = None
    for day in sorted(studied):
        run = run + 1 if previous is not None and day - previous == timedelta(days=1) else 1
        longest = max(longest, run)
        previous = day
    return Streak(current, longest, today in studied)


def calendar_start(today: date, weeks: int = CALENDAR_WEEKS) -> date:
    """The Monday that opens a calendar of ``weeks`` weeks ending with today's week."""
    return today - timedelta(days=today.weekday(), weeks=weeks - 1)


def calendar(
    answers: Mapping[date, int], today: date, weeks: int = CALENDAR_WEEKS
) -> tuple[tuple[date, int], ...]:
    """Answers (re-drills too: the work done) on every day from the first Monday to today."""
    by_day = dict(answers)
    start = calendar_start(today, weeks)
    span = (today - start).days + 1
    return tuple(
        (start + timedelta(days=i), by_day.get(start + timedelta(days=i), 0)) for i in range(span)
    )


def forecast(
    due: Mapping[date, int], today: date, days: int = FORECAST_DAYS
) -> tuple[tuple[date, int], ...]:
    """Cards due on each of ``days`` days from today; anything overdue counts for today."""
    overdue = sum(n for d, n in due.items() if d < today)
    out = [(today + timedelta(days=i), due.get(today + timedelta(days=i), 0)) for i in range(days)]
    out[0] = (today, out[0][1] + overdue)
    return tuple(out)


def retention(rows: Iterable[RetentionCount], days: int) -> Retention:
    young = mature = Rate()
    for r in rows:
        if r.mature:
            mature += Rate(r.reviews, r.passed)
        else:
            young += Rate(r.reviews, r.passed)
    return Retention(days, young, mature)


def _rates(rows: Iterable[RetentionCount], key: str) -> dict[tuple[str | None, str | None], Rate]:
    out: dict[tuple[str | None, str | None], Rate] = {}
    for r in rows:
        ident = (r.deck, r.topic) if key == "topic" else (None, r.kind)
        out[ident] = out.get(ident, Rate()) + Rate(r.reviews, r.passed)
    return out


def mastery_by_topic(
    cards: Iterable[CardCount],
    rows: Iterable[RetentionCount],
    names: Mapping[tuple[str, str], str],
) -> tuple[Mastery, ...]:
    """One row per (deck, topic) that has live cards, in deck then topic order."""
    totals: dict[tuple[str, str | None], list[int]] = {}
    for c in cards:
        acc = totals.setdefault((c.deck, c.topic), [0, 0, 0, 0])
        for i, n in enumerate((c.cards, c.new, c.young, c.mature)):
            acc[i] += n
    rates = _rates(rows, "topic")
    ordered = sorted(totals, key=lambda k: (k[0], k[1] is None, k[1] or ""))
    return tuple(
        Mastery(
            key=topic or "",
            name=names.get((deck, topic), topic) if topic else _(NO_TOPIC),
            deck=deck,
            cards=t[0],
            new=t[1],
            young=t[2],
            mature=t[3],
            retention=rates.get((deck, topic), Rate()),
        )
        for deck, topic in ordered
        for t in [totals[(deck, topic)]]
    )


def mastery_by_kind(
    cards: Iterable[CardCount], rows: Iterable[RetentionCount]
) -> tuple[Mastery, ...]:
    """One row per kind that has live cards, in the order case, structure, quote, basic."""
    totals: dict[str, list[int]] = {}
    for c in cards:
        acc = totals.setdefault(c.kind, [0, 0, 0, 0])
        for i, n in enumerate((c.cards, c.new, c.young, c.mature)):
            acc[i] += n
    rates = _rates(rows, "kind")
    order: dict[str, int] = {k: i for i, k in enumerate(KINDS)}
    return tuple(
        Mastery(
            key=kind,
            name=kind_label(kind),
            deck=None,
            cards=totals[kind][0],
            new=totals[kind][1],
            young=totals[kind][2],
            mature=totals[kind][3],
            retention=rates.get((None, kind), Rate()),
        )
        for kind in sorted(totals, key=lambda k: (order.get(k, len(order)), k))
    )


def mastery_by_theme(
    cards: Iterable[CardCount], rows: Iterable[RetentionCount], names: Mapping[str, str]
) -> tuple[Mastery, ...]:
    """One row per exam theme with live cards (``topic`` of each row is the theme id), in
    catalog order, then any deck-declared themes by id."""
    totals: dict[str, list[int]] = {}
    for c in cards:
        acc = totals.setdefault(c.topic or "", [0, 0, 0, 0])
        for i, n in enumerate((c.cards, c.new, c.young, c.mature)):
            acc[i] += n
    rates: dict[str, Rate] = {}
    for r in rows:
        rates[r.topic or ""] = rates.get(r.topic or "", Rate()) + Rate(r.reviews, r.passed)
    order = {theme: i for i, theme in enumerate(names)}
    return tuple(
        Mastery(
            key=theme,
            name=names.get(theme, theme),
            deck=None,
            cards=t[0],
            new=t[1],
            young=t[2],
            mature=t[3],
            retention=rates.get(theme, Rate()),
        )
        for theme in sorted(totals, key=lambda t: (order.get(t, len(order)), t))
        for t in [totals[theme]]
    )


WEAKEST_THEMES = 3


def practice_summary(lines: Iterable[PracticeLine]) -> Practice:
    """Rounds, mean score, and the themes whose rounds scored lowest on average."""
    scores: list[float] = []
    by_theme: dict[str, list[float]] = {}
    for line in lines:
        scores.append(line.score)
        for theme in line.themes:
            by_theme.setdefault(theme, []).append(line.score)
    if not scores:
        return Practice(0, None, ())
    means = sorted((sum(v) / len(v), theme) for theme, v in by_theme.items())
    weakest = tuple((theme, round(mean, 4)) for mean, theme in means[:WEAKEST_THEMES])
    return Practice(len(scores), round(sum(scores) / len(scores), 4), weakest)


def build_dashboard(rows: StatsRows, today: date, days: int, deck: str | None) -> Dashboard:
    return Dashboard(
        study_day=today,
        deck=deck,
        days=days,
        today=today_numbers(rows.today, today),
        streak=streak(rows.study_days, today),
        calendar=calendar(rows.answers, today),
        forecast=forecast(rows.due, today),
        retention=retention(rows.retention, days),
        topics=mastery_by_topic(rows.card_counts, rows.retention, rows.topic_names),
        kinds=mastery_by_kind(rows.card_counts, rows.retention),
        leeches=rows.leeches,
        themes=mastery_by_theme(rows.theme_counts, rows.theme_retention, rows.theme_names),
        practice=practice_summary(rows.practice),
    )


# -- JSON ------------------------------------------------------------------------------------


def _rate_json(rate: Rate) -> dict[str, object]:
    return {"reviews": rate.reviews, "passed": rate.passed, "rate": rate.rate}


def _mastery_json(rows: Sequence[Mastery], by: str) -> list[dict[str, object]]:
    out: list[dict[str, object]] = []
    for m in rows:
        ident: dict[str, object] = (
            {"deck": m.deck, "topic": m.key or None, "name": m.name}
            if by == "topic"
            else {by: m.key, "name": m.name}
        )
        counts = {"cards": m.cards, "new": m.new, "young": m.young, "mature": m.mature}
        out.append({**ident, **counts, "retention": _rate_json(m.retention)})
    return out


def to_json(d: Dashboard, exam: dict[str, object] | None = None) -> dict[str, object]:
    """The dashboard as plain JSON values (what ``govcards stats --json`` prints); ``exam`` is
    the exam countdown once ``exam_date`` is set (null before)."""
    t = d.today
    return {
        "study_day": d.study_day.isoformat(),
        "deck": d.deck,
        "days": d.days,
        "today": {
            "reviewed": t.reviewed,
            "new": t.new,
            "correct": t.correct,
            "accuracy": t.accuracy,
            "drills": t.drills,
            "time_ms": t.time_ms,
            "minutes": t.minutes,
        },
        "streak": {
            "current": d.streak.current,
            "longest": d.streak.longest,
            "studied_today": d.streak.studied_today,
        },
        "calendar": [{"day": day.isoformat(), "reviews": n} for day, n in d.calendar],
        "forecast": [{"day": day.isoformat(), "due": n} for day, n in d.forecast],
        "retention": {
            "days": d.retention.days,
            "young": _rate_json(d.retention.young),
            "mature": _rate_json(d.retention.mature),
            "overall": _rate_json(d.retention.overall),
        },
        "mastery": {
            "topics": _mastery_json(d.topics, "topic"),
            "kinds": _mastery_json(d.kinds, "kind"),
            "themes": _mastery_json(d.themes, "theme"),
        },
        "practice": {
            "rounds": d.practice.rounds,
            "average": d.practice.average,
            "weakest_themes": [{"theme": t, "average": a} for t, a in d.practice.weakest],
        },
        "leeches": [
            {
                "deck": x.deck,
                "note": x.note,
                "card": x.card,
                "kind": x.kind,
                "lapses": x.lapses,
                "label": x.label,
                "suspended": x.suspended,
            }
            for x in d.leeches
        ],
        "exam": exam,
    }
