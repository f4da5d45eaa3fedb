"""Lenient readers of single JSON values: an odd value is logged once and left out.

Only the key and field are logged, never the value (it may be a secret or a position).
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import UTC, datetime
import logging
import math
from types import MappingProxyType
from typing import Any, Final

_LOGGER = logging.getLogger(__name__)

KELVIN: Final = 273.15
LOGGED: set[tuple[str, str]] = set()
EMPTY: Mapping[str, Any] = MappingProxyType({})


def odd(where: str, what: str) -> None:
    """Log an unexpected value once per (where, what); never the value itself."""
    marker = (where, what)
    if marker in LOGGED:
        return
    if len(LOGGED) < 4096:
        LOGGED.add(marker)
    _LOGGER.warning("Porsche Connect: ignoring an unexpected %s in %s", what, where)


def read_int(value: Any, where: str, what: str) -> int | None:
    """An integer, or None (logged once) when it is not one."""
    if value is None:
        return None
    if isinstance(value, bool):
        odd(where, what)
        return None
    if isinstance(value, int):
        return value
    if isinstance(value, float) and value.is_integer():
        return int(value)
    if isinstance(value, str):
        try:
            return int(value.strip())
        except ValueError:
            pass
    odd(where, what)
    return None


def read_float(value: Any, where: str, what: str) -> float | None:
    """A finite number, or None (logged once) when it is not one."""
    if value is None:
        return None
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        number = float(value)
        if math.isfinite(number):
            return number
    elif isinstance(value, str):
        try:
            return read_float(float(value.strip()), where, what)
        except ValueError:
            pass
    odd(where, what)
    return None


def read_bool(value: Any, where: str, what: str) -> bool | None:
    """A boolean, or None (logged once) when it is not one."""
    if value is None:
        return None
    if isinstance(value, bool):
        return value
    odd(where, what)
    return None


def read_str(value: Any, where: str, what: str) -> str | None:
    """A non-empty string, or None (logged once) when it is not one."""
    if value is None:
        return None
    if isinstance(value, str):
        return value
    odd(where, what)
    return None


def read_time(value: Any, where: str, what: str) -> datetime | None:
    """An aware datetime (UTC when no offset is given), or None."""
    if value is None:
        return None
    if isinstance(value, str):
        try:
            parsed = datetime.fromisoformat(value.strip())
        except ValueError:
            pass
        else:
            return parsed if parsed.tzinfo else parsed.replace(tzinfo=UTC)
    odd(where, what)
    return None


def read_celsius(kelvin: Any, where: str, what: str) -> float | None:
    """Kelvin turned into °C (one decimal), or None."""
    value = read_float(kelvin, where, what)
    return None if value is None else round(value - KELVIN, 2)


def read_map(value: Any, where: str, what: str) -> Mapping[str, Any] | None:
    """A JSON object, or None (logged once) when it is not one."""
    if value is None:
        return None
    if isinstance(value, Mapping):
        return value
    odd(where, what)
    return None


def read_dict_list(value: Any, where: str) -> tuple[Mapping[str, Any], ...] | None:
    """Return the list of dicts in a ``{"list": [...]}`` value (or a bare list)."""
    items: Any = value
    if isinstance(value, Mapping):
        items = next(
            (
                value[name]
                for name in ("list", "timers", "departures", "profiles")
                if isinstance(value.get(name), list)
            ),
            None,
        )
    if not isinstance(items, list):
        odd(where, "list")
        return None
    result = []
    for item in items:
        if isinstance(item, Mapping):
            result.append(MappingProxyType(dict(item)))
        else:
            odd(where, "list entry")
    return tuple(result)


def frozen(value: Mapping[str, Any] | None) -> Mapping[str, Any]:
    """A read-only copy of a mapping (the shared empty one for nothing)."""
    return MappingProxyType(dict(value)) if value else EMPTY


def split_measurements(
    data: Any,
) -> tuple[dict[str, Mapping[str, Any]], dict[str, str]]:
    """Split an overview's measurement list into values and causes of unavailability."""
    values: dict[str, Mapping[str, Any]] = {}
    unavailable: dict[str, str] = {}
    if data is None:
        return values, unavailable
    if not isinstance(data, list):
        odd("measurements", "list")
        return values, unavailable
    for entry in data:
        if not isinstance(entry, Mapping) or not isinstance(entry.get("key"), str):
            odd("measurements", "entry")
            continue
        key = entry["key"]
        status = entry.get("status")
        status = status if isinstance(status, Mapping) else EMPTY
        value = entry.get("value")
        if status.get("isEnabled") is False:
            cause = status.get("cause")
            unavailable[key] = cause if isinstance(cause, str) and cause else "UNKNOWN"
            values.pop(key, None)
        elif isinstance(value, Mapping):
            values[key] = value
            unavailable.pop(key, None)
        else:
            if value is not None:
                odd(key, "value")
            unavailable[key] = "NO_VALUE"
    return values, unavailable
