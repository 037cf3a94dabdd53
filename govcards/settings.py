"""The learner's settings (``govcards config``): names, defaults and validation, no storage."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date

from govcards.clock import zone_named
from govcards.errors import InputError
from govcards.i18n import N_, _

NEW_PER_DAY = 20  # new cards a study day, unless `config new_per_day` says otherwise
REVIEWS_PER_DAY = 200  # due cards a study day at most


def _count(value: str) -> str:
    if value.startswith("-") and value[1:].isdecimal():
        raise ValueError(_("must be 0 or more"))
    if not value.isdecimal() or int(value) > 100_000:
        raise ValueError(_("must be a whole number from 0 to 100000"))
    return str(int(value))


def _lapses(value: str) -> str:
    if not value.isdecimal() or not 1 <= int(value) <= 1000:
        raise ValueError(_("must be a whole number from 1 to 1000"))
    return str(int(value))


def _hour(value: str) -> str:
    if not value.isdecimal() or not 0 <= int(value) <= 23:
        raise ValueError(_("must be an hour from 0 to 23"))
    return str(int(value))


def _zone(value: str) -> str:
    if value == "local":
        return value
    zone_named(value)
    return value


def _sched(value: str) -> str:
    if value not in ("sm2", "fsrs"):
        raise ValueError("must be sm2 or fsrs")
    return value


def _retention(value: str) -> str:
    try:
        number = float(value)
    except ValueError:
        number = -1.0
    if not 0.70 <= number <= 0.99:
        raise ValueError("must be a number from 0.70 to 0.99")
    return f"{number:.2f}".rstrip("0").rstrip(".")


def _exam(value: str) -> str:
    if value in ("", "none"):
        return ""
    try:
        return date.fromisoformat(value).isoformat()
    except ValueError:
        raise ValueError("must be a date YYYY-MM-DD (or 'none')") from None


def _cram_days(value: str) -> str:
    if not value.isdecimal() or int(value) > 365:
        raise ValueError("must be a whole number of days from 0 to 365")
    return str(int(value))


@dataclass(frozen=True)
class Setting:
    key: str
    default: str
    help: str
    check: Callable[[str], str]


SETTINGS: dict[str, Setting] = {
    s.key: s
    for s in (
        Setting("new_per_day", str(NEW_PER_DAY), N_("new cards introduced per study day"), _count),
        Setting(
            "reviews_per_day",
            str(REVIEWS_PER_DAY),
            N_("due cards reviewed per study day at most"),
            _count,
        ),
        Setting("day_start_hour", "4", N_("local hour at which a new study day starts"), _hour),
        Setting("timezone", "local", N_("IANA time zone of study days, or 'local'"), _zone),
        Setting("leech_lapses", "8", N_("lapses that make a card a leech (list, stats)"), _lapses),
        Setting("scheduler", "sm2", N_("which schedule the queue follows: sm2 or fsrs"), _sched),
        Setting("desired_retention", "0.9", N_("FSRS target chance of recall"), _retention),
        Setting("exam_date", "", N_("the exam day (YYYY-MM-DD) plan and cram aim at"), _exam),
        Setting("cram_days", "14", N_("days before exam_date in which review crams"), _cram_days),
    )
}


def validate(key: str, value: str) -> str:
    """The canonical value to store, or an InputError naming the key and the rule."""
    if key not in SETTINGS:
        raise InputError(
            _("unknown setting '{key}' (one of: {keys})").format(key=key, keys=", ".join(SETTINGS))
        )
    try:
        return SETTINGS[key].check(value.strip())
    except ValueError as exc:
        raise InputError(f"{key}: {exc}") from exc


@dataclass(frozen=True)
class Config:
    new_per_day: int = NEW_PER_DAY
    reviews_per_day: int = REVIEWS_PER_DAY
    day_start_hour: int = 4
    timezone: str = "local"
    scheduler: str = "sm2"
    desired_retention: float = 0.9
    exam_date: date | None = None
    cram_days: int = 14
    leech_lapses: int = 8

    @classmethod
    def from_values(cls, values: dict[str, str]) -> Config:
        merged = {k: values.get(k, s.default) for k, s in SETTINGS.items()}
        return cls(
            new_per_day=int(merged["new_per_day"]),
            reviews_per_day=int(merged["reviews_per_day"]),
            day_start_hour=int(merged["day_start_hour"]),
            timezone=merged["timezone"],
            scheduler=merged["scheduler"],
            desired_retention=float(merged["desired_retention"]),
            exam_date=date.fromisoformat(merged["exam_date"]) if merged["exam_date"] else None,
            cram_days=int(merged["cram_days"]),
            leech_lapses=int(merged["leech_lapses"]),
        )
