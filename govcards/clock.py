"""Study days: the learner's local date, shifted by the day-start hour (docs/scheduling.md).

Pure: the current time is always passed in, so tests run on a fixed clock.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta, tzinfo
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError


def study_day(moment: datetime, zone: tzinfo, day_start_hour: int) -> date:
    """The study day a moment belongs to: a review at 01:00 counts for the day before."""
    if moment.tzinfo is None:
        raise ValueError("study_day needs a timezone-aware moment")
    local = moment.astimezone(zone)
    return (local - timedelta(hours=day_start_hour)).date()


def zone_named(name: str) -> tzinfo:
    """An IANA zone by name; ``local`` is resolved by the caller at the edge, not here."""
    if name.upper() == "UTC":
        return UTC
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError) as exc:
        raise ValueError(
            f"unknown time zone '{name}' (use an IANA name such as Asia/Shanghai)"
        ) from exc
