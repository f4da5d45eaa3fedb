"""Fleet dates are relative: the JSON is written as if it were :data:`FLEET_EPOCH`.

Every date-time string in a car's measurements (``targetDateTimeWithOffset``,
``departureDateTime``, ``tripEndTime``, …) is moved by the time between
:data:`FLEET_EPOCH` and the moment the car is built (the simulator's start), so a charge
ends in the future, departures are upcoming and trips lie in the recent past.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Any, Final
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

FLEET_EPOCH: Final = dt.datetime(2026, 11, 5, 20, 0, tzinfo=dt.UTC)
"""The moment the fleet files describe ("now" as their dates are written)."""

_DATE_TIME = re.compile(
    r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})$"
)


def zone_of(name: object) -> dt.tzinfo:
    """Return a time zone by name (UTC when unknown)."""
    try:
        return ZoneInfo(str(name))
    except ZoneInfoNotFoundError, ValueError:
        return dt.UTC


def shift_dates(value: Any, delta: dt.timedelta, zone: dt.tzinfo) -> Any:
    """Return ``value`` with every zoned date-time string in it moved by ``delta``.

    ``…Z`` strings stay in UTC; strings with an offset are given in ``zone`` (the
    car's time zone, so the offset stays right across daylight-saving changes).
    """
    if isinstance(value, dict):
        return {key: shift_dates(item, delta, zone) for key, item in value.items()}
    if isinstance(value, list):
        return [shift_dates(item, delta, zone) for item in value]
    if isinstance(value, str) and _DATE_TIME.match(value):
        moved = dt.datetime.fromisoformat(value) + delta
        if value.endswith("Z"):
            return moved.astimezone(dt.UTC).isoformat().replace("+00:00", "Z")
        return moved.astimezone(zone).isoformat()
    return value


def fleet_delta(now: dt.datetime) -> dt.timedelta:
    """Return how far fleet dates move for a car built at ``now`` (whole minutes)."""
    return dt.timedelta(minutes=(now - FLEET_EPOCH) // dt.timedelta(minutes=1))
