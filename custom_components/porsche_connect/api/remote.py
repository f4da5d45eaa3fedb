"""Command helpers: each sends one command (two for unlock) and waits until it is done.

Payload shapes follow section 4 of the reference. ``interval`` and ``attempts`` set the
status polling of :func:`~.client.wait`.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
import hashlib
from typing import Any, Final

from .client import Source, overview, send_command, wait
from .errors import (
    InvalidResponse,
)
from .status import CommandStatus

HONK_FLASH_MODES: Final = ("FLASH", "HONK_AND_FLASH")
TARGET_SOC_RANGE: Final = (25, 100)
_ZONE_NAMES: Final = {
    "front_left": "frontLeft",
    "front_right": "frontRight",
    "rear_left": "rearLeft",
    "rear_right": "rearRight",
}


async def _run(
    source: Source,
    vin: str,
    key: str,
    payload: Mapping[str, Any],
    *,
    interval: float,
    attempts: int,
) -> CommandStatus:
    pending = await send_command(source, vin, key, payload)
    return await wait(source, pending, interval=interval, attempts=attempts)


async def lock(
    source: Source, vin: str, *, interval: float = 1.0, attempts: int = 120
) -> CommandStatus:
    """Lock the car."""
    return await _run(
        source, vin, "LOCK", {"spin": None}, interval=interval, attempts=attempts
    )


def spin_hash(spin: str, challenge: str) -> str:
    """Return the UNLOCK hash: uppercase hex of sha512(bytes.fromhex(spin + challenge)).

    Raises:
        ValueError: The S-PIN is not digits (the message never shows it).
        InvalidResponse: The challenge is not hex.
    """
    if not spin.isdigit() or not spin.isascii():
        raise ValueError("the S-PIN must consist of digits")
    try:
        raw = bytes.fromhex(spin + challenge)
    except ValueError as err:
        raise InvalidResponse("S-PIN challenge is not hexadecimal") from err
    return hashlib.sha512(raw).hexdigest().upper()


async def unlock(
    source: Source,
    vin: str,
    spin: str,
    *,
    interval: float = 1.0,
    attempts: int = 120,
) -> CommandStatus:
    """Unlock the car with the S-PIN: ``SPIN_CHALLENGE``, then ``UNLOCK`` with the hash."""
    if not spin.isdigit() or not spin.isascii():
        raise ValueError("the S-PIN must consist of digits")
    pending = await send_command(source, vin, "SPIN_CHALLENGE", {"spin": None})
    challenge = pending.challenge
    if challenge is None or pending.result != "PERFORMED":
        status = await wait(source, pending, interval=interval, attempts=attempts)
        challenge = status.challenge or challenge
    if not challenge:
        raise InvalidResponse("SPIN_CHALLENGE: no challenge in the answer")
    spin_payload = {"challenge": challenge, "hash": spin_hash(spin, challenge)}
    return await _run(
        source,
        vin,
        "UNLOCK",
        {"spin": spin_payload},
        interval=interval,
        attempts=attempts,
    )


async def honk_flash(
    source: Source,
    vin: str,
    mode: str = "FLASH",
    *,
    interval: float = 1.0,
    attempts: int = 120,
) -> CommandStatus:
    """Flash the lights (``FLASH``) or honk and flash (``HONK_AND_FLASH``)."""
    if mode not in HONK_FLASH_MODES:
        raise ValueError(f"mode must be one of {', '.join(HONK_FLASH_MODES)}")
    return await _run(
        source,
        vin,
        "HONK_FLASH",
        {"mode": mode, "spin": None},
        interval=interval,
        attempts=attempts,
    )


async def climatisation_start(
    source: Source,
    vin: str,
    celsius: float,
    zones: Mapping[str, bool] | None = None,
    *,
    interval: float = 1.0,
    attempts: int = 120,
) -> CommandStatus:
    """Start climatisation at ``celsius`` (sent in Kelvin).

    Args:
        source: A session or request data.
        vin: The car.
        celsius: Target temperature in °C (the car's range is in the capabilities).
        zones: Seat zones to include, by ``front_left``… or ``frontLeft``… names;
            zones not given are off.
        interval: Seconds between status polls.
        attempts: Polls before giving up.
    """
    enabled = dict.fromkeys(_ZONE_NAMES.values(), False)
    for name, on in (zones or {}).items():
        api_name = _ZONE_NAMES.get(name, name)
        if api_name not in enabled:
            raise ValueError(f"unknown climate zone {name!r}")
        enabled[api_name] = bool(on)
    payload = {
        "targetTemperature": round(float(celsius) + 273.15, 2),
        "climateZonesEnabled": enabled,
        "spin": None,
    }
    return await _run(
        source,
        vin,
        "REMOTE_CLIMATIZER_START",
        payload,
        interval=interval,
        attempts=attempts,
    )


async def climatisation_stop(
    source: Source, vin: str, *, interval: float = 1.0, attempts: int = 120
) -> CommandStatus:
    """Stop climatisation."""
    return await _run(
        source, vin, "REMOTE_CLIMATIZER_STOP", {}, interval=interval, attempts=attempts
    )


async def direct_charging(
    source: Source,
    vin: str,
    on: bool,
    *,
    interval: float = 1.0,
    attempts: int = 120,
) -> CommandStatus:
    """Switch direct charging on or off."""
    key = "DIRECT_CHARGING_START" if on else "DIRECT_CHARGING_STOP"
    return await _run(
        source, vin, key, {"spin": None}, interval=interval, attempts=attempts
    )


async def set_target_soc(
    source: Source,
    vin: str,
    percent: int,
    *,
    interval: float = 1.0,
    attempts: int = 120,
) -> CommandStatus:
    """Set the target state of charge (cars with departures): 25-100 %."""
    low, high = TARGET_SOC_RANGE
    if isinstance(percent, bool) or not low <= int(percent) <= high:
        raise ValueError(f"target state of charge must be {low}..{high} %")
    return await _run(
        source,
        vin,
        "CHARGING_SETTINGS_EDIT",
        {"targetSoc": int(percent), "spin": None},
        interval=interval,
        attempts=attempts,
    )


def _same_id(value: Any, profile_id: int) -> bool:
    if isinstance(value, bool):
        return False
    if isinstance(value, int):
        return value == profile_id
    return isinstance(value, str) and value.strip() == str(profile_id)


async def set_charging_profile(
    source: Source,
    vin: str,
    profile_id: int,
    changes: Mapping[str, Any],
    *,
    current: Sequence[Mapping[str, Any]] | None = None,
    interval: float = 1.0,
    attempts: int = 120,
) -> CommandStatus:
    """Edit one charging profile by id and send the whole list (others unchanged).

    Args:
        source: A session or request data.
        vin: The car.
        profile_id: The ``id`` of the profile to edit.
        changes: Fields to set, in the API's names (e.g. ``{"minSoc": 40}``).
        current: The current list as received (e.g. ``[p.raw for p in
            overview.charging_profiles.profiles]``); ``None`` reads it first.
        interval: Seconds between status polls.
        attempts: Polls before giving up.

    Raises:
        ValueError: No profile has ``profile_id``.
        InvalidResponse: The car reports no charging profiles.
    """
    if current is None:
        stored = await overview(source, vin, measurements=("CHARGING_PROFILES",))
        value = stored.value("CHARGING_PROFILES")
        entries = value.get("list") if value is not None else None
        if not isinstance(entries, list):
            raise InvalidResponse("charging profiles are not available")
        current = [entry for entry in entries if isinstance(entry, Mapping)]
    edited: list[dict[str, Any]] = []
    found = False
    for entry in current:
        profile = dict(entry)
        if _same_id(profile.get("id"), profile_id):
            profile.update(changes)
            found = True
        edited.append(profile)
    if not found:
        raise ValueError(f"no charging profile with id {profile_id}")
    return await _run(
        source,
        vin,
        "CHARGING_PROFILES_EDIT",
        {"list": edited},
        interval=interval,
        attempts=attempts,
    )


async def set_timers(
    source: Source,
    vin: str,
    timers: Sequence[Mapping[str, Any]],
    *,
    key: str = "TIMERS_EDIT",
    interval: float = 1.0,
    attempts: int = 120,
) -> CommandStatus:
    """Send the edited timer (or departure, with ``key="DEPARTURES_EDIT"``) list."""
    payload = {"list": [dict(timer) for timer in timers]}
    return await _run(source, vin, key, payload, interval=interval, attempts=attempts)
