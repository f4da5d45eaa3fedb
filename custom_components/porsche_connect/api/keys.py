"""The measurement and command keys a client asks for (section 3 of the reference)."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Final

OPENINGS: Final = (
    "DOOR_FRONT_LEFT",
    "DOOR_FRONT_RIGHT",
    "DOOR_REAR_LEFT",
    "DOOR_REAR_RIGHT",
    "LID_FRONT",
    "LID_REAR",
    "SUNROOF",
    "SUNROOF_REAR",
    "TOP",
    "SPOILER",
    "SERVICE_FLAP",
    "WINDOW_FRONT_LEFT",
    "WINDOW_FRONT_RIGHT",
    "WINDOW_REAR_LEFT",
    "WINDOW_REAR_RIGHT",
    "CHARGE_FLAP_LEFT",
    "CHARGE_FLAP_RIGHT",
)

ALL_MEASUREMENTS: Final = (
    "ALARM_STATE",
    "BATTERY_CONDITION",
    "BATTERY_LEVEL",
    "BEM_LEVEL",
    "CHARGING_PROFILES",
    "CHARGING_RATE",
    "CHARGING_SESSION",
    "CHARGING_SETTINGS",
    "CHARGING_SUMMARY",
    "CLIMATIZER_STATE",
    "CONNECT_CONTRACT",
    "DEPARTURES",
    "DIRECT_CHARGING",
    "E_RANGE",
    "FUEL_LEVEL",
    "FUEL_RESERVE",
    "GLOBAL_PRIVACY_MODE",
    "GLOBAL_TIMESTAMP",
    "GPS_LOCATION",
    "HVAC_SUMMARY",
    "INTERMEDIATE_SERVICE_RANGE",
    "INTERMEDIATE_SERVICE_TIME",
    "LOCK_STATE_VEHICLE",
    "MAIN_SERVICE_RANGE",
    "MAIN_SERVICE_TIME",
    "MILEAGE",
    "OIL_LEVEL_CURRENT",
    "OIL_LEVEL_MAX",
    "OIL_LEVEL_MIN_WARNING",
    "OIL_SERVICE_RANGE",
    "OIL_SERVICE_TIME",
    *(f"OPEN_STATE_{name}" for name in OPENINGS),
    "PARKING_BRAKE",
    "PARKING_LIGHT",
    "RANGE",
    "REMOTE_ACCESS_AUTHORIZATION",
    "SERVICE_PREDICTIONS",
    "THEFT_STATE",
    "TIMERS",
    "TIMEZONE",
    "TIRE_PRESSURE",
    "TIRE_PRESSURE_FRONT_LEFT",
    "TIRE_PRESSURE_FRONT_RIGHT",
    "TIRE_PRESSURE_REAR_LEFT",
    "TIRE_PRESSURE_REAR_RIGHT",
)
"""Every measurement of a stored-overview poll (old and new names; no trips, no pairing
code: the pairing code is a secret the integration has no use for)."""

TRIP_MEASUREMENT: Final = "TRIP_STATISTICS_CYCLIC"

ALL_COMMANDS: Final = (
    "HONK_FLASH",
    "LOCK",
    "UNLOCK",
    "SPIN_CHALLENGE",
    "REMOTE_CLIMATIZER_START",
    "REMOTE_CLIMATIZER_STOP",
    "DIRECT_CHARGING_START",
    "DIRECT_CHARGING_STOP",
    "CHARGING_SETTINGS_EDIT",
    "CHARGING_PROFILES_EDIT",
    "TIMERS_EDIT",
    "DEPARTURES_EDIT",
    "TIMERS_DISABLE",
    "REMOTE_HEATING_START",
    "REMOTE_HEATING_STOP",
    "REMOTE_ACV_START",
    "REMOTE_ACV_STOP",
    "CHARGING_START",
    "CHARGING_STOP",
    "TRUNK_UNLOCK",
    "WINDOWS_SUNROOF_OPEN",
    "WINDOWS_SUNROOF_CLOSE",
    "WINDOWS_SUNROOF_VENT",
)
"""Every command key the reference names (for ``cf=`` capability requests)."""


def measurement_params(keys: Iterable[str], name: str = "mf") -> list[tuple[str, str]]:
    """Return ``[(name, key), …]`` without duplicates, order kept."""
    return [(name, key) for key in dict.fromkeys(keys)]
